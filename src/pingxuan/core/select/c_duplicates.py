"""The same person, organisation or team at most once on the list (三（四）): the engine reports
two holders of one ID number, credit code or team name as ``identity.duplicate``."""

from __future__ import annotations

from collections import defaultdict

from pingxuan.core.rules.duplicates import DuplicateKey, identity_key
from pingxuan.core.select.candidates import Candidates
from pingxuan.core.select.model import Model, RuleRef


def add(model: Model, found: Candidates) -> None:
    rule = found.spec.rules.duplicates
    if found.ctx.severity(rule.severity) is None:
        return
    first_holder: dict[DuplicateKey, int] = {}
    holders: dict[DuplicateKey, list[int]] = defaultdict(list)  # only keys held twice or more
    for index, item in enumerate(found.items):
        key = identity_key(item)
        if key is None:
            continue
        first = first_holder.setdefault(key, index)
        if first != index:
            if key not in holders:
                holders[key].append(first)
            holders[key].append(index)
    for indices in holders.values():
        first_item = found.items[indices[0]]
        ref = RuleRef(
            "identity.duplicate",
            rule.clause,
            first_item.award,
            None,
            f"{first_item.label}只能入选一次",
        )
        model.add_row(ref, indices, [1.0] * len(indices), upper=1.0)
