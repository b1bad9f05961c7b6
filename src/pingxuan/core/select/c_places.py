"""Unit places (附件): who of a unit's chosen can sit where, and the 奖状 pool's per-unit cap.

The engine seats a unit's comprehensive nominations of a per-unit award in its places as a
maximum matching (``rules.quota.seat``) and reports everyone left without a place. By Hall's
theorem every chosen candidate has a seat exactly when, for every set W of place kinds, the
chosen candidates who fit only kinds in W are no more than the places of W. The open places fit
everybody, so only the sets W that contain them matter when a unit has open places: 2^r rows
for r reserved kinds (r ≤ 3 in 2024), and a row is left out when the candidates it counts could
never exceed its places. No helper columns: the MILP stays one binary per candidate.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from itertools import combinations

from pingxuan.core.select.candidates import Candidates
from pingxuan.core.select.model import Model, RuleRef

MAX_RESERVED_KINDS = 12  # 4,096 rows for one unit: far beyond any 附件 cell


@functools.lru_cache(maxsize=256)
def kind_name(labels: tuple[str, ...]) -> str:
    if not labels:
        return "非预留"
    return labels[0] + "".join(f"（其中{label}）" for label in labels[1:])


def add(model: Model, found: Candidates) -> None:
    spec = found.spec
    units = {unit.name: unit for unit in spec.units}
    by_unit: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, item in enumerate(found.items):
        by_unit[(item.award, item.unit)].append(index)
    fits_of: dict[tuple[str, ...], list[bool]] = {}
    for (award_name, unit), indices in by_unit.items():
        award = spec.award(award_name)
        if award.allocation == "pool":
            if award.per_unit_max is not None and len(indices) > award.per_unit_max:
                ref = RuleRef(
                    "quota.pool_unit_max",
                    spec.rules.pool.clause,
                    award_name,
                    unit,
                    f"{unit}{award_name}至多{award.per_unit_max}个",
                )
                model.add_row(
                    ref, indices, [1.0] * len(indices), upper=award.per_unit_max, elastic="upper"
                )
            continue
        places = units[unit].places.get(award_name) if unit in units else None
        kinds = places.slots() if places else []
        for labels, _ in kinds:
            if labels not in fits_of:
                fits_of[labels] = found.holds(found.ctx.reservation(labels))
        _hall_rows(model, found, award_name, unit, indices, kinds, fits_of)


def _hall_rows(
    model: Model,
    found: Candidates,
    award: str,
    unit: str,
    indices: list[int],
    kinds: list[tuple[tuple[str, ...], int]],
    fits_of: dict[tuple[str, ...], list[bool]],
) -> None:
    clause = found.spec.rules.quota.clause
    # Which kinds each candidate fits, as a bit mask over ``kinds``.
    masks = {
        i: sum(1 << k for k, (labels, _) in enumerate(kinds) if fits_of[labels][i]) for i in indices
    }
    everything = (1 << len(kinds)) - 1
    open_kinds = [k for k, (labels, _) in enumerate(kinds) if not labels]
    reserved = [k for k, (labels, _) in enumerate(kinds) if labels]
    if len(reserved) > MAX_RESERVED_KINDS:
        raise ValueError(f"{unit}{award}：预留名额种类过多（{len(reserved)}种）")
    base = sum(1 << k for k in open_kinds)
    subsets = [
        base + sum(1 << k for k in chosen)
        for size in range(len(reserved) + 1)
        for chosen in combinations(reserved, size)
    ]
    for within in subsets:
        members = [i for i in indices if masks[i] & ~within == 0]
        capacity = sum(count for k, (_, count) in enumerate(kinds) if within >> k & 1)
        if len(members) <= capacity:
            continue  # the row could never bind
        if within == everything:
            label = f"{unit}{award}名额{capacity}个"
            rule = "quota.unit_over"
        else:
            names = "、".join(kind_name(kinds[k][0]) for k in range(len(kinds)) if within >> k & 1)
            label = f"{unit}{award}只能占{names or '（无）'}名额的推荐对象至多{capacity}个"
            rule = "quota.unit_unplaced"
        ref = RuleRef(rule, clause, award, unit, label)
        model.add_row(ref, members, [1.0] * len(members), upper=capacity, elastic="upper")
