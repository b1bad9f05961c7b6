"""A small streaming xlsx writer for printable tables: rows go straight into the zip, in order.

Why not XlsxWriter: its ``constant_memory`` mode streams too, but builds every cell's XML in
Python through several layers, about 14 µs a cell on our machine: 100,000 rows of 33 text
cells took 46 s, against a target of 10 s for the city's 汇总表 (docs/performance.md).
This writer does only what a 汇总表 needs: one text style per column, shared strings, merged
title and footer lines, column widths, print set-up (paper, landscape, fit to width, repeated
header rows, page numbers in the footer). Every string is text (``t="s"``): no cell is ever
a formula. Characters XML 1.0 cannot carry (control characters other than tab and line
breaks) are dropped.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

A4, A3 = 9, 8  # paperSize codes of SpreadsheetML
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_NEEDED = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FONT = "宋体"
FLUSH_ROWS = 500


class Style(IntEnum):
    """Cell formats (the order of cellXfs in styles.xml)."""

    DEFAULT = 0
    TITLE = 1  # 18 pt bold, centred
    META = 2  # the line under the title: 推荐单位（盖章）, date
    META_RIGHT = 3
    HEADER = 4  # column headers: bold, centred, wrapped, bordered
    TEXT = 5  # a data cell: text format (@), wrapped, bordered
    TEXT_CENTRED = 6
    NUMBER = 7  # 序号: a number, centred, bordered
    TOTAL = 8  # 小计 / 合计 lines: bold, bordered, wrapped
    FOOTER = 9  # signatures under the table


_STYLES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="4">
<font><sz val="10"/><name val="{FONT}"/><charset val="134"/></font>
<font><b/><sz val="18"/><name val="{FONT}"/><charset val="134"/></font>
<font><b/><sz val="10"/><name val="{FONT}"/><charset val="134"/></font>
<font><sz val="11"/><name val="{FONT}"/><charset val="134"/></font>
</fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill>
<fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/>\
</patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>
<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>\
<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom>\
<diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="10">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">\
<alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="49" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">\
<alignment horizontal="left" vertical="center"/></xf>
<xf numFmtId="49" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">\
<alignment horizontal="right" vertical="center"/></xf>
<xf numFmtId="49" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" \
applyBorder="1" applyAlignment="1">\
<alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" \
applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>
<xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" \
applyBorder="1" applyAlignment="1">\
<alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="1" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" \
applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="49" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" \
applyAlignment="1"><alignment horizontal="left" vertical="center" wrapText="1"/></xf>
<xf numFmtId="49" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">\
<alignment horizontal="left" vertical="center"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>
"""

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def column_letter(index: int) -> str:
    """0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def xml_text(text: str) -> str:
    if _ESCAPE_NEEDED.search(text) is None:  # nearly always: no work
        return text
    # A raw carriage return would come back as a line feed: XML normalises line ends.
    return escape(_ILLEGAL_XML.sub("", text), {"\r": "&#13;"})


@dataclass
class PageSetup:
    paper: int = A4
    landscape: bool = True
    repeat_rows: tuple[int, int] | None = None  # 1-based, inclusive: printed on every page
    footer: str = "&C第 &P 页，共 &N 页"


@dataclass
class _Sheet:
    name: str
    setup: PageSetup
    merges: list[str] = field(default_factory=list)


class SheetWriter:
    """Rows of one sheet, written in order; get one from ``XlsxStream.sheet``."""

    def __init__(
        self, stream: XlsxStream, sheet: _Sheet, handle: IO[bytes], widths: Sequence[float]
    ):
        self._stream = stream
        self._sheet = sheet
        self._handle = handle
        self._letters = [column_letter(i) for i in range(len(widths))]
        self._pending: list[str] = []
        self._attributes: dict[tuple[Style, ...], list[str]] = {}
        self.row_number = 0  # of the last row written, 1-based
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{width:.2f}" customWidth="1"/>'
            for i, width in enumerate(widths, start=1)
        )
        setup = sheet.setup
        head = (
            f"{_DECLARATION}<worksheet {_NS} {_REL_NS}>"
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            '<sheetViews><sheetView workbookViewId="0"'
        )
        if setup.repeat_rows:  # the header stays in view on screen as it repeats on paper
            last = setup.repeat_rows[1]
            head += (
                f'><pane ySplit="{last}" topLeftCell="A{last + 1}" activePane="bottomLeft" '
                'state="frozen"/><selection pane="bottomLeft"/></sheetView>'
            )
        else:
            head += "/>"
        head += (
            f'</sheetViews><sheetFormatPr defaultRowHeight="14.25"/><cols>{cols}</cols><sheetData>'
        )
        self._handle.write(head.encode())

    def row(
        self,
        values: Sequence[str | int | None],
        styles: Sequence[Style] | Style = Style.TEXT,
        *,
        height: float | None = None,
        merge: bool = False,
    ) -> int:
        """Append a row; ``merge`` spans its first cell over every column. Returns its number.

        Strings are written as shared strings, ints as numbers; pass texts through
        ``safe_text`` first: this writer does not judge what a text means.
        """
        self.row_number += 1
        number = f"{self.row_number}"
        per_cell = (styles,) * len(values) if isinstance(styles, Style) else tuple(styles)
        attributes = self._attributes.get(per_cell)
        if attributes is None:  # a table's rows share a few style lists: made once each
            attributes = self._attributes[per_cell] = [f'" s="{int(style)}"' for style in per_cell]
        strings = self._stream.strings
        shared = strings.setdefault  # a text's index, given one when first seen
        opening = f'<row r="{number}"' + (
            f' ht="{height:.2f}" customHeight="1">' if height is not None else ">"
        )
        # One comprehension, no append per cell: a city has 2.7 million cells.
        parts = [
            f'<c r="{letter}{number}{attribute}/>'
            if value is None or value == ""
            else (
                f'<c r="{letter}{number}{attribute}><v>{value}</v></c>'
                if type(value) is int
                else f'<c r="{letter}{number}{attribute} t="s">'
                f"<v>{shared(value, len(strings))}</v></c>"  # type: ignore[arg-type]
            )
            for letter, value, attribute in zip(self._letters, values, attributes, strict=False)
        ]
        parts.insert(0, opening)
        append = parts.append
        if merge:
            style = int(per_cell[0]) if per_cell else 0
            for letter in self._letters[len(values) :]:
                append(f'<c r="{letter}{number}" s="{style}"/>')
            self._sheet.merges.append(f"A{number}:{self._letters[-1]}{number}")
        append("</row>")
        self._pending.append("".join(parts))
        if len(self._pending) >= FLUSH_ROWS:
            self.flush()
        return self.row_number

    def flush(self) -> None:
        self._handle.write("".join(self._pending).encode())
        self._pending.clear()

    def close(self) -> None:
        self.flush()
        sheet, setup = self._sheet, self._sheet.setup
        tail = "</sheetData>"
        if sheet.merges:
            merged = "".join(f'<mergeCell ref="{ref}"/>' for ref in sheet.merges)
            tail += f'<mergeCells count="{len(sheet.merges)}">{merged}</mergeCells>'
        tail += (
            '<printOptions horizontalCentered="1"/>'
            '<pageMargins left="0.3" right="0.3" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
            f'<pageSetup paperSize="{setup.paper}" '
            f'orientation="{"landscape" if setup.landscape else "portrait"}" '
            'fitToWidth="1" fitToHeight="0"/>'
            f"<headerFooter><oddFooter>{xml_text(setup.footer)}</oddFooter></headerFooter>"
            "</worksheet>"
        )
        self._handle.write(tail.encode())
        self._handle.close()


class XlsxStream:
    """One workbook; sheets are written one after another. Use as a context manager."""

    # Level 1 deflates the XML of 100,000 rows three times faster than the default 6, for a
    # file about a third larger (docs/performance.md).
    def __init__(self, out: str | Path | IO[bytes], *, compresslevel: int = 1):
        self._zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self._sheets: list[_Sheet] = []
        self._open: SheetWriter | None = None
        self.strings: dict[str, int] = {}

    def __enter__(self) -> XlsxStream:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self._zip.close()

    def sheet(self, name: str, widths: Sequence[float], setup: PageSetup) -> SheetWriter:
        if self._open is not None:
            self._open.close()
        sheet = _Sheet(name[:31], setup)
        self._sheets.append(sheet)
        handle = self._zip.open(f"xl/worksheets/sheet{len(self._sheets)}.xml", "w")
        self._open = SheetWriter(self, sheet, handle, widths)
        return self._open

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None
        write = self._zip.writestr
        count = len(self._sheets)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, count + 1)
        )
        write(
            "[Content_Types].xml",
            f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            f"{overrides}</Types>",
        )
        write(
            "_rels/.rels",
            f'{_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
            'org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        sheets = "".join(
            f'<sheet name={quoteattr(s.name)} sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(self._sheets, start=1)
        )
        titles = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
            f"{xml_text(_quoted(s.name))}!${s.setup.repeat_rows[0]}:${s.setup.repeat_rows[1]}"
            "</definedName>"
            for i, s in enumerate(self._sheets)
            if s.setup.repeat_rows
        )
        write(
            "xl/workbook.xml",
            f"{_DECLARATION}<workbook {_NS} {_REL_NS}><bookViews><workbookView/></bookViews>"
            f"<sheets>{sheets}</sheets>"
            + (f"<definedNames>{titles}</definedNames>" if titles else "")
            + "</workbook>",
        )
        relationships = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, count + 1)
        )
        write(
            "xl/_rels/workbook.xml.rels",
            f'{_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships">{relationships}'
            f'<Relationship Id="rId{count + 1}" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{count + 2}" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        write("xl/styles.xml", _STYLES_XML)
        with self._zip.open("xl/sharedStrings.xml", "w") as handle:
            handle.write(
                # count (references) is optional; uniqueCount is what readers size by.
                f'{_DECLARATION}<sst {_NS} uniqueCount="{len(self.strings)}">'.encode()
            )
            batch: list[str] = []
            for text in self.strings:  # dicts keep insertion order: index order
                batch.append(f'<si><t xml:space="preserve">{xml_text(text)}</t></si>')
                if len(batch) >= 5000:
                    handle.write("".join(batch).encode())
                    batch.clear()
            handle.write(("".join(batch) + "</sst>").encode())
        self._zip.close()


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"
