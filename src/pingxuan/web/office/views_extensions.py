"""/office/<slug>/extensions/: the deadlines in force, the extensions granted (延期), and the form
that grants one to a unit or the whole campaign through ``grant_extension``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from pingxuan.web.campaigns.domain.deadlines import (
    ExtensionRefused,
    deadline_lines,
    grant_extension,
    moment,
)
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Extension
from pingxuan.web.notices.domain.calendar import unknown_years
from pingxuan.web.office.access import CityAccess, city_access
from pingxuan.web.office.forms_extensions import ExtensionForm


def _page(
    request: HttpRequest,
    access: CityAccess,
    form: ExtensionForm,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    campaign = access.campaign
    spec = campaign_spec(campaign)
    labels = {d.key: d.label for d in spec.deadlines}
    granted = [
        {
            "deadline": labels.get(e.deadline, e.deadline),
            "unit": e.unit.name if e.unit else _("全部推荐单位"),
            "at": moment(spec, e.new_at),
            "reason": e.reason,
            "by": e.granted_by.get_username(),
            "granted_at": moment(spec, e.granted_at),
        }
        for e in Extension.objects.filter(campaign=campaign)
        .select_related("unit", "granted_by")
        .order_by("-granted_at", "-pk")
    ]
    return render(
        request,
        "office/extensions.html",
        {
            "campaign": campaign,
            "section": "extensions",
            "deadlines": deadline_lines(campaign, None, timezone.now()),
            "granted": granted,
            "unknown_years": [
                year.warning(spec.campaign.admin_name) for year in unknown_years(campaign)
            ],
            "form": form,
            "error": error,
        },
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def extensions(request: HttpRequest, slug: str) -> HttpResponse:
    access = city_access(request, slug)
    spec = campaign_spec(access.campaign)
    if request.method == "GET":
        return _page(request, access, ExtensionForm(campaign=access.campaign, spec=spec))
    form = ExtensionForm(request.POST, campaign=access.campaign, spec=spec)
    if not form.is_valid():
        return _page(request, access, form, status=400)
    data = form.cleaned_data
    unit = form.chosen_unit()
    try:
        grant_extension(
            access.campaign,
            deadline_key=data["deadline"],
            unit=unit,
            new_at=data["new_at"],
            reason=data["reason"],
            actor=request.user,
            role=access.role,
        )
    except ExtensionRefused as refusal:
        return _page(request, access, form, error=str(refusal), status=400)
    messages.success(
        request,
        _("已延期：%(unit)s的截止时间延至%(at)s。")
        % {"unit": unit.name if unit else _("全部推荐单位"), "at": moment(spec, data["new_at"])},
    )
    return redirect("office:extensions", slug=slug)
