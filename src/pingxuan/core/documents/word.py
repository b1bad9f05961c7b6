"""What every Word file shares: the page (A4 or A3, portrait or landscape, 公文 margins), Chinese
fonts set where Word reads them for Chinese text (w:eastAsia), bordered tables, and the bytes."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# Fonts a Chinese office computer has: 宋体 bold stands in for 小标宋, 仿宋 for the body.
TITLE_FONT = "宋体"
BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"

A4 = (Mm(210), Mm(297))
A3 = (Mm(297), Mm(420))
# (top, bottom, left, right) in mm: 公文 margins for notices and the decision, narrower for forms.
OFFICIAL_MARGINS = (37, 35, 28, 26)
FORM_MARGINS = (20, 20, 20, 18)


def new_document(
    *, paper: tuple[Mm, Mm] = A4, landscape: bool = False, margins: tuple[int, ...] = FORM_MARGINS
) -> DocumentType:
    document = Document()
    section = document.sections[0]
    width, height = paper
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    top, bottom, left, right = margins
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    _east_asian(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.font.name = LATIN_FONT
    return document


def _east_asian(rpr: object, font: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)  # type: ignore[attr-defined]
    fonts.set(qn("w:eastAsia"), font)


def run(
    paragraph: Paragraph, text: str, *, size: float = 12, bold: bool = False, font: str = BODY_FONT
) -> Run:
    piece = paragraph.add_run(text)
    piece.font.size = Pt(size)
    piece.font.bold = bold
    piece.font.name = LATIN_FONT
    _east_asian(piece._element.get_or_add_rPr(), font)
    return piece


def title(document: DocumentType, text: str, *, size: float = 22) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(12)
    run(paragraph, text, size=size, bold=True, font=TITLE_FONT)
    return paragraph


def paragraph(
    document: DocumentType,
    text: str = "",
    *,
    size: float = 12,
    indent: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    font: str = BODY_FONT,
) -> Paragraph:
    item = document.add_paragraph()
    if indent:
        item.paragraph_format.first_line_indent = Pt(size * 2)
    if align is not None:
        item.alignment = align
    if text:
        run(item, text, size=size, font=font)
    return item


_AFTER_TBL_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
_AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", *_AFTER_TBL_HEADER)


def table(
    document: DocumentType, rows: int, columns: int, widths: list[float], *, header_rows: int = 0
) -> Table:
    """A bordered table of fixed column widths (mm, one per column).

    The grid (``w:tblGrid``), the table width and every cell say the same widths, and the layout
    is fixed: Word reads the cells, LibreOffice and WPS the grid, so they must agree. The first
    ``header_rows`` rows repeat at the top of every page; a table with such a header is a list,
    and none of its rows is split across pages.
    """
    grid: Table = document.add_table(rows=rows, cols=columns)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Mm(width)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    declared = grid._tbl.tblPr.find(qn("w:tblW"))  # python-docx writes one: auto, 0
    declared.set(qn("w:type"), "dxa")
    declared.set(qn("w:w"), str(sum(int(Mm(width).twips) for width in widths)))
    for index, row in enumerate(grid.rows if header_rows else []):
        row_properties = row._tr.get_or_add_trPr()
        # In the schema's order: cantSplit before trHeight, tblHeader after it.
        row_properties.insert_element_before(OxmlElement("w:cantSplit"), *_AFTER_CANT_SPLIT)
        if index < header_rows:
            row_properties.insert_element_before(OxmlElement("w:tblHeader"), *_AFTER_TBL_HEADER)
    return grid


def fill(
    cell: _Cell, text: str, *, size: float = 11, center: bool = False, bold: bool = False
) -> None:
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    for index, line in enumerate(lines):
        target = first if index == 0 else cell.add_paragraph()
        if center:
            target.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(target, line, size=size, bold=bold)


def row_height(grid: Table, index: int, height_mm: float) -> None:
    grid.rows[index].height = Mm(height_mm)


def to_bytes(document: DocumentType) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def two_columns(document: DocumentType, *, gap_mm: float) -> None:
    """Two text columns on the page: the folded A3 sheet's left and right halves."""
    columns = document.sections[0]._sectPr.find(qn("w:cols"))
    if columns is None:
        columns = OxmlElement("w:cols")
        document.sections[0]._sectPr.append(columns)
    columns.set(qn("w:num"), "2")
    columns.set(qn("w:space"), str(int(Mm(gap_mm).twips)))


def column_break(document: DocumentType) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.COLUMN)


def page_break(document: DocumentType) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def page_numbers(document: DocumentType) -> None:
    """ "— 1 —" at the bottom centre of every page, as a PAGE field Word fills in."""
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(footer, "— ", size=14)
    field = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        field._element.append(element)
    field.font.size = Pt(14)
    run(footer, " —", size=14)
