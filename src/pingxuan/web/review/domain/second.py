"""复审: for every nomination that passed 初审, the checklist the city goes through before its
decision (四): the 复审 materials the spec asks for, the department opinions (三（三）2), and the
proof of each public notice the nominee had to appear in (三（三）1). Opinions are the hard gate:
``decisions.prepare`` refuses a 复审 pass while any is missing; the rest informs the reviewer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from pingxuan.core.publicity import Exposure, exposure
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.materials.domain import checklist
from pingxuan.web.materials.models import Stage
from pingxuan.web.nominations.domain.adapt import Adapter
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.notices import CITY_LEVEL, COUNTY_LEVEL, COUNTY_UNIT_LEVEL
from pingxuan.web.notices.models import Notice, NoticeState
from pingxuan.web.opinions.domain import missing_opinions_of
from pingxuan.web.review.enums import ReviewStage
from pingxuan.web.review.models import Decision

# Who is on the 复审 page: passed 初审, and those already decided at 复审.
ON_SECOND_REVIEW = (Standing.PASSED, Standing.APPROVED, Standing.REJECTED)


@dataclass(frozen=True)
class Check:
    label: str
    done: bool
    detail: str = ""


@dataclass
class SecondLine:
    nomination: Nomination
    materials: list[Check]
    notices: list[Check]
    missing_opinions: list[str]
    decision: Decision | None

    @property
    def opinions_complete(self) -> bool:
        return not self.missing_opinions

    @property
    def ready(self) -> bool:
        return (
            self.opinions_complete
            and all(c.done for c in self.materials)
            and all(c.done for c in self.notices)
        )


@dataclass
class SecondUnit:
    unit: Unit
    materials: list[Check]  # the unit's own 复审 materials
    lines: list[SecondLine] = field(default_factory=list)


def _notice_checks(
    nomination: Nomination, facts_exposure: dict[str, Exposure], notices: dict[tuple, Notice]
) -> list[Check]:
    """The notices the nominee must have appeared in, each published with evidence uploaded."""
    checks = []
    for level, seen in facts_exposure.items():
        if seen is not Exposure.SHOWN:
            continue  # a 涉敏 nominee is in no county or city notice (三（六）)
        if level == COUNTY_LEVEL and nomination.unit.level != COUNTY_UNIT_LEVEL:
            continue
        key = (level, None if level == CITY_LEVEL else nomination.unit_id)
        notice = notices.get(key)
        if notice is None:
            checks.append(Check(level, False, "未发布"))
        elif not notice.evidence_count:  # type: ignore[attr-defined]
            checks.append(Check(level, False, "缺公示佐证"))
        else:
            checks.append(Check(level, True, f"{notice.start:%m-%d}至{notice.end:%m-%d}"))
    return checks


def second_review(campaign: Campaign) -> list[SecondUnit]:
    """Units with a nomination on 复审, in the order of the allocation table."""
    spec = campaign_spec(campaign)
    adapter = Adapter(spec)
    level_names = {level.key: level.name for level in spec.publicity.levels}
    nominations = list(
        Nomination.objects.filter(campaign=campaign, standing__in=ON_SECOND_REVIEW)
        .select_related("unit", "campaign", "alternate_of")
        .prefetch_related("honours", "negative_records")
        .order_by("unit__position", "award", "seq")
    )
    decisions = {
        d.nomination_id: d
        for d in Decision.objects.filter(
            nomination__campaign=campaign, stage=ReviewStage.SECOND
        ).select_related("prepared_by", "released_by")
    }
    notices: dict[tuple, Notice] = {}
    for notice in (
        Notice.objects.filter(campaign=campaign, state=NoticeState.PUBLISHED)
        .annotate(evidence_count=Count("evidence"))
        .order_by("published_at")
    ):
        notices[(notice.level, notice.unit_id)] = notice
    missing = missing_opinions_of(nominations)
    by_unit: dict[int, SecondUnit] = {}
    items_by_unit: dict[int, dict[int | None, list[Check]]] = {}
    for nomination in nominations:
        unit = nomination.unit
        if unit.pk not in by_unit:
            items: dict[int | None, list[Check]] = defaultdict(list)
            for item in checklist(campaign, unit, Stage.SECOND):
                items[item.nomination.pk if item.nomination else None].append(
                    Check(item.requirement.name, item.done)
                )
            items_by_unit[unit.pk] = items
            by_unit[unit.pk] = SecondUnit(unit, items[None])
        core = adapter.to_core(nomination)
        seen = {level.key: exposure(level, core) for level in spec.publicity.levels}
        checks = [
            Check(level_names[c.label], c.done, c.detail)
            for c in _notice_checks(nomination, seen, notices)
        ]
        by_unit[unit.pk].lines.append(
            SecondLine(
                nomination,
                items_by_unit[unit.pk][nomination.pk],
                checks,
                missing[nomination.pk],
                decisions.get(nomination.pk),
            )
        )
    return list(by_unit.values())
