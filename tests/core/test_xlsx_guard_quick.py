"""The guard's quick pass (``_QuickSheet``) against its exact scan (``_SheetScan``): the quick
pass proves an ordinary workbook within bounds at C speed, and never proves a sheet the exact
scan refuses; whatever it cannot prove goes to the exact scan, which gives the refusal."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from pingxuan.core.spec.models import Spec
from pingxuan.core.workbook import exchange_sheets
from pingxuan.core.xlsx_guard import (
    SheetBounds,
    WorkbookError,
    _at_most,
    _columns_at_most,
    _QuickSheet,
    _Scan,
    _SheetScan,
    column_name,
    guard_workbook,
)
from tests.core.helpers import add_cells, hand_workbook, rewrite_member, sheet_xml

MEDAL_SHEET = "xl/worksheets/sheet2.xml"  # 五一劳动奖章: at most 5,000 rows and 95 columns


def _inline(ref: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>x</t></is></c>'


# Cells appended to the medal sheet: within the bounds, beyond them, or in a shape the quick
# pass does not vouch for.
CELLS = {
    "far column": f'<row r="4000">{_inline("CR4000")}</row>',
    "far row": f'<row r="5001">{_inline("A5001")}</row>',
    "far cell": f'<row r="1048576">{_inline("XFD1048576")}</row>',
    "at the bound": f'<row r="5000">{_inline("CQ5000")}</row>',
    "lower case at the bound": f'<row r="5000">{_inline("cq5000")}</row>',
    "leading zeros": f'<row r="4999">{_inline("B04999")}</row>',
    "row zero": f'<row r="4999">{_inline("B0")}</row>',
    "second r": '<row r="4999"><c r="B4999" r="XFD4999" t="n"><v>1</v></c></row>',
    "r not first": '<row r="4999"><c t="n" r="XFD4999"><v>1</v></c></row>',
    "no r": '<row r="4999"><c t="n"><v>1</v></c></row>',
    "prefixed cell": '<row r="4999"><x:c xmlns:x="urn:x" r="XFD4999"><x:v>1</x:v></x:c></row>',
    "comment": "<!-- a note -->",
    "CDATA": '<row r="4999"><c r="B4999" t="inlineStr"><is><t><![CDATA[</c>]]></t></is></c></row>',
    "shared string": '<row r="4999"><c r="B4999" t="s"><v>0</v></c></row>',
    "shared string past the table": '<row r="4999"><c r="B4999" t="s"><v>99999</v></c></row>',
}


def _exact(path: Path, spec: Spec) -> str:
    """The exact scan's verdict on the medal sheet: '' or its refusal."""
    with zipfile.ZipFile(path) as archive:
        scan = _Scan(path, archive)
        scan.run(lambda _index, _name: None)  # the shared strings and styles only
        bounds = exchange_sheets(spec)(1, "五一劳动奖章")
        assert bounds is not None
        try:
            _SheetScan(scan, "五一劳动奖章", bounds).run(archive.getinfo(MEDAL_SHEET))
        except WorkbookError as refused:
            return str(refused)
    return ""


def _quick(path: Path, spec: Spec) -> bool:
    with zipfile.ZipFile(path) as archive:
        scan = _Scan(path, archive)
        scan.run(lambda _index, _name: None)
        bounds = exchange_sheets(spec)(1, "五一劳动奖章")
        assert bounds is not None
        return _QuickSheet(scan, "五一劳动奖章", bounds).proves(archive.getinfo(MEDAL_SHEET))


def test_quick_pass_proves_an_ordinary_workbook(compliant_workbook: Path, spec: Spec) -> None:
    assert (_quick(compliant_workbook, spec), _exact(compliant_workbook, spec)) == (True, "")


@pytest.mark.parametrize("case", CELLS)
def test_quick_pass_never_proves_what_the_exact_scan_refuses(
    case: str, compliant_workbook: Path, spec: Spec
) -> None:
    add_cells(compliant_workbook, MEDAL_SHEET, CELLS[case])

    proved, refusal = _quick(compliant_workbook, spec), _exact(compliant_workbook, spec)

    assert not (proved and refusal), f"{case}: proved, yet the exact scan says {refusal}"


@pytest.mark.parametrize(
    ("case", "proved"),
    [("at the bound", True), ("lower case at the bound", True), ("far column", False)],
)
def test_quick_pass_takes_references_up_to_the_bound(
    case: str, proved: bool, compliant_workbook: Path, spec: Spec
) -> None:
    add_cells(compliant_workbook, MEDAL_SHEET, CELLS[case])

    assert _quick(compliant_workbook, spec) is proved


def test_guard_refuses_a_far_cell_the_quick_pass_left_to_the_exact_scan(
    compliant_workbook: Path, spec: Spec
) -> None:
    add_cells(compliant_workbook, MEDAL_SHEET, CELLS["far cell"])

    with pytest.raises(WorkbookError, match="XFD1048576"):
        guard_workbook(compliant_workbook, exchange_sheets(spec))


def test_dimension_beyond_the_bound_is_not_proved(compliant_workbook: Path, spec: Spec) -> None:
    rewrite_member(
        compliant_workbook,
        MEDAL_SHEET,
        lambda xml: xml.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1),
    )

    assert _quick(compliant_workbook, spec) is False


def _texts(path: Path, bounds: SheetBounds) -> tuple[bool, int, int]:
    """(quick pass proved, its count of text, the exact scan's) for the first sheet."""
    with zipfile.ZipFile(path) as archive:
        quick = _Scan(path, archive)
        quick.run(lambda _index, _name: None)
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        proved = _QuickSheet(quick, "表", bounds).proves(info)
        exact = _Scan(path, archive)
        exact.run(lambda _index, _name: None)
        _SheetScan(exact, "表", bounds).run(info)
    return proved, quick.text, exact.text


def test_quick_pass_counts_shared_strings_at_least_as_the_exact_scan(tmp_path: Path) -> None:
    # As Excel writes them: every text a shared string, every cell r="A1" s=… t="s".
    strings = ["郑东新区", "一线产业工人" * 40, "x"]
    sst = "".join(f"<si><t>{text}</t></si>" for text in strings)
    rows = "".join(
        f'<row r="{row}" spans="1:3"><c r="A{row}" s="1" t="s"><v>{row % 3}</v></c>'
        f'<c r="B{row}" t="s"><v>1</v></c><c r="C{row}" s="2"><v>{row}</v></c></row>'
        for row in range(1, 201)
    )
    path = hand_workbook(
        tmp_path / "shared.xlsx",
        {"表": sheet_xml(rows, dimension="A1:C200")},
        [f'<sst xmlns="urn:main" count="400" uniqueCount="3">{sst}</sst>'.encode()],
    )

    proved, quick, exact = _texts(path, SheetBounds(rows=5000, columns=95))

    assert proved and quick >= exact >= 200 * 240


def test_reference_regexes_take_exactly_the_numbers_and_columns_up_to_the_bound() -> None:
    for limit in (0, 1, 9, 10, 99, 100, 5000, 84210):
        rows = re.compile(_at_most(limit) + b"$")
        assert [n for n in range(0, 100_000) if rows.match(str(n).encode())] == list(
            range(1, limit + 1)
        )
        assert rows.match(b"0001") is not None if limit >= 1 else rows.match(b"0001") is None
    for limit in (0, 1, 26, 27, 95, 702, 703, 16384):
        columns = re.compile(_columns_at_most(limit) + b"$")
        for name in (column_name(n) for n in range(1, 18_000)):
            assert (columns.match(name.lower().encode()) is not None) == (
                column_name_number(name) <= limit
            )


def column_name_number(name: str) -> int:
    number = 0
    for letter in name:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
