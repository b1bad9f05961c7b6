"""Ratios over populations (三（一）, 附件说明): counted per unit, summed for the city.

A minimum ratio r over a base of n needs at least ceil(r·n); a maximum allows at most floor(r·n);
``at_least`` is a plain count ("应占一定比例" is at least one). Counts are kept per unit so that
re-checking one unit only re-counts that unit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter

from pingxuan.core.findings import Finding, RowRef, Scope
from pingxuan.core.nominations import Nomination
from pingxuan.core.rules.context import Context
from pingxuan.core.spec.expressions import Expression
from pingxuan.core.spec.models import Ratio

_facts = attrgetter("facts")


@dataclass
class Tally:
    """How many nominations a ratio counts (base) and how many are in its population."""

    members: int = 0
    base: int = 0
    rows: list[RowRef] = field(default_factory=list)  # kept for maxima: the rows to cut

    def add(self, other: Tally) -> None:
        self.members += other.members
        self.base += other.base

    def subtract(self, other: Tally) -> None:
        self.members -= other.members
        self.base -= other.base


def base_expression(ctx: Context, ratio: Ratio) -> Expression:
    """Who of the ratio's comprehensive nominees the share is measured within (its ``within``).

    The engine, the optimiser's rows and its explanations all read the base and the members
    through these two functions, so a ratio means the same everywhere."""
    return ctx.expression(ratio.within)


def member_expression(ctx: Context, ratio: Ratio) -> Expression:
    """Who counts towards the share: in the population and in the base."""
    return ctx.expression(ratio.population).conjoin(base_expression(ctx, ratio))


def tally(ctx: Context, ratio: Ratio, nominations: Iterable[Nomination]) -> Tally:
    """Count comprehensive nominations of the ratio's awards and those in its population."""
    awards = ratio.awards
    return tally_counted(
        ctx, ratio, [n for n in nominations if n.award in awards and n.comprehensive]
    )


def tally_counted(ctx: Context, ratio: Ratio, counted: Sequence[Nomination]) -> Tally:
    """``tally`` of nominations already known to be comprehensive ones of the ratio's awards."""
    if ratio.within:
        within = ctx.predicate(ratio.within)  # base_expression, compiled and cached
        counted = [n for n in counted if within(n.facts)]
    population = ctx.predicate(ratio.population)
    if ratio.max is None:  # only a maximum names the rows to cut; a count is all the rest need
        return Tally(sum(map(population, map(_facts, counted))), len(counted))
    rows = [n.ref for n in counted if population(n.facts)]
    return Tally(len(rows), len(counted), rows)


@dataclass(frozen=True)
class Bound:
    kind: str  # "min" | "max"
    count: int
    base: int


def bound(ctx: Context, ratio: Ratio, counted: Tally) -> Bound:
    total = sum(ctx.spec.award(name).total for name in ratio.awards)
    base = {"capped": min(counted.base, total), "count": counted.base, "award_total": total}[
        ratio.base
    ]
    if ratio.at_least is not None:
        return Bound("min", ratio.at_least, base)
    if ratio.min is not None:
        return Bound("min", math.ceil(ratio.min * base), base)
    assert ratio.max is not None
    return Bound("max", math.floor(ratio.max * base), base)


def _share(value: Decimal | None) -> str:
    """Decimal('0.35') → '35'."""
    assert value is not None
    return f"{(value * 100).normalize():f}"


def _percent(members: int, base: int) -> str:
    return f"{members * 100 / base:.1f}%" if base else "—"


def _unit_word(ctx: Context, ratio: Ratio) -> str:
    persons = all(ctx.spec.award(name).subject == "person" for name in ratio.awards)
    return "名" if persons else "个"


def check_ratio(
    ctx: Context, ratio: Ratio, counted: Tally, unit: str | None, rows: Sequence[RowRef] = ()
) -> Iterator[Finding]:
    """One ratio rule over one group (the city, or a unit)."""
    severity = ctx.severity(ratio.severity)
    if severity is None or counted.base == 0:
        return
    limit = bound(ctx, ratio, counted)
    awards = "、".join(ratio.awards)
    word = _unit_word(ctx, ratio)
    share = _percent(counted.members, counted.base)
    where = f"本单位推荐的{awards}" if unit else awards
    if ratio.within:
        where = f"{where}中的{ratio.within_label}"
    if limit.kind == "min" and counted.members < limit.count:
        missing = limit.count - counted.members
        if ratio.at_least is not None:
            message = f"{where}中没有{ratio.label}（应占一定比例）"
        else:
            message = (
                f"{where}中{ratio.label}{counted.members}{word}，占{share}，"
                f"低于{_share(ratio.min)}%（按{limit.base}{word}计至少需{limit.count}{word}）"
            )
        hint = f"还需 {missing} {word}{ratio.label}"
    elif limit.kind == "max" and counted.members > limit.count:
        excess = counted.members - limit.count
        message = (
            f"{where}中{ratio.label}{counted.members}{word}，超过{_share(ratio.max)}%"
            f"（按{limit.base}{word}计至多{limit.count}{word}）"
        )
        hint = f"需减少 {excess} {word}{ratio.label}"
    else:
        return
    yield Finding(
        rule=f"ratio.{ratio.id}",
        clause=ratio.clause,
        severity=severity,
        scope=Scope.UNIT if unit else Scope.CITY,
        award=ratio.awards[0] if len(ratio.awards) == 1 else None,
        unit=unit,
        rows=tuple(rows),
        message=message,
        hint=hint,
    )
