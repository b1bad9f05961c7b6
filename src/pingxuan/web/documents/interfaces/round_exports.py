"""The documents of a unit's 差额 round as downloads (PDF or Word), named
``{unit}-{award}-{document}.{ext}``; the views hand the result to ``exports.download``."""

from __future__ import annotations

from pingxuan.core.documents.filenames import document_filename
from pingxuan.core.documents.procedure_word import procedure_docx
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.documents.domain.rounds import unit_round_document
from pingxuan.web.documents.interfaces.exports import DOCX, PDF, Export
from pingxuan.web.documents.interfaces.procedure_files import procedure_pdf
from pingxuan.web.rounds.models import Round

FORMATS = (PDF, DOCX)


def round_export(campaign: Campaign, stored: Round, kind: str, fmt: str) -> Export:
    doc = unit_round_document(campaign, stored, kind)
    content = procedure_pdf(doc) if fmt == PDF else procedure_docx(doc)
    return Export(document_filename(stored.unit.name, stored.award, doc.name, fmt), content)
