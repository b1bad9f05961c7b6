"""Public notice pages (no login): the published notices of a campaign, and one notice with only
what 三（三）1 lets it show, as it was frozen on publication and without a 涉敏 row (the PUBLIC
audience). A 更正公示 says what it corrects and what changed; a corrected notice says so. A
draft or withdrawn notice does not exist here (404)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.notices.domain.content import correction_changes
from pingxuan.web.notices.domain.notices import (
    Audience,
    corrections_of,
    level_name,
    notice_view,
    period_days,
    published_notices,
    publisher,
)


@require_GET
def notices(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    items = list(published_notices(campaign).order_by("-start", "pk"))
    corrected = set(
        published_notices(campaign)
        .filter(corrects__isnull=False)
        .values_list("corrects_id", flat=True)
    )
    for item in items:
        item.level_name = level_name(campaign, item.level)  # type: ignore[attr-defined]
        item.corrected = item.pk in corrected  # type: ignore[attr-defined]
    return render(request, "public/notice_list.html", {"campaign": campaign, "notices": items})


@require_GET
def notice(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    item = get_object_or_404(published_notices(campaign), pk=pk)
    view = notice_view(item, Audience.PUBLIC)
    return render(
        request,
        "public/notice_detail.html",
        {
            "campaign": campaign,
            "notice": item,
            "level_name": level_name(campaign, item.level),
            "publisher": publisher(item),
            # Only the tables: the core's blocked list is for the office, never the public.
            "tables": view.tables,
            "days": period_days(item),
            "corrections": list(corrections_of(item)),
            "changes": correction_changes(item, Audience.PUBLIC),
        },
    )
