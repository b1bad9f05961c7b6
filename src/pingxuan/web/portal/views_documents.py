"""/portal/<slug>/documents/: the unit's documents to print, sign and seal — its 汇总表 per award,
the forms of each of its nominations, its published notices, the documents of its own procedure
(工作情况报告, 脱密承诺书, 职代会决议, 公示情况说明). Each button starts a background job (the
unit's own, scoped to it); the job page offers the file, each download audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from pingxuan.core.documents.procedure import NAMES as PROCEDURE_NAMES
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.documents.domain.catalogue import (
    PROCEDURE_DOCUMENTS,
    SHEETS,
    nominations_by_award,
    unit_notices,
)
from pingxuan.web.documents.domain.sheets import SHEET_NAMES
from pingxuan.web.documents.interfaces.targets import NOTICE, PROCEDURE, SHEET, SUMMARY
from pingxuan.web.documents.views import start_document
from pingxuan.web.portal.access import unit_access
from pingxuan.web.portal.forms import award_for_subject


@login_required
@require_GET
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    access = unit_access(request, slug)
    catalogue = nominations_by_award(access.campaign, access.unit)
    return render(
        request,
        "portal/documents.html",
        {
            "access": access,
            "campaign": access.campaign,
            "unit": access.unit,
            "awards": campaign_spec(access.campaign).awards,
            "catalogue": catalogue,
            "sheets": SHEETS,
            "notices": unit_notices(access.campaign, access.unit),
            "procedure_documents": PROCEDURE_DOCUMENTS,
        },
    )


@login_required
@require_POST
def summary(request: HttpRequest, slug: str, subject: str) -> HttpResponse:
    access = unit_access(request, slug)
    award = award_for_subject(campaign_spec(access.campaign), subject)
    if award is None:
        raise Http404
    return start_document(
        request,
        campaign=access.campaign,
        unit=access.unit,
        role=access.role,
        doc=SUMMARY,
        subject=award.subject,
    )


@login_required
@require_POST
def sheet(request: HttpRequest, slug: str, pk: int, kind: str) -> HttpResponse:
    access = unit_access(request, slug)
    if kind not in SHEET_NAMES:
        raise Http404
    nomination = access.nomination(pk)
    return start_document(
        request,
        campaign=access.campaign,
        unit=access.unit,
        role=access.role,
        doc=SHEET,
        pk=nomination.pk,
        kind=kind,
    )


@login_required
@require_POST
def notice(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = unit_access(request, slug)
    item = get_object_or_404(unit_notices(access.campaign, access.unit), pk=pk)
    return start_document(
        request,
        campaign=access.campaign,
        unit=access.unit,
        role=access.role,
        doc=NOTICE,
        pk=item.pk,
    )


@login_required
@require_POST
def procedure(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    access = unit_access(request, slug)
    if kind not in PROCEDURE_NAMES:
        raise Http404
    return start_document(
        request,
        campaign=access.campaign,
        unit=access.unit,
        role=access.role,
        doc=PROCEDURE,
        kind=kind,
    )
