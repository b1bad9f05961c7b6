"""The 汇总表 as an xlsx to print, sign and seal, and read back into the same nominations.

One sheet per award, named ``{award}汇总表``: the title, 推荐单位（盖章） and the date, the
column headers (repeated on every printed page), the rows, 小计 per unit in the city's table,
合计 with the unit's place usage, then the signature lines. Every text passes ``safe_text``;
ID numbers are text cells. ``read_summary_xlsx`` is guarded like ``read_workbook`` (size and
zip bomb checks before any XML is parsed) and undoes ``safe_text``, so export → import gives
the same facts, 序号 being the printed row number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

from pingxuan.core.cells import text_of, whole_number
from pingxuan.core.columns import COLUMNS_BY_SUBJECT, Column, Kind
from pingxuan.core.documents.cells import FORMULA_STARTS, QUOTE, restore_text
from pingxuan.core.documents.tables import (
    KIND,
    NAME,
    SEQ,
    UNIT,
    SummaryTable,
    UnitGroup,
    read_name,
)
from pingxuan.core.documents.xlsx_stream import A3, A4, PageSetup, SheetWriter, Style, XlsxStream
from pingxuan.core.findings import RowRef
from pingxuan.core.gcpause import gc_paused
from pingxuan.core.nominations import Nomination, NominationBuilder
from pingxuan.core.spec.models import Award, Spec
from pingxuan.core.workbook import WorkbookError, award_bounds, guard_archive
from pingxuan.core.xlsx_guard import (
    ChooseSheets,
    guard_workbook,
    open_checked,
    sheet_names,
    unreadable,
)

SHEET_SUFFIX = "汇总表"
UNIT_LINE = "推荐单位（盖章）："
CITY_LINE = "汇总范围："
DATE_LINE = "填报日期：　　　　年　　月　　日"
SIGNATURES = "单位负责人（签名）：　　　　　　　　经办人：　　　　　　　　联系电话："
# Print layout. Widths are in Excel's unit: the width of a digit of the 10 pt 宋体 body font
# (7 px at 96 dpi); a CJK character takes two. A column is as wide as its longest usual value
# on one line (18 digits of an ID number, 10 of a date) or, for 是/否 columns, as two
# characters of its header, which wraps. The paper is the smaller one that prints the table at
# no less than MIN_SCALE (docs/documents.md).
DIGIT_PX, CELL_PADDING_PX, CJK_PX = 7, 5, 13
PRINTABLE_PX = {A4: round((11.69 - 0.6) * 96), A3: round((16.54 - 0.6) * 96)}  # landscape
MIN_SCALE = 0.9
LINE_POINTS, HEADER_MIN_POINTS = 13, 42
MAX_ROW_POINTS = 409  # Excel's highest row; a longer 简要事迹 is cut there (see the 简表)

_WIDTH = {
    Kind.SEQ: 4.5,
    Kind.UNIT: 9,
    Kind.ENUM: 8,
    Kind.TAGS: 10,
    Kind.BOOL: 4,
    Kind.BOOL_NA: 4,
    Kind.MONTH: 8,
    Kind.DATE: 10.5,
    Kind.ID_NUMBER: 20,
    Kind.CREDIT_CODE: 20,
    Kind.AREAS: 5,
    Kind.YEARS: 9,
    Kind.NEGATIVES: 10,
    Kind.AWARD_KIND: 8,
}
_NAMED_WIDTH = {
    "姓名": 7,
    "性别": 4,
    "民族": 5,
    "工作单位": 12,
    "单位全称": 16,
    "所属单位全称": 14,
    "集体名称": 12,
    "简要事迹": 20,
    "新的突出贡献": 10,
}
_CENTRED = frozenset(
    {Kind.ENUM, Kind.BOOL, Kind.BOOL_NA, Kind.MONTH, Kind.DATE, Kind.AREAS, Kind.AWARD_KIND}
)


def sheet_name(award: Award) -> str:
    return f"{award.name}{SHEET_SUFFIX}"


def column_width(column: Column) -> float:
    return _NAMED_WIDTH.get(column.name) or _WIDTH.get(column.kind, 12)


def column_pixels(width: float) -> int:
    """Excel's on-screen width of a column of ``width`` units, padding included."""
    return int(width * DIGIT_PX + CELL_PADDING_PX)


def print_scale(widths: list[float], paper: int) -> float:
    """The scale at which fit-to-width prints the columns on the landscape ``paper``."""
    return min(1.0, PRINTABLE_PX[paper] / sum(column_pixels(w) for w in widths))


def paper_for(widths: list[float]) -> int:
    return A4 if print_scale(widths, A4) >= MIN_SCALE else A3


def header_height(headers: list[str], widths: list[float]) -> float:
    """Points for the header row: the most wrapped header's lines, never less than before."""
    lines = max(
        -(-len(header) // max(1, (column_pixels(width) - CELL_PADDING_PX) // CJK_PX))
        for header, width in zip(headers, widths, strict=True)
    )
    return max(HEADER_MIN_POINTS, lines * LINE_POINTS + 6)


def _line_capacities(widths: list[float]) -> list[int]:
    """How many GB 18030 bytes one line of each column holds: a digit takes one byte and 7 px,
    a Han character two bytes and 13 px (10 pt 宋体 at 96 dpi), so 6.5 px a byte."""
    return [max(2, int((column_pixels(width) - CELL_PADDING_PX) / 6.5)) for width in widths]


def _lines(text: str, capacity: int) -> int:
    if "\n" in text:
        return sum(_lines(part, capacity) for part in text.split("\n"))
    # GB 18030 takes 1 byte for ASCII and 2 for a common Han character, as wide as they print.
    return -(-len(text.encode("gb18030", "replace")) // capacity) or 1


def row_height(cells: list[str], capacities: list[int]) -> float | None:
    """Points for a data row whose text wraps, or None (the default height) when none does.

    Spreadsheet programs do not all fit a row to wrapped text on opening a file (LibreOffice
    does not), so the height is written out.
    """
    lines = max(map(_lines, cells, capacities))
    return None if lines == 1 else min(MAX_ROW_POINTS, lines * LINE_POINTS + 2)


def _style(column: Column) -> Style:
    if column.name == SEQ:
        return Style.NUMBER
    return Style.TEXT_CENTRED if column.kind in _CENTRED else Style.TEXT


def _write_table(stream: XlsxStream, table: SummaryTable) -> None:
    columns = table.fields
    widths = [column_width(column) for column in columns]
    setup = PageSetup(paper=paper_for(widths), repeat_rows=(3, 3))
    sheet = stream.sheet(sheet_name(table.award), widths, setup)
    sheet.row([_safe(table.title)], Style.TITLE, height=36, merge=True)
    scope = (
        UNIT_LINE + table.unit
        if table.unit is not None
        else f"{CITY_LINE}{table.whole} {len(table.groups)} 个推荐单位"
    )
    meta: list[str | int | None] = [_safe(scope), *[None] * (len(columns) - 2), DATE_LINE]
    sheet.row(meta, [Style.META, *[Style.DEFAULT] * (len(columns) - 2), Style.META_RIGHT])
    headers = [_safe(h) for h in table.columns]
    sheet.row(headers, Style.HEADER, height=header_height(headers, widths))
    styles = [_style(column) for column in columns]
    capacities = _line_capacities(widths)
    for group in table.groups:
        _write_rows(sheet, table, group, styles, capacities)
        if table.unit is None:
            sheet.row([_safe(f"{group.subtotal}；{group.usage}")], Style.TOTAL, merge=True)
    totals = table.totals
    if table.unit is not None and table.groups:
        totals += "；" + table.groups[0].usage
    sheet.row([_safe(totals)], Style.TOTAL, merge=True)
    sheet.row([None], Style.DEFAULT)
    sheet.row([SIGNATURES], Style.FOOTER, height=28, merge=True)


def _write_rows(
    sheet: SheetWriter,
    table: SummaryTable,
    group: UnitGroup,
    styles: list[Style],
    capacities: list[int],
) -> None:
    starts, quote = FORMULA_STARTS, QUOTE
    row = sheet.row
    for cells in table.group_rows(group):
        values: list[str | int | None] = [
            # safe_text, inlined: 2.7 million cells for a city of 100,000
            (quote + text) if text and (text[0] in starts or text[0] == quote) else text
            for text in cells
        ]
        values[0] = int(cells[0])
        row(values, styles, height=row_height(cells, capacities))


def _safe(text: str) -> str:
    return (QUOTE + text) if text and (text[0] in FORMULA_STARTS or text[0] == QUOTE) else text


@gc_paused()  # millions of short-lived strings, no cycles among them
def write_summary_xlsx(
    tables: SummaryTable | Iterable[SummaryTable], out: str | Path | IO[bytes]
) -> None:
    """Write one sheet per table, streaming: rows go to the file as they are made."""
    listed = [tables] if isinstance(tables, SummaryTable) else list(tables)
    with XlsxStream(out) as stream:
        for table in listed:
            _write_table(stream, table)


# ── reading ─────────────────────────────────────────────────────────────────────────────────


@dataclass
class SummaryRow:
    """A row read back: the cells as printed (``safe_text`` undone) and the core's reading."""

    nomination: Nomination
    texts: dict[str, str]  # exchange column → non-blank text
    raws: dict[str, object] = field(repr=False)  # exchange column → the cell as read
    present: frozenset[str] = frozenset()  # the exchange columns the sheet has


@dataclass
class SummaryBook:
    rows: list[SummaryRow] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # award names, in the workbook's order
    units: list[str | None] = field(default_factory=list)  # per sheet: its unit, None the city

    @property
    def nominations(self) -> list[Nomination]:
        return [row.nomination for row in self.rows]


def summary_awards(sheet_names: Iterable[str], spec: Spec) -> dict[str, Award]:
    """Sheets of a workbook that are 汇总表 of the spec's awards: {sheet: award}."""
    by_sheet = {sheet_name(award): award for award in spec.awards}
    return {name: by_sheet[name.strip()] for name in sheet_names if name.strip() in by_sheet}


def is_summary_workbook(path: str | Path, spec: Spec) -> bool:
    """True for a 汇总表 written by ``write_summary_xlsx`` (it names its sheets after it)."""
    path = Path(path)
    guard_archive(path)
    try:
        names = sheet_names(path)
    except WorkbookError:  # not readable: read_workbook will say why
        return False
    return bool(summary_awards(names, spec))


def summary_sheets(spec: Spec) -> ChooseSheets:
    """The sheets ``read_summary_xlsx`` reads, with their bounds: an exchange sheet's, plus a
    小计 line per unit and the heading and signature lines."""
    bounds = {
        sheet_name(award): award_bounds(spec, award, extra_rows=len(spec.units) + 20)
        for award in spec.awards
    }
    return lambda _index, name: bounds.get(name.strip())


def _cell(raw: object) -> object:
    return restore_text(raw) if isinstance(raw, str) else raw


@gc_paused()
def read_summary_xlsx(
    path: str | Path,
    spec: Spec,
    on_sheet: Callable[[list[Nomination]], None] | None = None,
) -> SummaryBook:
    """The nominations of every 汇总表 sheet; ``on_sheet`` gets each sheet's as it is read."""
    path = Path(path)
    guard_workbook(path, summary_sheets(spec))
    book = open_checked(path)
    awards = summary_awards(book.sheet_names, spec)
    if not awards:
        expected = "”“".join(sheet_name(award) for award in spec.awards)
        raise WorkbookError(f"{path.name}：找不到工作表“{expected}”，不是本系统导出的汇总表")
    result = SummaryBook()
    for sheet, award in awards.items():
        try:
            rows = cast(
                "list[list[object]]",
                book.get_sheet_by_name(sheet).to_python(skip_empty_area=False),
            )
        except Exception as exc:
            raise unreadable(path.name, sheet, type(exc).__name__) from None
        unit, read = _sheet_rows(path, sheet, award, spec, rows)
        result.rows.extend(read)
        result.sheets.append(award.name)
        result.units.append(unit)
        if on_sheet is not None:
            on_sheet([row.nomination for row in read])
    return result


def _sheet_rows(
    path: Path, sheet: str, award: Award, spec: Spec, rows: list[list[object]]
) -> tuple[str | None, list[SummaryRow]]:
    header_at = next((i for i, row in enumerate(rows) if row and text_of(row[0]) == SEQ), None)
    if header_at is None:
        raise WorkbookError(f"{path.name}：工作表“{sheet}”找不到以“序号”开头的表头行")
    unit: str | None = None
    for row in rows[:header_at]:
        first = text_of(row[0]) if row else ""
        if first.startswith(UNIT_LINE):
            unit = first.removeprefix(UNIT_LINE).strip() or None
    positions: dict[str, int] = {}
    for index, raw in enumerate(rows[header_at]):
        positions.setdefault("".join(text_of(_cell(raw)).split()), index)
    columns = COLUMNS_BY_SUBJECT[award.subject]
    missing = [c.name for c in columns if c.required and c.name not in positions and c.name != UNIT]
    if unit is None and UNIT not in positions:
        missing.insert(0, UNIT)
    if missing:
        raise WorkbookError(
            f"{path.name}：工作表“{sheet}”缺少列“{'”“'.join(missing)}”（{KIND}的表头不完整）"
        )
    present = frozenset(c.name for c in columns if c.name in positions or c.name == UNIT)
    builder = NominationBuilder(spec, award)
    read: list[SummaryRow] = []
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        seq = text_of(row[0]) if row else ""
        if whole_number(seq) is None:  # 小计, 合计, signatures and blank lines
            continue
        raws: dict[str, object] = {}
        for column in columns:
            at = positions.get(column.name)
            raw = _cell(row[at]) if at is not None and at < len(row) else None
            if column.name == NAME and isinstance(raw, str):
                raw = read_name(raw)
            raws[column.name] = raw
        if unit is not None:
            raws[UNIT] = unit
        nomination = builder.build(RowRef(award.name, number), raws)
        texts = {name: text for name, raw in raws.items() if (text := text_of(raw))}
        read.append(SummaryRow(nomination, texts, raws, present))
    return unit, read
