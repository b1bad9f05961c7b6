"""Fixed choices: the committee's must-takes, and the nominations already on the list by a
published 复审通过 (which the selection cannot undo: it only prepares decisions for the rest).
One elastic row each, so that a conflict among them and the rules is named rather than reported
as a bare "infeasible"."""

from __future__ import annotations

from pingxuan.core.select.candidates import Candidates
from pingxuan.core.select.model import Model, RuleRef


def add(model: Model, found: Candidates) -> None:
    for index in sorted(found.decided):
        item = found.items[index]
        ref = RuleRef(
            "select.decided", "四", item.award, item.unit, f"已复审通过（已发布）：{item.label}"
        )
        model.add_row(ref, [index], [1.0], lower=1.0, elastic="lower")
    for index in sorted(found.must):
        item = found.items[index]
        ref = RuleRef(
            "select.must_take", "评审", item.award, item.unit, f"评审委员会决定必选：{item.label}"
        )
        model.add_row(ref, [index], [1.0], lower=1.0, elastic="lower")
