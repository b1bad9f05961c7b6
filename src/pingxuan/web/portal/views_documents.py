"""/portal/<slug>/documents/: the unit's documents to print, sign and seal — its 汇总表 per award,
the forms of each of its nominations, its published notices, the documents of its own procedure
(工作情况报告, 脱密承诺书, 职代会决议, 公示情况说明) — each download audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from pingxuan.core.documents.procedure import NAMES as PROCEDURE_NAMES
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.documents.domain.catalogue import (
    PROCEDURE_DOCUMENTS,
    SHEETS,
    nominations_by_award,
    unit_notices,
)
from pingxuan.web.documents.domain.sheets import SHEET_NAMES
from pingxuan.web.documents.interfaces.exports import (
    DOCX,
    PDF,
    XLSX,
    nomination_export,
    notice_export,
    procedure_export,
    summary_export,
)
from pingxuan.web.documents.views import chosen_format, serve
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
@require_GET
def summary(request: HttpRequest, slug: str, subject: str) -> HttpResponse:
    access = unit_access(request, slug)
    award = award_for_subject(campaign_spec(access.campaign), subject)
    if award is None:
        raise Http404
    fmt = chosen_format(request, (XLSX, PDF))
    return serve(
        request,
        lambda: summary_export(access.campaign, award, access.unit, fmt),
        role=access.role,
        campaign=access.campaign,
        unit_name=access.unit.name,
        obj=access.unit,
    )


@login_required
@require_GET
def sheet(request: HttpRequest, slug: str, pk: int, kind: str) -> HttpResponse:
    access = unit_access(request, slug)
    if kind not in SHEET_NAMES:
        raise Http404
    nomination = access.nomination(pk)
    fmt = chosen_format(request, (PDF, DOCX))
    return serve(
        request,
        lambda: nomination_export(nomination, kind, fmt),
        role=access.role,
        campaign=access.campaign,
        unit_name=access.unit.name,
        obj=nomination,
    )


@login_required
@require_GET
def notice(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = unit_access(request, slug)
    item = get_object_or_404(unit_notices(access.campaign, access.unit), pk=pk)
    fmt = chosen_format(request, (PDF, DOCX))
    return serve(
        request,
        lambda: notice_export(item, fmt),
        role=access.role,
        campaign=access.campaign,
        unit_name=access.unit.name,
        obj=item,
    )


@login_required
@require_GET
def procedure(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    access = unit_access(request, slug)
    if kind not in PROCEDURE_NAMES:
        raise Http404
    return serve(
        request,
        lambda: procedure_export(access.campaign, access.unit, kind),
        role=access.role,
        campaign=access.campaign,
        unit_name=access.unit.name,
        obj=access.unit,
    )
