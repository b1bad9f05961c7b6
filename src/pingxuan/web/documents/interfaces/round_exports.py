"""The documents of a unit's 差额 round as downloads (PDF or Word), named
``{unit}-{award}-{document}.{ext}``, served by ``round_download`` through ``exports.download``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from pingxuan.core.documents.filenames import document_filename
from pingxuan.core.documents.procedure_word import procedure_docx
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.documents.domain.rounds import unit_round_document
from pingxuan.web.documents.interfaces.exports import DOCX, PDF, Export, download
from pingxuan.web.documents.interfaces.procedure_files import procedure_pdf
from pingxuan.web.rounds.models import Round

FORMATS = (PDF, DOCX)


def round_export(campaign: Campaign, stored: Round, kind: str, fmt: str) -> Export:
    doc = unit_round_document(campaign, stored, kind)
    content = procedure_pdf(doc) if fmt == PDF else procedure_docx(doc)
    return Export(document_filename(stored.unit.name, stored.award, doc.name, fmt), content)


def round_download(
    request: HttpRequest, campaign: Campaign, stored: Round, kind: str, *, role: str
) -> HttpResponse:
    """A round's document straight in the request: a round holds a few dozen candidates at most,
    so its files take well under a second and need no background job (``?format=`` among
    ``FORMATS``, the first when absent; anything else does not exist). Audited by ``download``."""
    fmt = request.GET.get("format") or FORMATS[0]
    if fmt not in FORMATS:
        raise Http404
    return download(
        round_export(campaign, stored, kind, fmt),
        actor=request.user,
        role=role,
        campaign=campaign,
        unit_name=stored.unit.name,
        obj=stored,
    )
