"""An uploaded exchange workbook or 汇总表, read as the web import needs it, in one function that a
child process runs (``isolate.run_isolated``): the web process never parses the file itself.

Besides the nominations, the import stores each cell as the clerk typed it, so the award sheets
with rows are handed back as calamine read them too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from pingxuan.core.documents.summary_xlsx import (
    SummaryBook,
    is_summary_workbook,
    read_summary_xlsx,
)
from pingxuan.core.nominations import Nomination
from pingxuan.core.spec.models import Spec
from pingxuan.core.workbook import Workbook, WorkbookError, read_workbook
from pingxuan.core.xlsx_guard import open_calamine

# What the reading reports while it runs: ("summary",) once a 汇总表 is recognised, then
# ("sheet", award, rows) as each sheet becomes nominations ("" for a blank sheet).
Report = Callable[[tuple[object, ...]], None]


@dataclass
class Upload:
    summary: SummaryBook | None = None
    workbook: Workbook | None = None
    sheets: dict[str, list[list[object]]] = field(default_factory=dict)


def _no_report(item: tuple[object, ...]) -> None:
    return None


def read_upload(path: Path, spec: Spec, report: Report = _no_report) -> Upload:
    """The 汇总表's rows, or the exchange workbook's nominations and its award sheets' cells.
    Raises ``WorkbookError`` for a file that cannot be read (bounds: ``xlsx_guard``)."""

    def on_sheet(nominations: list[Nomination]) -> None:
        award = nominations[0].award if nominations else ""
        report(("sheet", award, len(nominations)))

    if is_summary_workbook(path, spec):
        report(("summary",))
        return Upload(summary=read_summary_xlsx(path, spec, on_sheet=on_sheet))
    workbook = read_workbook(path, spec, on_sheet=on_sheet)
    awards = [
        award.name
        for award in spec.awards
        if any(n.award == award.name for n in workbook.nominations)
    ]
    try:
        # read_workbook has just bounded these very sheets.
        book = open_calamine(path)
        present = {name.strip(): name for name in book.sheet_names}
        sheets = {
            award: cast(
                "list[list[object]]",
                book.get_sheet_by_name(present[award]).to_python(skip_empty_area=False),
            )
            for award in awards
        }
    except Exception as exc:  # calamine's own types
        raise WorkbookError(
            f"{path.name}：无法读取（{type(exc).__name__}），请重新保存后上传。"
        ) from None
    return Upload(workbook=workbook, sheets=sheets)
