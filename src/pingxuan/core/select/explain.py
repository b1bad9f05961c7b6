"""Why no list exists: the smallest set of rules that cannot hold together, and what is missing.

1. Elastic model: every rule instance that may give (``Row.elastic``) gets a slack, weighted so
   that one unit of slack is one candidate; minimising the slack shows which rules are broken.
2. Deletion filter: starting from those rules (or from all, if they alone are satisfiable),
   drop each rule whose absence still leaves the rest infeasible. What remains is irreducible:
   every rule in it is needed for the conflict, and dropping any one makes a list possible.
3. The elastic model over that set alone gives the numbers of the message: how many more
   candidates of a population, or how many places short ("还需2个非公有制候选：符合条件的28个
   五一劳动奖状推荐对象中只有6个是非公有制").
Structural rows (seating flow, leader or alternate, duplicates) never give: they are the shape
of the problem, not a rule one could relax.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from pingxuan.core.rules.ratios import base_expression, member_expression
from pingxuan.core.select.candidates import Candidates
from pingxuan.core.select.model import Model, Row, RuleRef, solve_lp_first
from pingxuan.core.spec.models import Ratio


@dataclass(frozen=True, slots=True)
class Conflict:
    ref: RuleRef
    amount: int  # candidates missing (a minimum) or in excess (a maximum), in the elastic optimum
    message: str


def _elastic_rows(model: Model, rows: list[Row], elastic: set[RuleRef]) -> tuple[list[Row], int]:
    out: list[Row] = []
    slack = len(model.lower)
    for row in rows:
        if row.ref not in elastic or row.elastic is None:
            out.append(row)
            continue
        columns, values = list(row.columns), list(row.values)
        weight = row.weight
        if row.elastic in ("lower", "both"):
            columns.append(slack)
            values.append(weight)
            slack += 1
        if row.elastic in ("upper", "both"):
            columns.append(slack)
            values.append(-weight)
            slack += 1
        out.append(Row(row.ref, columns, values, row.lower, row.upper, row.elastic, row.weight))
    return out, slack - len(model.lower)


def _rows_with(model: Model, kept: set[RuleRef]) -> list[Row]:
    return [r for r in model.rows if r.elastic is None or r.ref in kept]


def _feasible(model: Model, kept: set[RuleRef]) -> bool:
    lp = model.to_highs(rows=_rows_with(model, kept), cost=[0.0] * len(model.lower))
    return solve_lp_first(lp, model.candidates) is not None


def _elastic_solve(
    model: Model, kept: set[RuleRef]
) -> tuple[list[float], dict[RuleRef, float]] | None:
    rows, extra = _elastic_rows(model, _rows_with(model, kept), kept)
    cost = [0.0] * len(model.lower) + [1.0] * extra
    lp = model.to_highs(rows=rows, cost=cost, extra_columns=extra, maximise=False)
    solved = solve_lp_first(lp, model.candidates)
    if solved is None:
        return None
    values = solved[0]
    used: dict[RuleRef, float] = {}
    for row in rows:
        for column in row.columns:
            if column >= len(model.lower) and values[column] > 1e-6:
                used[row.ref] = used.get(row.ref, 0.0) + values[column]
    return values, used


def _irreducible(model: Model, keep: set[RuleRef], order: list[RuleRef]) -> set[RuleRef]:
    """Deletion filter by halves: drop a whole block of rules when the rest stays infeasible,
    else split it. Each rule left was found needed when it was tried alone, and removing rules
    later only makes that truer, so the result is irreducible; a conflict of k rules among n
    costs about k·log n solves instead of n."""
    keep = set(keep)
    blocks = [order]
    while blocks:
        block = blocks.pop()
        if not block:
            continue
        if not _feasible(model, keep - set(block)):
            keep -= set(block)
        elif len(block) > 1:
            middle = len(block) // 2
            blocks.append(block[middle:])
            blocks.append(block[:middle])
    return keep


def explain(found: Candidates, model: Model) -> Iterator[Conflict]:
    every = {row.ref for row in model.rows if row.elastic is not None}
    solved = _elastic_solve(model, every)
    if solved is None:  # the structure alone admits no list: not expected, say so plainly
        yield Conflict(
            RuleRef("select.structure", "—", None, None, "名单结构"),
            0,
            "推荐对象之间的结构约束（备选、重复推荐、落座）无法同时满足，请核对工作簿",
        )
        return
    _, used = solved
    violated = set(used)
    keep = set(violated) if not _feasible(model, violated) else set(every)
    # Rules that hold in the elastic optimum are tried first: they are the likeliest to go.
    order = [ref for ref in _ordered(keep) if ref not in violated] + _ordered(keep & violated)
    keep = _irreducible(model, keep, order)
    # With no candidate at all the elastic model of ``keep`` alone may have no columns to
    # solve over; the first elastic solution then says how much each rule lacks.
    final = _elastic_solve(model, keep) if keep else None
    values, amounts = final if final is not None else solved
    if not keep:
        keep = violated
    for ref in _ordered(keep):
        amount = math.ceil(amounts.get(ref, 0.0) - 1e-6)
        yield Conflict(ref, amount, _message(found, ref, amount, values))


def _ordered(refs: set[RuleRef]) -> list[RuleRef]:
    return sorted(refs, key=lambda r: (r.award or "", r.rule, r.unit or "", r.label))


def _ratio(found: Candidates, ref: RuleRef) -> Ratio | None:
    for ratio in found.spec.ratios:
        if ref.rule == f"ratio.{ratio.id}":
            return ratio
    return None


def _message(found: Candidates, ref: RuleRef, amount: int, values: list[float]) -> str:
    ratio = _ratio(found, ref)
    if ref.rule == "quota.award_total":
        eligible = len(found.of_award(ref.award or ""))
        total = found.spec.award(ref.award or "").total
        if eligible < total:
            short = total - eligible
            return f"{ref.award}需{total}个，符合条件的推荐对象只有{eligible}个，还差{short}个"
        return (
            f"{ref.award}须选满{total}个（符合条件的推荐对象{eligible}个），"
            f"与下列规则同时满足时最多只能选出{total - amount}个"
            if amount
            else f"{ref.award}须选满{total}个（符合条件的推荐对象{eligible}个）"
        )
    if ratio is not None:
        return _ratio_message(found, ref, ratio, amount)
    if ref.rule == "select.must_take":
        return f"{ref.label}：与其他规则不能同时满足"
    if ref.rule == "select.decided":
        return f"{ref.label}：结论已发布、仍在名单上，与其他规则不能同时满足"
    return f"{ref.label}：超出{amount}个" if amount else f"{ref.label}：已用满"


def _ratio_message(found: Candidates, ref: RuleRef, ratio: Ratio, amount: int) -> str:
    based = base_expression(found.ctx, ratio)
    population = member_expression(found.ctx, ratio)
    pool = [
        item
        for item in found.items
        if item.award in ratio.awards
        and (ref.unit is None or item.unit == ref.unit)
        and based(item.facts)
    ]
    members = sum(1 for item in pool if population(item.facts))
    awards = "、".join(ratio.awards) + (ratio.within_label if ratio.within else "")
    total = sum(found.spec.award(name).total for name in ratio.awards)
    if ratio.at_least is not None:
        limit = f"至少{ratio.at_least}个"
    elif ratio.min is not None:
        limit = f"按{total}个计至少{math.ceil(Fraction(ratio.min) * total)}个"
    else:
        assert ratio.max is not None
        limit = f"按{total}个计至多{math.floor(Fraction(ratio.max) * total)}个"
    if ratio.max is None:
        need = f"还需{amount}个{ratio.label}候选；" if amount else ""
        return (
            f"{ref.label}（{limit}）：{need}符合条件的{len(pool)}个{awards}推荐对象中"
            f"只有{members}个是{ratio.label}"
        )
    excess = f"多出{amount}个{ratio.label}；" if amount else ""
    return f"{ref.label}（{limit}）：{excess}符合条件的{awards}推荐对象中{ratio.label}{members}个"
