"""The rules engine: (spec, nominations) → findings, incrementally, unit by unit.

``Checker`` keeps what each unit contributes (its own findings, its ratio tallies, its identity
keys) so that after one edit only that unit is re-checked and the city-wide rules are re-judged
from running sums. ``check()`` is the one-shot entry point used by the CLI.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain

from pingxuan.core.findings import Finding, RowRef, Stage, sort_key
from pingxuan.core.gcpause import gc_paused
from pingxuan.core.nominations import Nomination, UnitReport
from pingxuan.core.rules import data, eligibility, identity, leaders, merit, quota, unit_process
from pingxuan.core.rules.context import Context
from pingxuan.core.rules.duplicates import DuplicateKey, check_duplicate, identity_key
from pingxuan.core.rules.ratios import Tally, check_ratio, tally_counted
from pingxuan.core.spec.models import Ratio, Spec

NomineeRule = Callable[[Context, Nomination], Iterator[Finding]]

NOMINEE_RULES: tuple[NomineeRule, ...] = (
    data.check_cells,
    data.check_id_agrees,
    data.check_name_orderable,
    merit.check_skill_competition,
    merit.check_contribution,
    merit.check_honour,
    merit.check_repeat_honour,
    merit.check_congress,
    eligibility.check_union_basics,
    eligibility.check_negative_record,
    eligibility.check_cross_region,
    identity.check_hidden_identity,
    identity.check_whole_organisation_team,
    identity.check_sensitive_answered,
)


@dataclass
class UnitResult:
    findings: list[Finding] = field(default_factory=list)
    tallies: dict[str, Tally] = field(default_factory=dict)
    comprehensive: dict[str, int] = field(default_factory=dict)
    keys: list[tuple[DuplicateKey, Nomination]] = field(default_factory=list)
    seatings: list[quota.Seating] = field(default_factory=list)


class Checker:
    """All findings of a campaign, kept up to date one unit at a time."""

    def __init__(self, spec: Spec, stage: Stage = Stage.NOMINATION, as_of: date | None = None):
        self.ctx = Context(spec, stage, as_of)
        self.spec = spec
        self._units = {unit.name: unit for unit in spec.units}
        self._city_ratios = [r for r in spec.ratios if r.group == "city"]
        self._unit_ratios = [r for r in spec.ratios if r.group == "unit"]
        self.results: dict[str, UnitResult] = {}
        self._tallies = {ratio.id: Tally() for ratio in self._city_ratios}
        self._comprehensive: dict[str, int] = defaultdict(int)
        self._holders: dict[DuplicateKey, list[Nomination]] = defaultdict(list)
        self._duplicated: set[DuplicateKey] = set()
        # Findings of the per-nomination rules computed ahead by ``precheck``, by id(nomination).
        self._prechecked: dict[int, list[Finding]] = {}

    # ── loading and editing ────────────────────────────────────────────
    def precheck(self, nominations: Iterable[Nomination]) -> None:
        """Run the per-nomination rules now, e.g. on one sheet while the next is still being
        read; ``load`` then uses these findings instead of computing them again."""
        ctx = self.ctx
        final = ctx.stage == Stage.FINAL
        for nomination in nominations:
            if nomination.withdrawn or (final and nomination.is_alternate):
                continue
            self._prechecked[id(nomination)] = list(
                chain.from_iterable(rule(ctx, nomination) for rule in NOMINEE_RULES)
            )

    @gc_paused()
    def load(
        self, nominations: Iterable[Nomination], reports: Iterable[UnitReport] = ()
    ) -> Checker:
        by_unit: dict[str, list[Nomination]] = defaultdict(list)
        for nomination in nominations:
            by_unit[nomination.unit].append(nomination)
        report_by_unit = {report.unit: report for report in reports}
        for unit in sorted(set(by_unit) | set(report_by_unit)):
            self.update_unit(unit, by_unit.get(unit, []), report_by_unit.get(unit))
        return self

    def update_unit(
        self, unit: str, nominations: Sequence[Nomination], report: UnitReport | None = None
    ) -> list[Finding]:
        """Replace everything a unit put forward and re-check it; returns the unit's findings."""
        old = self.results.pop(unit, None)
        if old is not None:
            self._withdraw(old)
        result = self._check_unit(unit, nominations, report) if nominations or report else None
        if result is not None:
            self.results[unit] = result
            self._contribute(result)
            return result.findings
        return []

    def copy(self) -> Checker:
        """A checker in the same state whose ``update_unit`` leaves this one as it is (the web
        keeps a checker per campaign for all its requests and updates a copy of it)."""
        other = copy.copy(self)
        other.results = dict(self.results)  # a UnitResult is replaced, never changed
        other._tallies = {
            ratio_id: Tally(tally.members, tally.base, tally.rows)  # rows are not changed
            for ratio_id, tally in self._tallies.items()
        }
        other._comprehensive = defaultdict(int, self._comprehensive)
        other._holders = defaultdict(list, {k: list(v) for k, v in self._holders.items()})
        other._duplicated = set(self._duplicated)
        other._prechecked = dict(self._prechecked)
        return other

    def _withdraw(self, result: UnitResult) -> None:
        for ratio_id, counted in result.tallies.items():
            self._tallies[ratio_id].subtract(counted)
        for award, count in result.comprehensive.items():
            self._comprehensive[award] -= count
        for key, nomination in result.keys:
            holders = [h for h in self._holders[key] if h is not nomination]
            if holders:
                self._holders[key] = holders
            else:
                del self._holders[key]
            if len(holders) < 2:
                self._duplicated.discard(key)

    def _contribute(self, result: UnitResult) -> None:
        for ratio_id, counted in result.tallies.items():
            self._tallies[ratio_id].add(counted)
        for award, count in result.comprehensive.items():
            self._comprehensive[award] += count
        for key, nomination in result.keys:
            holders = self._holders[key]
            holders.append(nomination)
            if len(holders) > 1:
                self._duplicated.add(key)

    # ── checking ───────────────────────────────────────────────────────
    def _check_unit(
        self, unit: str, nominations: Sequence[Nomination], report: UnitReport | None
    ) -> UnitResult:
        ctx = self.ctx
        result = UnitResult()
        findings = result.findings
        if ctx.stage == Stage.FINAL:
            # 备选 rows of a final list count for nothing (RULES.md §7); nor do withdrawn ones.
            nominations = [n for n in nominations if not (n.is_alternate or n.withdrawn)]
        # A withdrawn row still holds its place in the seating, and nothing else.
        holding = nominations
        nominations = [n for n in nominations if not n.withdrawn]
        prechecked = self._prechecked
        if prechecked:
            for nomination in nominations:
                ahead = prechecked.pop(id(nomination), None)
                findings.extend(
                    ahead
                    if ahead is not None
                    else chain.from_iterable(rule(ctx, nomination) for rule in NOMINEE_RULES)
                )
        else:
            # One chain rather than an extend per rule and nomination: a tenth of a national check.
            findings.extend(
                chain.from_iterable(
                    rule(ctx, nomination) for nomination in nominations for rule in NOMINEE_RULES
                )
            )
        for nomination in nominations:
            key = identity_key(nomination)
            if key is not None:
                result.keys.append((key, nomination))

        spec_unit = self._units.get(unit)
        put_forward: dict[str, int] = {}
        every_comprehensive = [n for n in nominations if n.comprehensive]
        holding_comprehensive = [n for n in holding if n.comprehensive]
        comprehensive_of: dict[str, list[Nomination]] = {}
        for award in self.spec.awards:
            of_award = [n for n in nominations if n.award == award.name]
            comprehensive_of[award.name] = [n for n in every_comprehensive if n.award == award.name]
            held = (
                [n for n in holding_comprehensive if n.award == award.name]
                if len(holding) != len(nominations)
                else comprehensive_of[award.name]
            )
            put_forward[award.name] = len(held)
            result.comprehensive[award.name] = len(held)
            if spec_unit is None or (not held and not of_award):
                continue
            if award.allocation == "per_unit":
                seating = quota.seat(ctx, unit, award.name, spec_unit.places.get(award.name), held)
                result.seatings.append(seating)
                findings.extend(quota.check_unit_places(ctx, seating))
            elif award.per_unit_max is not None:
                findings.extend(
                    quota.check_pool_unit_max(ctx, unit, award.name, award.per_unit_max, held)
                )
            if award.subject == "person":
                gone = [n for n in holding if n.withdrawn and n.award == award.name]
                findings.extend(
                    leaders.check_leader_alternates(ctx, unit, award.name, of_award, gone)
                )

        if spec_unit is not None:
            findings.extend(
                unit_process.check_differential(ctx, unit, spec_unit.level, put_forward, report)
            )
            if nominations:
                findings.extend(unit_process.check_secrecy_pledge(ctx, unit, report))
        if report is not None:
            findings.extend(data.check_report_cells(ctx, report))
        for ratio in self._unit_ratios:
            counted = _counted(ratio, every_comprehensive, comprehensive_of)
            findings.extend(check_ratio(ctx, ratio, tally_counted(ctx, ratio, counted), unit))
        for ratio in self._city_ratios:
            counted = _counted(ratio, every_comprehensive, comprehensive_of)
            result.tallies[ratio.id] = tally_counted(ctx, ratio, counted)
        return result

    def city_findings(self) -> list[Finding]:
        ctx = self.ctx
        found: list[Finding] = []
        for ratio in self._city_ratios:
            counted = self._tallies[ratio.id]
            rows: list[RowRef] = []
            if ratio.max is not None:
                rows = sorted(
                    ref for result in self.results.values() for ref in result.tallies[ratio.id].rows
                )
            found.extend(check_ratio(ctx, ratio, counted, None, rows))
        found.extend(quota.check_award_totals(ctx, dict(self._comprehensive)))
        for key in self._duplicated:
            found.extend(check_duplicate(ctx, key, self._holders[key]))
        return found

    def findings(self) -> list[Finding]:
        every = [f for result in self.results.values() for f in result.findings]
        every.extend(self.city_findings())
        every.sort(key=sort_key)
        return every

    def tally(self, ratio_id: str) -> Tally:
        return self._tallies[ratio_id]


def _counted(
    ratio: Ratio,
    every_comprehensive: list[Nomination],
    comprehensive_of: dict[str, list[Nomination]],
) -> Sequence[Nomination]:
    """What ``tally`` would count, from the unit's comprehensive nominations already sorted out."""
    if len(ratio.awards) == 1:
        return comprehensive_of.get(ratio.awards[0], [])
    return [n for n in every_comprehensive if n.award in ratio.awards]


def check(
    spec: Spec,
    nominations: Iterable[Nomination],
    reports: Iterable[UnitReport] = (),
    stage: Stage = Stage.NOMINATION,
    as_of: date | None = None,
) -> list[Finding]:
    return Checker(spec, stage, as_of).load(nominations, reports).findings()
