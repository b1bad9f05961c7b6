"""The 差额 round workbook, for units that vote on paper: one sheet per award, named after it.

A sheet starts with the meeting (one ``label | value`` line each: 表决机构, 表决日期, 应到人数,
实到人数, 应选人数, 决议), then a header line ``候选对象 | 得票`` and one line per candidate of the
initial list. The file passes ``xlsx_guard`` before calamine reads it, bounded to
``MAX_CANDIDATES`` lines a sheet; the web reads it in ``core.isolate``'s child process. Reading
never judges the vote: ``rounds.derive`` does, for the portal form and this file alike.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from pingxuan.core.cells import whole_number
from pingxuan.core.rounds import Ballot, Round
from pingxuan.core.xlsx_guard import (
    ChooseSheets,
    SheetBounds,
    WorkbookError,
    guard_workbook,
    open_checked,
)

MAX_CANDIDATES = 500
MEETING = ("表决机构", "表决日期", "应到人数", "实到人数", "应选人数", "决议")
HEADER = ("候选对象", "得票")
COLUMNS = 4  # room for a note beside a line; anything further out is refused by the guard


@dataclass
class RoundSheet:
    """One sheet as read: the round, or what is wrong with the sheet (Chinese, with the row)."""

    award: str
    round: Round | None
    problems: list[str] = field(default_factory=list)


def _bounds(awards: tuple[str, ...]) -> ChooseSheets:
    def choose(_index: int, name: str) -> SheetBounds | None:
        if name.strip() in awards:
            return SheetBounds(rows=len(MEETING) + 2 + MAX_CANDIDATES, columns=COLUMNS)
        return None

    return choose


def read_round_workbook(path: Path, awards: tuple[str, ...]) -> list[RoundSheet]:
    """Every sheet named after an award; a workbook with none of them is refused."""
    names = guard_workbook(path, _bounds(awards))
    ours = [name for name in names if name.strip() in awards]
    if not ours:
        raise WorkbookError(
            f"{path.name}：没有以奖项命名的工作表（应为：{'、'.join(awards)}；"
            f"文件中有：{'、'.join(names) or '无'}）"
        )
    book = open_checked(path)
    return [
        _sheet(name.strip(), book.get_sheet_by_name(name).to_python(skip_empty_area=False))
        for name in ours
    ]


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value if value is not None else "").strip()


def _count(value: str, label: str, row: int, problems: list[str]) -> int:
    number = whole_number(value)
    if number is not None:
        return number
    problems.append(f"第{row}行“{label}”应为整数，现为“{value or '空'}”")
    return 0


def _day(value: str, row: int, problems: list[str]) -> date | None:
    try:
        return date.fromisoformat(value.replace("/", "-").replace(".", "-"))
    except ValueError:
        problems.append(f"第{row}行“表决日期”应写作 2024-03-01，现为“{value or '空'}”")
        return None


def _sheet(award: str, rows: Sequence[Sequence[object]]) -> RoundSheet:
    problems: list[str] = []
    meeting: dict[str, tuple[str, int]] = {}
    ballots: list[Ballot] = []
    in_list = False
    for number, raw in enumerate(rows, start=1):
        cells = [_text(value) for value in raw] + ["", ""]
        first, second = cells[0], cells[1]
        if not first and not second:
            continue
        if not in_list:
            if (first, second) == HEADER:
                in_list = True
            elif first in MEETING:
                meeting[first] = (second, number)
            else:
                problems.append(
                    f"第{number}行“{first}”不是表决记录的栏目（应为：{'、'.join(MEETING)}，"
                    f"然后一行“候选对象｜得票”）"
                )
            continue
        ballots.append(Ballot(first, _count(second, "得票", number, problems)))
    for label in MEETING[:-1]:
        if label not in meeting:
            problems.append(f"缺少“{label}”一行")
    if not in_list:
        problems.append("缺少“候选对象｜得票”表头行，以及其下每个候选对象一行")
    if problems:
        return RoundSheet(award, None, problems)
    counts = {
        label: _count(meeting[label][0], label, meeting[label][1], problems)
        for label in ("应到人数", "实到人数", "应选人数")
    }
    held_on = _day(*meeting["表决日期"], problems)
    if problems:
        return RoundSheet(award, None, problems)
    return RoundSheet(
        award,
        Round(
            award=award,
            body=meeting["表决机构"][0],
            held_on=held_on,
            present=counts["实到人数"],
            members=counts["应到人数"],
            seats=counts["应选人数"],
            ballots=tuple(ballots),
            resolution=meeting.get("决议", ("", 0))[0],
        ),
    )


def round_template(places: dict[str, int], bodies: list[str]) -> bytes:
    """A blank round workbook: a sheet per award the unit has places for."""
    book = Workbook()
    book.remove(book.active)
    for award, count in places.items():
        sheet = book.create_sheet(award[:31])
        sheet.append(["表决机构", bodies[0] if bodies else ""])
        sheet.append(["表决日期", "2024-03-01"])
        sheet.append(["应到人数", ""])
        sheet.append(["实到人数", ""])
        sheet.append(["应选人数", count])
        sheet.append(["决议", ""])
        sheet.append(list(HEADER))
        sheet.column_dimensions["A"].width = 30
        sheet.column_dimensions["B"].width = 30
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
