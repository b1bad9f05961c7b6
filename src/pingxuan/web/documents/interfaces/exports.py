"""Every downloadable document: which file, under which Chinese name, written from which data.
Views ask here and hand the result to ``download``, which audits it and names the file for the
browser (RFC 5987), so no view builds a file or a file name itself."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from pingxuan.core.documents.filenames import document_filename
from pingxuan.core.documents.procedure_word import procedure_docx
from pingxuan.core.findings import RowRef
from pingxuan.core.nominations import NominationBuilder
from pingxuan.core.select.output import write_selection_workbook
from pingxuan.core.spec.models import Award
from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.documents.domain import lists
from pingxuan.web.documents.domain.notice_doc import notice_document
from pingxuan.web.documents.domain.procedure import (
    organiser_statement_document,
    unit_procedure_document,
)
from pingxuan.web.documents.domain.sheets import SHEET_NAMES, nomination_sheet
from pingxuan.web.documents.domain.summary import summary_of
from pingxuan.web.documents.interfaces import (
    official_files,
    procedure_files,
    sheet_files,
    summary_files,
)
from pingxuan.web.finals.domain.content import FinalView, current_view, frozen_view
from pingxuan.web.finals.models import FinalList
from pingxuan.web.nominations.domain.importing import filled_file_name, filled_workbook
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.notices import level_name
from pingxuan.web.notices.models import Notice

PDF, DOCX, XLSX = "pdf", "docx", "xlsx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SUMMARY = "汇总表"


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.filename.rsplit(".", 1)[-1]]


def _pick(fmt: str, writers: dict[str, Callable[[], bytes]]) -> bytes:
    return writers[fmt]()


# ── the documents ───────────────────────────────────────────────────────────────────────────


def nomination_export(nomination: Nomination, kind: str, fmt: str) -> Export:
    """简表, 推荐审批表 or 有关部门签署意见表 of one nomination."""
    sheet = nomination_sheet(nomination, kind)
    content = _pick(
        fmt,
        {PDF: lambda: sheet_files.sheet_pdf(sheet), DOCX: lambda: sheet_files.sheet_docx(sheet)},
    )
    name = document_filename(
        nomination.unit.name, nomination.award, f"{sheet.name}-{SHEET_NAMES[kind]}", fmt
    )
    return Export(name, content)


def notice_export(notice: Notice, fmt: str) -> Export:
    doc = notice_document(notice)
    content = _pick(
        fmt,
        {
            PDF: lambda: official_files.notice_pdf(doc),
            DOCX: lambda: official_files.notice_docx(doc),
        },
    )
    who = notice.unit.name if notice.unit else _whole(notice.campaign)
    return Export(document_filename(who, doc.level, doc.title, fmt), content)


def notice_statement_export(notice: Notice, fmt: str) -> Export:
    """The organiser's 公示情况说明 of its own notice (Word or PDF)."""
    doc = organiser_statement_document(notice)
    content = _pick(
        fmt,
        {DOCX: lambda: procedure_docx(doc), PDF: lambda: procedure_files.procedure_pdf(doc)},
    )
    name = document_filename(
        _whole(notice.campaign), level_name(notice.campaign, notice.level), doc.name, fmt
    )
    return Export(name, content)


def _whole(campaign: Campaign) -> str:
    """Whose file a campaign-wide document is: 全市 (the spec's ``campaign.whole_name``)."""
    return campaign_spec(campaign).campaign.whole_name


def _final_view(campaign: Campaign, final_list: FinalList | None) -> FinalView:
    """A released list as it was released, or the campaign's current list (else the draft)."""
    return frozen_view(final_list) if final_list is not None else current_view(campaign)


def final_list_workbook(campaign: Campaign, view: FinalView) -> bytes:
    """The list's rows as the exchange workbook ``pingxuan check --stage final`` reads: each
    line's workbook texts, as frozen, in the list's order."""
    spec = campaign_spec(campaign)
    builders = {award.name: NominationBuilder(spec, award) for award in spec.awards}
    rows = [
        builders[line.award].build(RowRef(line.award, position), line.cells)
        for position, line in enumerate(view.lines, start=1)
        if line.award in builders
    ]
    buffer = io.BytesIO()
    write_selection_workbook(spec, rows, buffer)
    return buffer.getvalue()


def final_list_export(campaign: Campaign, fmt: str, final_list: FinalList | None = None) -> Export:
    """The final list printed (PDF, DOCX) or as the exchange workbook (XLSX) that
    ``pingxuan check --stage final`` reads: all from one ``FinalView``, as the page shows it."""
    view = _final_view(campaign, final_list)
    doc = lists.final_list_document(view)
    content = _pick(
        fmt,
        {
            PDF: lambda: official_files.final_list_pdf(doc),
            DOCX: lambda: official_files.final_list_docx(doc),
            XLSX: lambda: final_list_workbook(campaign, view),
        },
    )
    name = f"最终名单（{view.released.number}）" if view.released else "最终名单（草稿）"
    return Export(document_filename(_whole(campaign), "全部奖项", name, fmt), content)


def decision_export(campaign: Campaign, fmt: str, final_list: FinalList | None = None) -> Export:
    view = _final_view(campaign, final_list)
    decision = lists.decision_of(view)
    content = _pick(
        fmt,
        {
            PDF: lambda: official_files.decision_pdf(decision),
            DOCX: lambda: official_files.decision_docx(decision),
        },
    )
    name = f"表彰决定（{decision.number}）" if decision.number else "表彰决定（草稿）"
    return Export(document_filename(_whole(campaign), "全部奖项", name, fmt), content)


def summary_export(campaign: Campaign, award: Award, unit: Unit | None, fmt: str) -> Export:
    """推荐对象情况汇总表 of one award, for a unit or the whole city."""
    table = summary_of(campaign, award, unit)

    def xlsx() -> bytes:
        buffer = io.BytesIO()
        summary_files.write_xlsx(table, buffer)
        return buffer.getvalue()

    content = _pick(fmt, {PDF: lambda: summary_files.summary_pdf(table), XLSX: xlsx})
    who = unit.name if unit else _whole(campaign)
    return Export(document_filename(who, award.name, SUMMARY, fmt), content)


def exchange_export(campaign: Campaign, unit: Unit) -> Export:
    """本单位已填数据（交换工作簿）: the unit's exchange workbook with its current nominations."""
    return Export(filled_file_name(unit), filled_workbook(campaign, unit))


def procedure_export(campaign: Campaign, unit: Unit, kind: str) -> Export:
    """推荐评选工作情况报告, 脱密情况承诺书, 职代会审议决议 or 公示情况说明 of one unit (Word)."""
    doc = unit_procedure_document(campaign, unit, kind)
    return Export(document_filename(unit.name, "全部奖项", doc.name, DOCX), procedure_docx(doc))


# ── the response ────────────────────────────────────────────────────────────────────────────


def download(
    export: Export,
    *,
    actor: Any,
    role: str,
    campaign: Campaign,
    unit_name: str = "",
    obj: Any = None,
) -> HttpResponse:
    """The file as an attachment under its Chinese name, after the audit row of who took it."""
    record(
        "document.export",
        actor=actor,
        role=role,
        campaign=campaign,
        unit_name=unit_name,
        obj=obj,
        changes={"文件": [None, export.filename]},
    )
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export.filename)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
