"""The per-nomination forms as files: PDF (A4, the 审批表 A3 landscape) and Word, both from one
``Sheet`` and, for the 简表 and the 审批表, one ``FormLayout`` (what the front page shows and what
goes on the 续页)."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt

from pingxuan.core.documents import word
from pingxuan.core.documents.flow import paragraphs
from pingxuan.web.documents.domain.form_layout import CELL, FormLayout, layout
from pingxuan.web.documents.domain.sheets import APPROVAL, BRIEF, OPINIONS, Sheet
from pingxuan.web.documents.interfaces.pdf import render_pdf

TEMPLATES = {
    BRIEF: "documents/brief.html",
    APPROVAL: "documents/approval.html",
    OPINIONS: "documents/opinions.html",
}


WHO = {"person": "姓名", "organisation": "单位名称", "team": "集体名称"}


def _pairs(facts: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The facts two to a line, as the paper forms set them."""
    return [facts[index : index + 2] for index in range(0, len(facts), 2)]


def _layout(sheet: Sheet) -> FormLayout | None:
    return None if sheet.kind == OPINIONS else layout(sheet)


def _context(sheet: Sheet) -> dict[str, Any]:
    form = _layout(sheet)
    pairs = _pairs(form.facts if form else sheet.facts)
    return {
        "sheet": sheet,
        "layout": form,
        "pairs": pairs,
        "photo_rows": len(pairs),
        "photo_uri": sheet.photo.as_uri() if sheet.photo else "",
        "who_label": WHO[sheet.subject],
        "running_head": form.running_head if form else "",
        "continued": [(label, paragraphs(text)) for label, text in form.continued] if form else [],
    }


def sheet_pdf(sheet: Sheet) -> bytes:
    return render_pdf(TEMPLATES[sheet.kind], _context(sheet))


# ── Word ────────────────────────────────────────────────────────────────────────────────────


def _facts_table(document: Any, form: FormLayout, width: float) -> None:
    sheet = form.sheet
    pairs = _pairs(form.facts)
    photo = sheet.wants_photo
    label, picture = width * 0.16, width * 0.20 if photo else 0.0
    value = (width - 2 * label - picture) / 2
    widths = [label, value, label, value] + ([picture] if photo else [])
    extra = ["推荐单位", "贡献领域", "曾获荣誉"]
    grid = word.table(document, len(pairs) + len(extra), len(widths), widths)
    for index, pair in enumerate(pairs):
        cells = grid.rows[index].cells
        for offset, (name, text) in enumerate(pair):
            word.fill(cells[offset * 2], name, center=True)
            word.fill(cells[offset * 2 + 1], text)
    if photo:
        box = grid.cell(0, 4).merge(grid.cell(len(pairs) - 1, 4))
        if sheet.photo:
            box.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            box.paragraphs[0].add_run().add_picture(str(sheet.photo), width=Mm(28))
        else:
            word.fill(box, "照片", center=True)
    values = {"推荐单位": form.unit, "贡献领域": form.areas, "曾获荣誉": form.honours}
    for index, name in enumerate(extra, start=len(pairs)):
        row = grid.rows[index].cells
        merged = row[1].merge(row[len(widths) - 1])
        word.fill(row[0], name, center=True)
        word.fill(merged, values[name])


def _opinion_facts(document: Any, sheet: Sheet, width: float) -> None:
    pairs = _pairs(sheet.facts)
    label = width * 0.16
    value = (width - 2 * label) / 2
    grid = word.table(document, len(pairs), 4, [label, value, label, value])
    for index, pair in enumerate(pairs):
        cells = grid.rows[index].cells
        for offset, (name, text) in enumerate(pair):
            word.fill(cells[offset * 2], name, center=True)
            word.fill(cells[offset * 2 + 1], text)


def _boxes(document: Any, sheet: Sheet, width: float, height: float) -> None:
    grid = word.table(document, len(sheet.boxes), 2, [width * 0.16, width * 0.84])
    for index, box in enumerate(sheet.boxes):
        cells = grid.rows[index].cells
        word.fill(cells[0], box.label, center=True)
        word.fill(cells[1], "\n\n\n" + box.seal + "\n年　　月　　日")
        for line in cells[1].paragraphs[-2:]:
            line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        word.row_height(grid, index, height)


def _exact_lines(cell: Any) -> None:
    """The deeds set at the PDF's line height, so the budget of ``form_layout`` holds in Word."""
    for paragraph in cell.paragraphs:
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = Pt(CELL.size_pt * CELL.line_height)


def _continuation(document: Any, form: FormLayout) -> None:
    """The 续页 after a page break: heading, nominee and unit, then each continued text under
    its label. On the A3 sheet it runs on in the sheet's two halves, as the PDF's does."""
    sheet = form.sheet
    word.page_break(document)
    word.title(document, form.continuation_title, size=18)
    who = f"{WHO[sheet.subject]}：{sheet.name}　　推荐单位：{sheet.unit}"
    word.paragraph(document, who, size=11)
    for label, text in form.continued:
        word.paragraph(document, label, font=word.HEADING_FONT)
        for line in paragraphs(text):
            item = word.paragraph(document, line)
            item.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            item.paragraph_format.line_spacing = Pt(12 * 1.6)
            item.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def _opinions_docx(sheet: Sheet) -> bytes:
    document = word.new_document()
    width = 210 - 38
    word.title(document, sheet.title, size=18)
    word.paragraph(document, f"推荐单位：{sheet.unit}　　　奖项：{sheet.award}")
    _opinion_facts(document, sheet, width)
    word.paragraph(document)
    grid = word.table(
        document, len(sheet.departments) + 1, 3, [width * 0.08, width * 0.24, width * 0.68]
    )
    for cell, text in zip(grid.rows[0].cells, ("序号", "部门", "意见（盖章）"), strict=True):
        word.fill(cell, text, center=True)
    for index, department in enumerate(sheet.departments, start=1):
        cells = grid.rows[index].cells
        word.fill(cells[0], str(index), center=True)
        word.fill(cells[1], department, center=True)
        word.fill(cells[2], "\n（盖章）　　年　　月　　日")
        cells[2].paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        word.row_height(grid, index, 22)
    word.paragraph(
        document,
        f"注：需签署意见的部门按通知三（三）2 及推荐对象的类型确定，"
        f"共 {len(sheet.departments)} 个。",
        size=10.5,
    )
    return word.to_bytes(document)


def sheet_docx(sheet: Sheet) -> bytes:
    if sheet.kind == OPINIONS:
        return _opinions_docx(sheet)
    form = layout(sheet)
    if sheet.kind == APPROVAL:
        document = word.new_document(paper=word.A3, landscape=True, margins=(15, 15, 15, 15))
        word.two_columns(document, gap_mm=14)
        width = (420 - 30 - 14) / 2
    else:
        document = word.new_document()
        width = 210 - 38
    word.title(document, sheet.title, size=18)
    word.paragraph(document, f"推荐单位（盖章）：{sheet.unit}　　　填表日期：　　年　　月　　日")
    _facts_table(document, form, width)
    deeds_label = "主要事迹" if sheet.kind == APPROVAL else "简要事迹"
    grid = word.table(document, 1, 2, [width * 0.16, width * 0.84])
    word.fill(grid.rows[0].cells[0], deeds_label, center=True)
    word.fill(grid.rows[0].cells[1], form.deeds)
    _exact_lines(grid.rows[0].cells[1])
    word.row_height(grid, 0, form.deeds_mm)
    if sheet.kind == APPROVAL:
        # The right half of the folded A3 sheet: the three opinions.
        word.column_break(document)
        _boxes(document, sheet, width, 70)
    else:
        _boxes(document, sheet, width, 40)
    if form.has_continuation:
        _continuation(document, form)
    return word.to_bytes(document)
