"""(e) The city's 汇总表 of a national campaign: 100,000 nominations, one sheet per award.

Judged: from the nominations and the engine's results (a loaded ``Checker``, which the web
has already for its pages) to the closed file: each unit's seating read from the engine, the
stroke order of every unit's list (``summary_table``) and the streaming xlsx writer. Reported
beside it: the same with the engine's check run first (its own target is (a)). Memory is what
the export allocates at its peak beyond the campaign already in memory (tracemalloc, in a run
of its own: tracing slows Python down).
"""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

from bench import national
from pingxuan.core.documents.filenames import document_filename
from pingxuan.core.documents.summary_xlsx import write_summary_xlsx
from pingxuan.core.documents.tables import summary_table
from pingxuan.core.rules.engine import Checker

SECONDS = 10.0
PEAK_BYTES = 500 * 2**20
OUT = national.CACHE_DIR / document_filename(None, "全部奖项", "汇总表", "xlsx")


def engine(data: national.Dataset) -> Checker:
    return Checker(data.spec).load(data.nominations, data.reports)


def export(data: national.Dataset, checker: Checker | None = None, out: Path = OUT) -> int:
    """Write the city's 汇总表 of every award; returns the rows listed. Without ``checker``
    the engine's check runs first."""
    checker = checker or engine(data)
    tables = [
        summary_table(data.spec, award.name, data.nominations, checker=checker)
        for award in data.spec.awards
    ]
    write_summary_xlsx(tables, out)
    return sum(table.count for table in tables)


def peak_memory(data: national.Dataset, checker: Checker) -> int:
    """Bytes allocated at the peak of an export, beyond what was allocated before it."""
    gc.collect()
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    export(data, checker)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak - before
