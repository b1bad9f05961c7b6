"""The procedure documents (``procedure.py``) as Word files a unit completes, signs and seals:
A4 portrait, 公文 margins, 三号 仿宋 body, each page (form or letter) starting a new page."""

from __future__ import annotations

from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH

from pingxuan.core.documents import word
from pingxuan.core.documents.procedure import Page, ProcedureDocument, Table

BODY_PT = 16  # 三号
TABLE_PT = 10.5  # 五号
WIDTH_MM = 210 - 28 - 26  # the 公文 margins' text width


def _table(document: DocumentType, table: Table) -> None:
    widths = [WIDTH_MM * share for share in table.shares]
    grid = word.table(document, len(table.rows) + 1, len(widths), widths, header_rows=1)
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        word.fill(cell, text, size=TABLE_PT, center=True, bold=True)
    for index, row in enumerate(table.rows, start=1):
        for column, (cell, text) in enumerate(zip(grid.rows[index].cells, row, strict=True)):
            word.fill(cell, text, size=TABLE_PT, center=column in table.centered)


def _page(document: DocumentType, page: Page) -> None:
    word.title(document, page.title)
    if page.addressee:
        word.paragraph(document, page.addressee, size=BODY_PT)
    for section in page.sections:
        if section.heading:
            word.paragraph(document, section.heading, size=BODY_PT, font=word.HEADING_FONT)
        for text in section.paragraphs:
            word.paragraph(document, text, size=BODY_PT, indent=True)
        if section.table is not None:
            _table(document, section.table)
    word.paragraph(document)
    for line in page.signatures:
        word.paragraph(document, line, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)


def procedure_docx(doc: ProcedureDocument) -> bytes:
    document = word.new_document(margins=word.OFFICIAL_MARGINS)
    for index, page in enumerate(doc.pages):
        if index:
            word.page_break(document)
        _page(document, page)
    if not doc.pages:
        word.title(document, doc.name)
        word.paragraph(document, f"{doc.unit}目前没有推荐对象。", size=BODY_PT, indent=True)
    word.page_numbers(document)
    return word.to_bytes(document)
