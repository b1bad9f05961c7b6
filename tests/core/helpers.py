"""Small helpers of the core tests: finding rows in a generated campaign, writing odd files."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
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
