"""Ratios over populations (三（一）, 附件说明) that are errors at the final stage.

The engine (``rules.ratios.bound``) asks members ≥ ceil(r·base) of a minimum and members ≤
floor(r·base) of a maximum. Members are an integer, so members ≥ ceil(r·n) ⟺ members ≥ r·n and
members ≤ floor(r·n) ⟺ members ≤ r·n: with r = a/b in lowest terms the rows
b·members − a·n ≥ 0 (≤ 0) are exactly the engine's rule, in integers, for a base n that is
itself the number chosen. A base of the award's total is a constant: members ≥ ceil(r·T) or
≤ floor(r·T). ``at_least`` ("应占一定比例") is members ≥ k. The base ``capped`` is min(chosen,
total), which is the number chosen because the totals row never lets it pass the total.
"""

from __future__ import annotations

import math
from collections import defaultdict
from fractions import Fraction

from pingxuan.core.findings import Severity
from pingxuan.core.rules.ratios import base_expression, member_expression
from pingxuan.core.select.candidates import Candidates
from pingxuan.core.select.counts import profile_counts
from pingxuan.core.select.model import Model, RuleRef
from pingxuan.core.spec.models import Ratio


def enforced(found: Candidates) -> list[Ratio]:
    """The ratios whose breach the engine reports as an error at the final stage."""
    return [r for r in found.spec.ratios if found.ctx.severity(r.severity) == Severity.ERROR]


def describe(ratio: Ratio) -> str:
    awards = "、".join(ratio.awards)
    if ratio.at_least is not None:
        return f"{awards}中{ratio.label}至少{ratio.at_least}个"
    share = ratio.min if ratio.min is not None else ratio.max
    assert share is not None
    word = "不低于" if ratio.min is not None else "不超过"
    within = f"中的{ratio.within_label}" if ratio.within else ""
    return f"{awards}{within}中{ratio.label}{word}{(share * 100).normalize():f}%"


def add(model: Model, found: Candidates) -> None:
    ratios = enforced(found)
    counts = profile_counts(model, found) if any(r.group == "city" for r in ratios) else []
    profile_award = found.profiles()[1] if counts else []
    for ratio in ratios:
        total = sum(found.spec.award(name).total for name in ratio.awards)
        if ratio.group == "city":
            # Over the profiles' counts: a few hundred entries a row instead of one per person.
            based = found.profile_holds(base_expression(found.ctx, ratio))
            holds = found.profile_holds(member_expression(found.ctx, ratio))
            indices = [
                counts[p]
                for p, award in enumerate(profile_award)
                if award in ratio.awards and based[p]
            ]
            members = [
                counts[p]
                for p, award in enumerate(profile_award)
                if award in ratio.awards and holds[p]
            ]
            ref = RuleRef(f"ratio.{ratio.id}", ratio.clause, _award(ratio), None, describe(ratio))
            _add_rows(model, ratio, ref, indices, members, total)
            continue
        based = found.holds(base_expression(found.ctx, ratio))
        population = found.holds(member_expression(found.ctx, ratio))
        groups: dict[str, list[int]] = defaultdict(list)
        for index, item in enumerate(found.items):
            if item.award in ratio.awards and based[index]:
                groups[item.unit].append(index)
        for unit, indices in groups.items():
            ref = RuleRef(f"ratio.{ratio.id}", ratio.clause, _award(ratio), unit, describe(ratio))
            members = [i for i in indices if population[i]]
            _add_rows(model, ratio, ref, indices, members, total)


def _award(ratio: Ratio) -> str | None:
    return ratio.awards[0] if len(ratio.awards) == 1 else None


def _add_rows(
    model: Model, ratio: Ratio, ref: RuleRef, indices: list[int], members: list[int], total: int
) -> None:
    ones = [1.0] * len(members)
    if ratio.at_least is not None:
        model.add_row(ref, members, ones, lower=ratio.at_least, elastic="lower")
        return
    share = Fraction(ratio.min if ratio.min is not None else ratio.max)  # type: ignore[arg-type]
    if ratio.base == "award_total":
        if ratio.min is not None:
            model.add_row(ref, members, ones, lower=math.ceil(share * total), elastic="lower")
        else:
            model.add_row(ref, members, ones, upper=math.floor(share * total), elastic="upper")
        return
    # b·members − a·n, as one row: a member is in the base too.
    a, b = share.numerator, share.denominator
    in_population = set(members)
    values = [float(b - a) if i in in_population else float(-a) for i in indices]
    if ratio.min is not None:
        model.add_row(ref, indices, values, lower=0.0, elastic="lower", weight=b)
    else:
        model.add_row(ref, indices, values, upper=0.0, elastic="upper", weight=b)
