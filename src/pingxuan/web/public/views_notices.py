"""Public notice pages (no login): the published notices of a campaign, and one notice with only
what 三（三）1 lets it show. A draft or withdrawn notice does not exist here (404)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.notices.domain.notices import (
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
    for item in items:
        item.level_name = level_name(campaign, item.level)  # type: ignore[attr-defined]
    return render(request, "public/notice_list.html", {"campaign": campaign, "notices": items})


@require_GET
def notice(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    item = get_object_or_404(published_notices(campaign), pk=pk)
    view = notice_view(item)
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
        },
    )
