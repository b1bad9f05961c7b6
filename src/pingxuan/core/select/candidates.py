"""Who may be chosen at all, in a fixed order, and how each one counts.

A candidate is a comprehensive nomination, or an alternate (备选) who may take its leader's
place; it is listed as 综合表彰 when chosen (RULES.md §7), so it is judged as one here. The order
(award as the spec lists them, unit as the 附件 lists them, row) is the tie-break order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import chain

from pingxuan.core.final_list import as_comprehensive
from pingxuan.core.findings import Severity, Stage
from pingxuan.core.nominations import Nomination
from pingxuan.core.rules.context import Context
from pingxuan.core.rules.engine import NOMINEE_RULES
from pingxuan.core.spec.expressions import Expression
from pingxuan.core.spec.models import Spec

# (奖项, 推荐单位, 序号): how scores and must/must-not name a nomination. 序号 is the unit's own
# number (1..n per unit and award), so the unit is part of the name.
Key = tuple[str, str, str]


def key_of(nomination: Nomination) -> Key:
    return (nomination.award, nomination.unit, nomination.seq or f"第{nomination.ref.row}行")


def key_text(key: Key) -> str:
    """A key as a message names it: 五一劳动奖章郑东新区序号3."""
    award, unit, seq = key
    return f"{award}{unit}序号{seq}"


@dataclass(frozen=True, slots=True)
class Exclusion:
    rule: str  # select.withdrawn, select.sensitive_unanswered, an engine rule id …
    reason: str  # Chinese, for selection.json


@dataclass
class Candidates:
    """The chosen-or-not question: ``items[i]`` is column i of the model."""

    spec: Spec
    ctx: Context
    items: list[Nomination] = field(default_factory=list)
    scores: list[Decimal] = field(default_factory=list)
    leader_of: dict[int, int] = field(default_factory=dict)  # alternate index → leader index
    must: set[int] = field(default_factory=set)
    # Already on the list by a published decision (复审通过): chosen like ``must``, but not the
    # committee's choice to make again; a conflict names it as a published result.
    decided: set[int] = field(default_factory=set)
    # Decided nominations the final list cannot hold (a final-stage error of their own): no list
    # that keeps the published result exists, and the selection says so instead of dropping them.
    decided_out: list[tuple[Nomination, Exclusion]] = field(default_factory=list)
    excluded: list[tuple[Nomination, Exclusion]] = field(default_factory=list)
    # The input nomination an item stands for (an alternate's item is a comprehensive copy).
    source: list[Nomination] = field(default_factory=list)
    given_scores: dict[Key, Decimal] = field(default_factory=dict)

    _profiles: list[int] = field(default_factory=list)  # candidate → distinct facts profile
    _profile_facts: list[dict[str, object]] = field(default_factory=list)
    _holds: dict[object, list[bool]] = field(default_factory=dict)

    def of_award(self, award: str) -> list[int]:
        return [i for i, n in enumerate(self.items) if n.award == award]

    def holds(self, expression: Expression) -> list[bool]:
        """``expression`` of every candidate, evaluated once per distinct profile (the few
        columns that populations and reservations read): 100,000 people have a few hundred."""
        cached = self._holds.get(expression)
        if cached is None:
            if not self._profiles:
                self._build_profiles()
            per_profile = [expression(facts) for facts in self._profile_facts]
            cached = self._holds[expression] = [per_profile[p] for p in self._profiles]
        return cached

    def profiles(self) -> tuple[list[int], list[str]]:
        """Each candidate's profile, and each profile's award."""
        if not self._profiles:
            self._build_profiles()
        return self._profiles, [str(facts["__award__"]) for facts in self._profile_facts]

    def profile_holds(self, expression: Expression) -> list[bool]:
        if not self._profiles:
            self._build_profiles()
        return [expression(facts) for facts in self._profile_facts]

    def _build_profiles(self) -> None:
        sources = [ratio.population for ratio in self.spec.ratios]
        sources += [ratio.within for ratio in self.spec.ratios]
        sources += list(self.spec.reservations.values())
        columns = sorted({t.field for src in sources for t in self.ctx.expression(src).tests})
        seen: dict[tuple[object, ...], int] = {}
        for item in self.items:
            facts = item.facts
            key = (item.award, *[facts.get(c) for c in columns])
            profile = seen.get(key)
            if profile is None:
                profile = seen[key] = len(self._profile_facts)
                self._profile_facts.append(
                    {"__award__": item.award, **{c: facts.get(c) for c in columns}}
                )
            self._profiles.append(profile)


def build_candidates(
    spec: Spec,
    nominations: list[Nomination],
    scores: dict[Key, Decimal],
    *,
    as_of: date | None = None,
    must: frozenset[Key] = frozenset(),
    must_not: frozenset[Key] = frozenset(),
    decided: frozenset[Key] = frozenset(),
) -> Candidates:
    from pingxuan.core.select import c_exclusions

    ctx = Context(spec, Stage.FINAL, as_of)
    found = Candidates(spec, ctx, given_scores=scores)
    award_order = {award.name: i for i, award in enumerate(spec.awards)}
    unit_order = {unit.name: i for i, unit in enumerate(spec.units)}
    ordered = sorted(
        nominations,
        key=lambda n: (award_order.get(n.award, 99), unit_order.get(n.unit, 10**6), n.ref.row),
    )
    leaders = {
        (n.award, n.unit, n.seq): n
        for n in ordered
        if n.comprehensive
        and n.seq
        and n.facts.get("身份类别") in spec.rules.leader_alternate.categories
    }
    zero = Decimal(0)
    index_of: dict[int, int] = {}
    pending_alternates: list[tuple[int, Nomination]] = []
    for nomination in ordered:
        item = as_comprehensive(nomination) if nomination.is_alternate else nomination
        leader = None
        if nomination.is_alternate:
            target = nomination.facts.get("备选对象序号")
            leader = leaders.get((nomination.award, nomination.unit, str(target)))
        key = key_of(nomination)
        exclusion = c_exclusions.exclusion(
            ctx, nomination, item, leader, key in must_not, decided=key in decided
        )
        if exclusion is None:
            exclusion = _nominee_error(ctx, item)
        if exclusion is not None:
            if key in decided and exclusion.rule != "select.special":
                found.decided_out.append((nomination, exclusion))
            found.excluded.append((nomination, exclusion))
            continue
        index = len(found.items)
        index_of[id(nomination)] = index
        found.items.append(item)
        found.source.append(nomination)
        found.scores.append(scores.get(key, zero))
        if key in decided:
            found.decided.add(index)
        elif key in must:
            found.must.add(index)
        if leader is not None:
            pending_alternates.append((index, leader))
    for index, leader in pending_alternates:
        if id(leader) in index_of:
            found.leader_of[index] = index_of[id(leader)]
    return found


def _nominee_error(ctx: Context, item: Nomination) -> Exclusion | None:
    """A nomination the engine would reject on its own at the final stage (a missing 职代会
    date, a negative record …) cannot be on the list whatever else is chosen."""
    for finding in chain.from_iterable(rule(ctx, item) for rule in NOMINEE_RULES):
        if finding.severity == Severity.ERROR:
            return Exclusion(finding.rule, f"{finding.message}（{finding.hint}）")
    return None
