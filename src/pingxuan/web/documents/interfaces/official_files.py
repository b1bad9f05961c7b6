"""The city's documents as files: a public notice, the final list and the 表彰决定 (草稿 or
印发稿), each as PDF (公文 page, 三号 body, page numbers) and Word."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from pingxuan.core.documents import word
from pingxuan.web.documents.domain.lists import Decision, FinalListDocument
from pingxuan.web.documents.domain.notice_doc import NoticeDocument
from pingxuan.web.documents.interfaces.pdf import render_pdf

BODY_PT = 16  # 三号
WIDTH_MM = 210 - 28 - 26


def notice_pdf(doc: NoticeDocument) -> bytes:
    return render_pdf("documents/notice.html", {"doc": doc})


def final_list_pdf(doc: FinalListDocument) -> bytes:
    return render_pdf("documents/final_list.html", {"doc": doc})


def decision_pdf(decision: Decision) -> bytes:
    return render_pdf("documents/decision.html", {"decision": decision})


def _official() -> word.DocumentType:
    document = word.new_document(margins=word.OFFICIAL_MARGINS)
    word.page_numbers(document)
    return document


def _signoff(document: word.DocumentType, *lines: str) -> None:
    word.paragraph(document)
    for line in lines:
        word.paragraph(document, line, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)


def notice_docx(doc: NoticeDocument) -> bytes:
    document = _official()
    word.title(document, doc.title)
    if doc.draft:
        word.paragraph(document, "（草稿，未发布）", align=WD_ALIGN_PARAGRAPH.CENTER)
    word.paragraph(document, doc.intro, size=BODY_PT, indent=True)
    word.paragraph(document, doc.period, size=BODY_PT, indent=True)
    for table in doc.tables:
        word.paragraph(document, f"{table.award}（{len(table.rows)}）", size=BODY_PT,
                       font=word.HEADING_FONT)  # fmt: skip
        columns = len(table.columns) + 1
        rest = (WIDTH_MM - 12 - WIDTH_MM * 0.45) / max(columns - 2, 1)
        widths = [12.0] + [rest] * (columns - 2) + [WIDTH_MM * 0.45]
        grid = word.table(document, len(table.rows) + 1, columns, widths, header_rows=1)
        for cell, text in zip(grid.rows[0].cells, ["序号", *table.columns], strict=True):
            word.fill(cell, text, center=True)
        for index, row in enumerate(table.rows, start=1):
            cells = grid.rows[index].cells
            word.fill(cells[0], str(index), center=True)
            for cell, value in zip(cells[1:], row, strict=True):
                word.fill(cell, value)
    if not doc.tables:
        word.paragraph(document, "本公示目前没有公示对象。", size=BODY_PT, indent=True)
    word.paragraph(document, "反映渠道", size=BODY_PT, font=word.HEADING_FONT)
    for label, value in doc.channels:
        word.paragraph(document, f"{label}：{value}", size=BODY_PT)
    _signoff(document, doc.publisher, doc.dated)
    return word.to_bytes(document)


def final_list_docx(doc: FinalListDocument) -> bytes:
    document = _official()
    word.title(document, doc.title)
    word.paragraph(document, doc.status, align=WD_ALIGN_PARAGRAPH.CENTER)
    word.paragraph(
        document,
        f"（名单按{doc.order}排序；内部资料，涉敏对象不公开）",
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    for note in doc.notes:
        word.paragraph(document, note, size=BODY_PT, indent=True)
    for award_list in doc.lists:
        person = award_list.award.subject == "person"
        heading = f"{award_list.award.name}（{award_list.tally}）"
        word.paragraph(document, heading, size=BODY_PT, font=word.HEADING_FONT)
        entries = award_list.entries + award_list.special
        headers = ["序号", "姓名" if person else "名称"] + (["工作单位及职务"] if person else [])
        headers.append("推荐单位")
        widths = (
            [12.0, 28.0, WIDTH_MM - 12 - 28 - 34, 34.0] if person else [12.0, WIDTH_MM - 46, 34.0]
        )
        grid = word.table(document, len(entries) + 1, len(headers), widths, header_rows=1)
        for cell, text in zip(grid.rows[0].cells, headers, strict=True):
            word.fill(cell, text, center=True)
        for index, item in enumerate(entries, start=1):
            name = f"{item.name}（涉敏，不公开）" if item.sensitive else item.name
            values = [str(index), name] + ([item.detail] if person else []) + [item.unit]
            if index > len(award_list.entries):
                values[0] = f"专{index - len(award_list.entries)}"
            for cell, value in zip(grid.rows[index].cells, values, strict=True):
                word.fill(cell, value)
    return word.to_bytes(document)


def decision_docx(decision: Decision) -> bytes:
    document = _official()
    if decision.number:
        word.paragraph(document, decision.number, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    word.title(document, decision.title)
    if decision.draft:
        word.paragraph(document, "（草稿）", align=WD_ALIGN_PARAGRAPH.CENTER)
    for text in decision.paragraphs:
        word.paragraph(document, text, size=BODY_PT, indent=True)
    _signoff(document, decision.issuer, decision.dated)
    document.add_page_break()
    for section in decision.lists:
        word.paragraph(
            document, section.heading, size=BODY_PT, font=word.HEADING_FONT,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )  # fmt: skip
        for item in section.entries:
            line = f"{item.name}　{item.detail}" if section.people else item.name
            word.paragraph(document, line.strip(), size=BODY_PT)
    return word.to_bytes(document)
