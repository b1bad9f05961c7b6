"""What the core engine says about one unit, shaped for its page: seats, findings per
nomination, and the city-wide ratios the unit takes part in (read-only for the unit)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pingxuan.core.findings import Finding, Reader, RowRef, Severity, sort_key, text_for
from pingxuan.core.rules.quota import Seating
from pingxuan.core.rules.ratios import Bound, Tally, bound
from pingxuan.core.spec.models import Ratio, Spec
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.evaluation import Evaluation, evaluate
from pingxuan.web.nominations.models import Nomination


@dataclass(frozen=True)
class CityFigure:
    """One city-wide ratio: the city's count, this unit's share of it, and the bound."""

    ratio: Ratio
    city: Tally
    unit: Tally
    bound: Bound
    finding: Finding | None


@dataclass
class UnitCompliance:
    spec: Spec
    unit: Unit
    findings: list[Finding] = field(default_factory=list)
    by_nomination: dict[int, list[Finding]] = field(default_factory=lambda: defaultdict(list))
    unit_level: list[Finding] = field(default_factory=list)
    seatings: list[Seating] = field(default_factory=list)
    figures: list[CityFigure] = field(default_factory=list)
    # The unit's stored rows the findings were made from (by award, 序号 and pk): the page lists
    # these rather than reading them again, so rows and findings are always of one moment.
    nominations: list[Nomination] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.WARNING]


def finding_key(finding: Finding) -> str:
    """A stable name for a finding, used to attach a written explanation to a warning."""
    rows = ",".join(f"{r.sheet}:{r.row}" for r in finding.rows)
    # The message tells apart findings of one rule on the same rows (two empty reserved kinds);
    # in the unit's words, since the key is written into the unit's submission page.
    message = text_for(finding, Reader.UNIT).message
    return f"{finding.rule}|{finding.award or ''}|{rows}|{message}"


def _unit_findings(
    evaluation: Evaluation, unit: str, refs: set[RowRef] | None = None
) -> list[Finding]:
    """The unit's own findings, and those the engine finds only over the whole campaign (a
    duplicate within the unit or across units) that name one of its rows."""
    own = evaluation.checker.results.get(unit)
    if own is None:
        return []
    if refs is None:
        refs = {core.ref for core in evaluation.cores if core.unit == unit}
    shared = [f for f in evaluation.city_findings if not refs.isdisjoint(f.rows)]
    return sorted([*own.findings, *shared], key=sort_key)


def findings_by_unit(campaign: Campaign) -> dict[str, list[Finding]]:
    """Every unit's findings as its own page counts them, from one run of the engine."""
    evaluation = evaluate(campaign, campaign_spec(campaign))
    refs: dict[str, set[RowRef]] = defaultdict(set)
    for core in evaluation.cores:
        refs[core.unit].add(core.ref)
    return {
        unit: _unit_findings(evaluation, unit, refs[unit]) for unit in evaluation.checker.results
    }


def unit_compliance(campaign: Campaign, unit: Unit) -> UnitCompliance:
    spec = campaign_spec(campaign)
    evaluation = evaluate(campaign, spec)
    checker = evaluation.checker
    result = UnitCompliance(
        spec=spec,
        unit=unit,
        nominations=[n for n in evaluation.nominations if n.unit_id == unit.pk],
    )
    own = checker.results.get(unit.name)
    all_city = evaluation.city_findings
    if own is not None:
        result.seatings = list(own.seatings)
        result.findings = _unit_findings(evaluation, unit.name)
    # Imported here: materials builds on this app. Materials not uploaded are the unit's warnings
    # too (every page that reads the unit's findings, and the submission's explanations).
    from pingxuan.web.materials.domain import missing_findings

    if result.findings or result.seatings:
        result.findings = sorted(
            [*result.findings, *missing_findings(campaign, unit)], key=sort_key
        )
    for finding in result.findings:
        if finding.rows:
            for ref in finding.rows:
                result.by_nomination[ref.row].append(finding)
        else:
            result.unit_level.append(finding)
    city_findings = {f.rule: f for f in all_city}
    for ratio in spec.ratios:
        if ratio.group != "city":
            continue
        city = checker.tally(ratio.id)
        mine = own.tallies.get(ratio.id, Tally()) if own is not None else Tally()
        if mine.base == 0:
            continue
        result.figures.append(
            CityFigure(
                ratio,
                city,
                mine,
                bound(checker.ctx, ratio, city),
                city_findings.get(f"ratio.{ratio.id}"),
            )
        )
    return result
