"""The exchange workbook (RULES.md §6), read into nominations.

Reading never stops at a bad row: every row becomes a nomination carrying its cell problems. Only
a file that cannot be checked at all (not a workbook, a zip bomb, a required column missing)
raises ``WorkbookError``, whose message is one Chinese line naming file, sheet and column.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from pingxuan.core.cells import build_parsers, text_of
from pingxuan.core.columns import (
    TRUE,
    UNIT_SHEET,
    UNIT_SHEET_PLEDGE,
    Column,
    Kind,
    initial_count_column,
    sheet_columns,
)
from pingxuan.core.findings import RowRef
from pingxuan.core.gcpause import gc_paused
from pingxuan.core.nominations import CellProblem, Nomination, NominationBuilder, UnitReport
from pingxuan.core.spec.models import Award, Spec
from pingxuan.core.xlsx_guard import (
    MAX_MEMBERS,
    ChooseSheets,
    SheetBounds,
    WorkbookError,
    guard_archive,
    guard_workbook,
    open_calamine,
    open_checked,
    unreadable,
)

__all__ = [
    "MAX_MEMBERS",
    "SheetBounds",
    "Workbook",
    "WorkbookError",
    "award_bounds",
    "exchange_sheets",
    "guard_archive",
    "read_workbook",
]

# A sheet reaches at most this many times the rows a campaign could ever nominate (alternates,
# 专项表彰 and blank lines included), and never less than MIN_ROWS; and as many columns as the
# exchange format has plus COLUMN_MARGIN extra ones ("extra columns are ignored").
ROW_MARGIN = 3
MIN_ROWS = 5_000
COLUMN_MARGIN = 64


@dataclass
class Workbook:
    nominations: list[Nomination] = field(default_factory=list)
    reports: list[UnitReport] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)


def award_bounds(spec: Spec, award: Award, extra_rows: int = 0) -> SheetBounds:
    """How far a sheet of ``award`` may reach (docs/check.md, 文件安全检查)."""
    if award.allocation == "pool":
        capacity = (award.per_unit_max or 0) * len(spec.units)
    else:
        capacity = sum(
            unit.places[award.name].total for unit in spec.units if award.name in unit.places
        )
    return SheetBounds(
        rows=max(MIN_ROWS, ROW_MARGIN * capacity + extra_rows),
        columns=len(sheet_columns(award.subject, spec.columns)) + COLUMN_MARGIN,
    )


def unit_sheet_bounds(spec: Spec) -> SheetBounds:
    return SheetBounds(
        rows=max(MIN_ROWS, ROW_MARGIN * len(spec.units)),
        columns=len(_unit_columns(spec)) + COLUMN_MARGIN,
    )


def exchange_sheets(spec: Spec) -> ChooseSheets:
    """The sheets ``read_workbook`` reads, with their bounds."""
    bounds = {award.name: award_bounds(spec, award) for award in spec.awards}
    bounds[UNIT_SHEET] = unit_sheet_bounds(spec)
    return lambda _index, name: bounds.get(name.strip())


def _header_name(raw: object) -> str:
    return "".join(text_of(raw).split()).lstrip("*＊").rstrip("*＊")


def _header(
    path: Path, sheet: str, rows: list[list[object]], columns: tuple[Column, ...]
) -> dict[str, int]:
    header = rows[0] if rows else []
    positions: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = _header_name(raw)
        if name and name not in positions:
            positions[name] = index
    missing = [c.name for c in columns if c.required and c.name not in positions]
    if missing:
        raise WorkbookError(
            f"{path.name}：工作表“{sheet}”缺少列“{'”“'.join(missing)}”"
            "（第1行应为表头，可下载模板对照）"
        )
    return positions


def sheet_rows(path: Path, sheet: str) -> list[list[object]]:
    """One sheet as rows. Each call opens the file itself: calamine refuses to share one open
    workbook between threads."""
    try:
        book = open_calamine(path)
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        return cast("list[list[object]]", rows)
    except Exception as exc:  # calamine raises its own types for broken XML
        raise unreadable(path.name, sheet, type(exc).__name__) from None


@gc_paused()
def read_workbook(
    path: str | Path, spec: Spec, on_sheet: Callable[[list[Nomination]], None] | None = None
) -> Workbook:
    """Read every award sheet into nominations; ``on_sheet`` gets each sheet's nominations as
    soon as they are built, while other sheets are still being parsed (the CLI checks them)."""
    path = Path(path)
    guard_workbook(path, exchange_sheets(spec))
    book = open_checked(path)
    present = {name.strip(): name for name in book.sheet_names}
    award_sheets = [award for award in spec.awards if award.name in present]
    if not award_sheets and UNIT_SHEET not in present:
        expected = "”“".join(award.name for award in spec.awards)
        raise WorkbookError(f"{path.name}：找不到工作表“{expected}”中的任何一张，请使用交换模板")
    awards = {present[award.name]: award for award in award_sheets}
    sheets = [*awards, present[UNIT_SHEET]] if UNIT_SHEET in present else list(awards)
    nominations: dict[str, list[Nomination]] = {}
    reports: list[UnitReport] = []
    unreadable: dict[str, WorkbookError] = {}
    # calamine parses a sheet without holding the GIL: on two cores, sheets are parsed two at a
    # time while those already parsed become nominations, in whatever order they finish.
    with ThreadPoolExecutor(max_workers=2) as pool:
        reading = {pool.submit(sheet_rows, path, sheet): sheet for sheet in sheets}
        for done in as_completed(reading):
            sheet = reading.pop(done)
            try:
                if sheet in awards:
                    nominations[sheet] = _nominations(path, spec, awards[sheet], done.result())
                    if on_sheet is not None:
                        on_sheet(nominations[sheet])
                else:
                    reports = _read_reports(done.result(), path, spec)
            except WorkbookError as error:
                unreadable[sheet] = error
    for sheet in sheets:  # the first sheet in the spec's order that cannot be read is reported
        if sheet in unreadable:
            raise unreadable[sheet]
    result = Workbook()
    for sheet, award in awards.items():
        result.nominations.extend(nominations[sheet])
        result.sheets.append(award.name)
    if UNIT_SHEET in present:
        result.reports = reports
        result.sheets.append(UNIT_SHEET)
    return result


def _nominations(
    path: Path, spec: Spec, award: Award, rows: list[list[object]]
) -> list[Nomination]:
    columns = sheet_columns(award.subject, spec.columns)
    positions = _header(path, award.name, rows, columns)
    indices = [positions.get(column.name) for column in columns]  # None: an optional column absent
    width = max(index for index in indices if index is not None) + 1
    # Every column present (the template's case): one C call takes a row's cells in column order.
    pick = None if None in indices else operator.itemgetter(*indices)
    builder = NominationBuilder(spec, award)
    nominations = []
    for number, row in enumerate(rows[1:], start=2):
        if pick is not None and len(row) >= width:
            values = pick(row)
        else:
            values = [row[i] if i is not None and i < len(row) else None for i in indices]
        if not any(map(text_of, values)):  # spaces look blank too
            continue
        nominations.append(builder.build_values(RowRef(award.name, number), values))
    return nominations


def _unit_columns(spec: Spec) -> tuple[Column, ...]:
    counts = tuple(
        Column(initial_count_column(a.short_name, a.subject), Kind.COUNT, required=False)
        for a in spec.awards
    )
    return (
        Column("推荐单位", Kind.UNIT),
        *counts,
        Column(UNIT_SHEET_PLEDGE, Kind.BOOL, required=False),
    )


def _read_reports(rows: list[list[object]], path: Path, spec: Spec) -> list[UnitReport]:
    columns = _unit_columns(spec)
    positions = _header(path, UNIT_SHEET, rows, columns)
    parsers = build_parsers(spec, columns)
    reports: dict[str, UnitReport] = {}
    for number, row in enumerate(rows[1:], start=2):
        values: dict[str, object] = {}
        raw_cells: dict[str, object] = {}
        problems = []
        for column in columns:
            index = positions.get(column.name)
            raw = row[index] if index is not None and index < len(row) else None
            raw_cells[column.name] = raw
            value, problem = parsers[column.name](raw)
            values[column.name] = value
            if problem:
                problems.append(CellProblem(column.name, *problem))
        unit = str(values["推荐单位"] or text_of(raw_cells["推荐单位"]))
        if not unit:
            continue
        if unit in reports:  # the first row counts; a repeated one is pointed out, not merged
            earlier = reports[unit]
            assert earlier.ref is not None
            earlier.problems = (
                *earlier.problems,
                CellProblem(
                    "推荐单位",
                    f"在推荐单位情况表第{number}行重复出现，以第{earlier.ref.row}行为准",
                    f"请删除第{number}行或与第{earlier.ref.row}行合并",
                ),
            )
            continue
        counts: dict[str, int | None] = {}
        for award in spec.awards:
            count = values[initial_count_column(award.short_name, award.subject)]
            counts[award.name] = count if isinstance(count, int) else None
        pledge = values[UNIT_SHEET_PLEDGE]
        reports[unit] = UnitReport(
            unit=unit,
            ref=RowRef(UNIT_SHEET, number),
            initial_counts=counts,
            pledge_signed=None if pledge is None else pledge == TRUE,
            problems=tuple(problems),
        )
    return list(reports.values())
