"""Small helpers of the core tests: finding rows in a generated campaign, writing odd files."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook

from pingxuan.core.findings import Finding
from tests.factories.campaign import Rows

MEDAL, BADGE, TEAM = "五一劳动奖章", "五一劳动奖状", "工人先锋号"


def first_row(rows: Rows, sheet: str, **wanted: str) -> int:
    """Index in ``rows[sheet]`` of the first comprehensive row whose cells equal ``wanted``."""
    for index, row in enumerate(rows[sheet]):
        if row.get("表彰类型", "综合表彰") == "综合表彰" and all(
            row.get(name) == value for name, value in wanted.items()
        ):
            return index
    raise AssertionError(f"the generator made no {sheet} row with {wanted}")


def excel_row(index: int) -> int:
    """Generated rows sit under the header: the first is Excel row 2."""
    return index + 2


def at_row(findings: list[Finding], sheet: str, row: int) -> list[tuple[str, str]]:
    """(rule, message) of the findings that concern one workbook row."""
    return [
        (f.rule, f.message)
        for f in findings
        if any(ref.sheet == sheet and ref.row == row for ref in f.rows)
    ]


def write_sheet(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    """A workbook with exactly these cells, header first, typed as given."""
    book = Workbook(write_only=True)
    for title, lines in sheets.items():
        sheet = book.create_sheet(title)
        for line in lines:
            sheet.append(line)
    book.save(str(path))
    return path


def add_member(path: Path, name: str, size: int, *, compress: bool = True) -> Path:
    """Append ``size`` zero bytes as a new member, streamed in 1 MiB chunks."""
    chunk = b"\0" * (1 << 20)
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with (
        zipfile.ZipFile(path, "a", method) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        left = size
        while left > 0:
            member.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)
    return path


def rewrite_member(path: Path, name: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one member of a zip in place; the others are copied as they are."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            target.writestr(info, change(data) if info.filename == name else data)
    return path


def add_cells(path: Path, member: str, cells: str) -> Path:
    """Append raw XML (rows and cells) at the end of a worksheet's <sheetData>."""
    return rewrite_member(
        path, member, lambda xml: xml.replace(b"</sheetData>", cells.encode() + b"</sheetData>")
    )


def write_parts(path: Path, parts: dict[str, Iterable[bytes]], *, compress: bool = True) -> Path:
    """A zip whose members are streamed from the given chunks (an .xlsx written by hand)."""
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, chunks in parts.items():
            with archive.open(name, "w", force_zip64=True) as member:
                for chunk in chunks:
                    member.write(chunk)
    return path


_SHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def hand_workbook(
    path: Path,
    sheets: dict[str, Iterable[bytes]],
    shared_strings: Iterable[bytes] | None = None,
    *,
    compress: bool = True,
) -> Path:
    """The smallest .xlsx calamine reads: one part per sheet (chunks of its whole XML) and
    optionally the shared strings (chunks of the whole sst part)."""
    entries = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(sheets, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_SHEET_TYPE}" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    parts: dict[str, Iterable[bytes]] = {
        "_rels/.rels": [
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>".encode()
        ],
        "xl/workbook.xml": [
            f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><sheets>{entries}</sheets>'
            "</workbook>".encode()
        ],
        "xl/_rels/workbook.xml.rels": [
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>".encode()
        ],
    }
    for n, chunks in enumerate(sheets.values(), start=1):
        parts[f"xl/worksheets/sheet{n}.xml"] = chunks
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    return write_parts(path, parts, compress=compress)


def sheet_xml(rows: str, dimension: str | None = None) -> list[bytes]:
    head = f'<dimension ref="{dimension}"/>' if dimension else ""
    return [
        f'<worksheet xmlns="{_MAIN_NS}">{head}<sheetData>{rows}</sheetData></worksheet>'.encode()
    ]
