"""Leader or alternate, never both (三（一）1: 凡推荐企业负责人或科级干部的，必须同时推荐1名
同类别一线职工作为备选). The alternate exists to take the leader's place: one place, two people."""

from __future__ import annotations

from pingxuan.core.select.candidates import Candidates
from pingxuan.core.select.model import Model, RuleRef


def add(model: Model, found: Candidates) -> None:
    clause = found.spec.rules.leader_alternate.clause
    for alternate, leader in sorted(found.leader_of.items()):
        item = found.items[leader]
        ref = RuleRef(
            "select.leader_or_alternate",
            clause,
            item.award,
            item.unit,
            f"{item.label}与其备选只能一人入选",
        )
        model.add_row(ref, [leader, alternate], [1.0, 1.0], upper=1.0)
