"""/office/<slug>/documents/: every document of the campaign — the 汇总表 per award city-wide
(made by the background worker) and per unit, each unit's procedure documents, each nomination's
forms, every notice, the final list and the draft 表彰决定. Every one is written by the background
worker: a button starts the job, the job page offers the file, each download audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.documents.domain.catalogue import (
    PROCEDURE_DOCUMENTS,
    SHEETS,
    city_notices,
    nominations_by_award,
    organiser_notices,
)
from pingxuan.web.documents.domain.sheets import SHEET_NAMES
from pingxuan.web.documents.interfaces.exports import PDF, XLSX
from pingxuan.web.documents.interfaces.targets import (
    DECISION,
    FINAL_LIST,
    NOTICE,
    NOTICE_STATEMENT,
    PROCEDURE,
    SHEET,
    SUMMARY,
)
from pingxuan.web.documents.views import start_document
from pingxuan.web.finals.domain.content import current_list
from pingxuan.web.finals.models import FinalList
from pingxuan.web.jobs.domain import start_job
from pingxuan.web.jobs.enums import JobKind
from pingxuan.web.notices.domain.notices import level_name
from pingxuan.web.office.access import city_access
from pingxuan.web.portal.forms import award_for_subject


@login_required
@require_GET
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    access = city_access(request, slug)
    campaign = access.campaign
    notices = list(city_notices(campaign))
    stated = set(organiser_notices(campaign).values_list("pk", flat=True))
    for item in notices:
        item.level_name = level_name(campaign, item.level)  # type: ignore[attr-defined]
        item.has_statement = item.pk in stated  # type: ignore[attr-defined]
    return render(
        request,
        "office/documents.html",
        {
            "campaign": campaign,
            "section": "documents",
            "awards": campaign_spec(campaign).awards,
            "units": campaign.units.order_by("position", "pk"),
            "catalogue": nominations_by_award(campaign),
            "sheets": SHEETS,
            "notices": notices,
            "procedure_documents": PROCEDURE_DOCUMENTS,
        },
    )


@login_required
@require_POST
def unit_summary(request: HttpRequest, slug: str, subject: str, pk: int) -> HttpResponse:
    access = city_access(request, slug)
    unit = access.unit(pk)
    award = award_for_subject(campaign_spec(access.campaign), subject)
    if award is None:
        raise Http404
    return start_document(
        request,
        campaign=access.campaign,
        unit=None,
        role=access.role,
        doc=SUMMARY,
        pk=unit.pk,
        subject=award.subject,
    )


@login_required
@require_http_methods(["GET", "POST"])
def city_summary(request: HttpRequest, slug: str, subject: str) -> HttpResponse:
    """The city's table of one award: every unit's rows, so the background worker writes it
    (``pingxuan.web.jobs``). GET shows the button; POST starts the job and goes to its page."""
    access = city_access(request, slug)
    award = award_for_subject(campaign_spec(access.campaign), subject)
    if award is None:
        raise Http404
    if request.method == "GET":
        return render(
            request,
            "office/city_summary.html",
            {"campaign": access.campaign, "section": "documents", "award": award},
        )
    fmt = request.POST.get("format", XLSX)
    if fmt not in (XLSX, PDF):
        raise Http404
    job = start_job(
        campaign=access.campaign,
        unit=None,
        kind=JobKind.CITY_SUMMARY,
        params={"subject": award.subject, "format": fmt},
        actor=request.user,
        role=access.role,
    )
    return redirect("jobs:job", pk=job.pk)


@login_required
@require_POST
def sheet(request: HttpRequest, slug: str, pk: int, kind: str) -> HttpResponse:
    access = city_access(request, slug)
    if kind not in SHEET_NAMES:
        raise Http404
    nomination = access.nomination(pk)
    return start_document(
        request,
        campaign=access.campaign,
        unit=None,
        role=access.role,
        doc=SHEET,
        pk=nomination.pk,
        kind=kind,
    )


@login_required
@require_POST
def notice(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = city_access(request, slug)
    item = get_object_or_404(city_notices(access.campaign), pk=pk)
    return start_document(
        request, campaign=access.campaign, unit=None, role=access.role, doc=NOTICE, pk=item.pk
    )


@login_required
@require_POST
def notice_statement(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The organiser's 公示情况说明 of its own published notice (for the level above)."""
    access = city_access(request, slug)
    item = get_object_or_404(organiser_notices(access.campaign), pk=pk)
    return start_document(
        request,
        campaign=access.campaign,
        unit=None,
        role=access.role,
        doc=NOTICE_STATEMENT,
        pk=item.pk,
    )


@login_required
@require_POST
def final_list(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """The final list: the released one named, else the current one (released or the draft),
    fixed when the button is pressed, not when the worker gets to it."""
    access = city_access(request, slug)
    return start_document(
        request,
        campaign=access.campaign,
        unit=None,
        role=access.role,
        doc=FINAL_LIST,
        **_released(access.campaign, pk),
    )


@login_required
@require_POST
def decision(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """The 表彰决定: the 印发稿 of the released list named or the current one, else the draft."""
    access = city_access(request, slug)
    return start_document(
        request,
        campaign=access.campaign,
        unit=None,
        role=access.role,
        doc=DECISION,
        **_released(access.campaign, pk),
    )


def _released(campaign: Campaign, pk: int | None) -> dict[str, int]:
    if pk is not None:
        return {"pk": get_object_or_404(FinalList, campaign=campaign, pk=pk).pk}
    current = current_list(campaign)
    return {"pk": current.pk} if current is not None else {}


@login_required
@require_POST
def procedure(request: HttpRequest, slug: str, pk: int, kind: str) -> HttpResponse:
    """A unit's procedure document, as the unit itself would print it."""
    access = city_access(request, slug)
    unit = access.unit(pk)
    if kind not in {known for known, _, _ in PROCEDURE_DOCUMENTS}:
        raise Http404
    return start_document(
        request,
        campaign=access.campaign,
        unit=None,
        role=access.role,
        doc=PROCEDURE,
        pk=unit.pk,
        kind=kind,
    )
