"""Must take: the committee's fixed choices, one elastic row each so that a conflict among
them and the rules is named rather than reported as a bare "infeasible"."""

from __future__ import annotations

from pingxuan.core.select.candidates import Candidates
from pingxuan.core.select.model import Model, RuleRef


def add(model: Model, found: Candidates) -> None:
    for index in sorted(found.must):
        item = found.items[index]
        ref = RuleRef(
            "select.must_take", "评审", item.award, item.unit, f"评审委员会决定必选：{item.label}"
        )
        model.add_row(ref, [index], [1.0], lower=1.0, elastic="lower")
