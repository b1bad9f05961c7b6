"""What ``pingxuan select`` writes: the chosen list as an exchange workbook, and the decisions.

``selection.xlsx`` has one sheet per award with the exchange columns (RULES.md §6) and exactly
the chosen nominations, an alternate who takes the place listed as 综合表彰; ``pingxuan check
--stage final`` reads it back. ``selection.json`` gives each nomination: chosen or not, its
score, and why (the binding rule, the score, or the exclusion), and the conflicts when no list
exists.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook

from pingxuan.core.columns import COLUMNS_BY_SUBJECT, Column, Kind
from pingxuan.core.documents.cells import safe_text
from pingxuan.core.nominations import Nomination
from pingxuan.core.select.explain import Conflict
from pingxuan.core.select.solve import Selection
from pingxuan.core.spec.models import Spec


def cell_text(spec: Spec, column: Column, value: Any) -> str | None:
    """A parsed value back to the text a clerk would type, so that it parses to itself."""
    if value is None or value == "" or value == () or value == frozenset():
        return None
    kind = column.kind
    if kind == Kind.TAGS:
        order = spec.vocabulary.model_dump()[column.vocabulary or "tags"]
        return "、".join(sorted(value, key=order.index))
    if kind in (Kind.AREAS, Kind.YEARS):
        return "、".join(str(v) for v in sorted(value))
    if kind == Kind.NEGATIVES:
        return "；".join(f"{k}:{when:%Y-%m-%d}" for k, when in value)
    if kind == Kind.MONTH and isinstance(value, date):
        return f"{value:%Y-%m}"
    if isinstance(value, date):
        return value.isoformat()
    if kind == Kind.TEXT:
        return safe_text(value)  # a deed starting with "=" stays text in every spreadsheet
    return str(value)


def write_selection_workbook(spec: Spec, chosen: list[Nomination], out: Path | BinaryIO) -> None:
    """``chosen`` (a final list, as ``on_final_list`` counts it) as an exchange workbook, to a
    path or an open binary file (the office's download)."""
    book = Workbook(write_only=True)
    for award in spec.awards:
        mine = [n for n in chosen if n.award == award.name]
        sheet = book.create_sheet(award.name)
        columns = COLUMNS_BY_SUBJECT[award.subject]
        sheet.append([c.name for c in columns])
        for nomination in sorted(mine, key=lambda n: n.ref.row):
            sheet.append([cell_text(spec, c, nomination.facts.get(c.name)) for c in columns])
    book.save(str(out) if isinstance(out, Path) else out)


def selection_json(spec: Spec, selection: Selection) -> dict[str, object]:
    counts = Counter(n.award for n in selection.chosen)
    return {
        "campaign": spec.campaign.id,
        "feasible": selection.feasible,
        "objective": str(selection.objective),
        "chosen": {award.name: counts.get(award.name, 0) for award in spec.awards},
        "conflicts": [_conflict(c) for c in selection.conflicts if isinstance(c, Conflict)],
        "nominations": [
            {
                "award": d.nomination.award,
                "sheet_row": d.nomination.ref.row,
                "序号": d.nomination.seq,
                "unit": d.nomination.unit,
                "name": d.nomination.label,
                "表彰类型": d.nomination.kind,
                "chosen": d.chosen,
                "score": str(d.score),
                "rule": d.rule,
                "reason": d.reason,
            }
            for d in sorted(
                selection.decisions, key=lambda d: (d.nomination.award, d.nomination.ref.row)
            )
        ],
    }


def _conflict(conflict: Conflict) -> dict[str, object]:
    ref = conflict.ref
    return {
        "rule": ref.rule,
        "clause": ref.clause,
        "award": ref.award,
        "unit": ref.unit,
        "amount": conflict.amount,
        "message": conflict.message,
    }


def write_outputs(spec: Spec, selection: Selection, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    if selection.feasible:
        workbook = directory / "selection.xlsx"
        write_selection_workbook(spec, selection.chosen, workbook)
        written.append(workbook)
    report = directory / "selection.json"
    report.write_text(
        json.dumps(selection_json(spec, selection), ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    written.append(report)
    return written
