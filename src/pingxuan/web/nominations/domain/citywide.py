"""The city-wide picture the office steers by: every ratio of RULES.md §3 as a count against its
bound, and the engine's findings, for the whole campaign or for the final list.

The final list (``final_check``) is the approved nominations as the core's ``on_final_list``
counts them: an alternate who took its leader's place is 综合表彰 there, so the page, the printed
lists, the export and the 优选 comparison count the same rows.

The core engine does all the counting (``Checker.tally`` and ``bound``); this module only chooses
which nominations it is given and words the margin: how many the city still needs, or may still
drop or add before the bound is crossed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pingxuan.core.final_list import on_final_list
from pingxuan.core.findings import Finding, Severity, Stage, sort_key
from pingxuan.core.nominations import Nomination as CoreNomination
from pingxuan.core.rules.engine import Checker
from pingxuan.core.rules.ratios import Bound, Tally, bound
from pingxuan.core.spec.models import Ratio, Spec
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.nominations.domain.adapt import Adapter, stored_nominations, unit_reports
from pingxuan.web.nominations.domain.evaluation import evaluate
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination


@dataclass(frozen=True)
class RatioBar:
    ratio: Ratio
    tally: Tally
    bound: Bound
    finding: Finding | None
    awards: str  # the awards it counts, by their short names

    @property
    def met(self) -> bool:
        return self.finding is None

    @property
    def percent(self) -> float:
        """The population's share of the nominees the ratio counts, 0 to 100 (the bar's width).
        Not of the bound's base: while units nominate, 58 企业 of 66 奖状 nominees measured
        against the 30 places read as 193 %, and the unit page said 58 / 66."""
        return 100 * self.tally.members / self.tally.base if self.tally.base else 0.0

    @property
    def threshold(self) -> float:
        """Where the bound sits on the same 0 to 100 scale."""
        return min(100.0, 100 * self.bound.count / self.bound.base) if self.bound.base else 0.0

    @property
    def margin(self) -> str:
        """What the city can still change without breaking the bound, or what it must change."""
        members, limit = self.tally.members, self.bound.count
        if not self.tally.base:  # the engine measures no ratio over nobody (core.rules.ratios)
            return _("暂不计算（没有计入的推荐对象）")
        if self.bound.kind == "min":
            if members < limit:
                return _("还需 %(n)s") % {"n": limit - members}
            return _("可减少 %(n)s") % {"n": members - limit}
        if members > limit:
            return _("须减少 %(n)s") % {"n": members - limit}
        return _("还可增加 %(n)s") % {"n": limit - members}


@dataclass(frozen=True)
class CityCheck:
    spec: Spec
    stage: Stage
    nominations: list[Nomination]
    findings: list[Finding]
    bars: list[RatioBar]
    counts: dict[str, int]  # comprehensive nominations per award
    # What only the whole campaign shows: city ratios, award totals, and duplicates within or
    # across units (the engine finds those over every unit at once).
    city_findings: list[Finding]
    # What the engine was given, by stored pk: at the final stage an alternate that took the
    # place is 综合表彰 here; a withdrawn nomination is absent from a final list.
    counted: dict[int, CoreNomination]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    def listed(self, award: str) -> list[Nomination]:
        """The award's nominations that take a place (综合表彰, as the engine counted them)."""
        return [n for n in self._of(award) if self.counted[n.pk].comprehensive]

    def special(self, award: str) -> list[Nomination]:
        """The award's 专项表彰: on the list, outside the places and the ratios."""
        return [n for n in self._of(award) if self.counted[n.pk].is_special]

    def _of(self, award: str) -> list[Nomination]:
        return [n for n in self.nominations if n.award == award and n.pk in self.counted]

    def workbook_nominations(self) -> list[CoreNomination]:
        """The core nominations to write into an exchange workbook of this list."""
        return [self.counted[n.pk] for n in self.nominations if n.pk in self.counted]


def city_check(
    campaign: Campaign, *, stage: Stage, standings: Iterable[Standing] | None = None
) -> CityCheck:
    """The engine's view of the campaign's nominations (of ``standings`` only, if given) at
    ``stage``: the final list is the approved nominations checked at the final stage."""
    spec = campaign_spec(campaign)
    extra: list[Finding] = []
    if stage == Stage.NOMINATION and standings is None:
        # The whole campaign as the unit pages see it: one run shared with them (evaluation).
        evaluation = evaluate(campaign, spec)
        nominations, cores = evaluation.nominations, evaluation.cores
        checker, every_city = evaluation.checker, evaluation.city_findings
    else:
        query = stored_nominations(campaign.pk)
        if standings is not None:
            query = query.filter(standing__in=list(standings))
        nominations = list(query)
        reports = unit_reports(campaign.pk, spec) if stage == Stage.NOMINATION else []
        cores = Adapter(spec).many(nominations)
        if stage == Stage.FINAL:
            final = on_final_list(spec, cores)
            cores, extra = final.nominations, final.findings
        checker = Checker(spec, stage).load(cores, reports)
        every_city = checker.city_findings()
    findings = sorted(
        [*(f for result in checker.results.values() for f in result.findings), *every_city, *extra],
        key=sort_key,
    )
    city_findings = sorted(every_city, key=sort_key)
    by_rule = {f.rule: f for f in city_findings}
    bars = []
    for ratio in spec.ratios:
        if ratio.group != "city":
            continue
        counted = checker.tally(ratio.id)
        awards = "、".join(spec.award(name).short_name for name in ratio.awards)
        bars.append(
            RatioBar(
                ratio,
                counted,
                bound(checker.ctx, ratio, counted),
                by_rule.get(f"ratio.{ratio.id}"),
                awards,
            )
        )
    counts = Counter(n.award for n in cores if n.comprehensive and not n.withdrawn)
    counted = {n.ref.row: n for n in cores}
    return CityCheck(spec, stage, nominations, findings, bars, dict(counts), city_findings, counted)


def final_check(campaign: Campaign) -> CityCheck:
    """The final list: the nominations approved at 复审, checked at the final stage."""
    return city_check(campaign, stage=Stage.FINAL, standings=[Standing.APPROVED])
