"""Running a reader in a child process: results and expected errors come back, and a child that
runs out of memory or time, or dies, is reported without taking the caller with it."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import python_calamine

from pingxuan.core.isolate import IsolationFailed, run_isolated
from pingxuan.core.workbook import WorkbookError
from tests.core.helpers import add_cells


def doubled(value: int) -> int:
    return value * 2


def reporting(count: int, report: Callable[[object], None]) -> str:
    for step in range(count):
        report(("step", step))
    return "done"


def refusing(message: str) -> None:
    raise WorkbookError(message)


def sleeping(seconds: float) -> None:
    time.sleep(seconds)


def hoarding(megabytes: int) -> int:
    return len(bytearray(megabytes << 20))


def dying() -> None:
    os.abort()


def calamine_unguarded(path: Path) -> int:
    """What the readers did before issue 11: calamine on a file nobody bounded."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return len(book.get_sheet_by_name(book.sheet_names[0]).to_python())


def test_run_isolated_returns_what_the_function_returns() -> None:
    assert run_isolated(doubled, 21) == 42


def test_run_isolated_hands_each_report_over_while_running() -> None:
    reports: list[object] = []

    result = run_isolated(reporting, 3, on_report=reports.append)

    assert (result, reports) == ("done", [("step", 0), ("step", 1), ("step", 2)])


def test_run_isolated_raises_what_the_function_raises() -> None:
    with pytest.raises(WorkbookError) as raised:
        run_isolated(refusing, "坏.xlsx：工作表“五一劳动奖章”缺少列“姓名”")

    assert str(raised.value) == "坏.xlsx：工作表“五一劳动奖章”缺少列“姓名”"


def test_run_isolated_stops_a_child_at_its_time_limit() -> None:
    started = time.monotonic()

    with pytest.raises(IsolationFailed) as raised:
        run_isolated(sleeping, 60, timeout=2)

    assert (raised.value.reason, raised.value.message) == ("timeout", "读取超过 2 秒仍未完成")
    assert time.monotonic() - started < 10


def test_run_isolated_caps_the_memory_of_the_child() -> None:
    with pytest.raises(IsolationFailed) as raised:
        run_isolated(hoarding, 2048)

    assert (raised.value.reason, raised.value.message) == (
        "memory",
        "读取所需内存超过 1024 MB 的上限",
    )


def test_run_isolated_reports_a_child_that_dies() -> None:
    with pytest.raises(IsolationFailed) as raised:
        run_isolated(dying)

    assert raised.value.reason == "crash"


def test_run_isolated_survives_calamine_aborting_on_a_far_cell(compliant_workbook: Path) -> None:
    # The last line of defence: were a hostile file to get past xlsx_guard, calamine's abort
    # (a 512 GiB allocation) ends the child, not the caller.
    add_cells(
        compliant_workbook,
        "xl/worksheets/sheet1.xml",
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    )

    with pytest.raises(IsolationFailed) as raised:
        run_isolated(calamine_unguarded, compliant_workbook)

    assert (raised.value.reason, raised.value.message) == (
        "crash",
        "读取进程异常退出（可能超过 1024 MB 的内存上限）",
    )
