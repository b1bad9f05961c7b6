"""复审: for every nomination that passed 初审, the checklist the city goes through before its
decision (四): the 复审 materials the spec asks for, the department opinions (三（三）2), and the
proof of each public notice the nominee had to appear in (三（三）1). Opinions are the hard gate:
``decisions.prepare`` refuses a 复审 pass while any is missing; the rest informs the reviewer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.documents.domain.sheets import facts_of
from pingxuan.web.materials.domain import ChecklistItem, checklist
from pingxuan.web.materials.models import Stage
from pingxuan.web.nominations.domain.adapt import Adapter
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.order import noticed_before, required_levels
from pingxuan.web.notices.models import CarriedNotice, Notice, NoticeRow, NoticeState
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
    evidence: list[ChecklistItem] = field(default_factory=list)  # the 复审 scans
    facts: list[tuple[str, str]] = field(default_factory=list)  # as the 简表 prints them
    # Forwarded from a lower campaign: its round, vote and the notices carried up (set by the
    # page, from ``rounds.domain.forwarding.provenance``).
    provenance: Any = None

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
    evidence: list[ChecklistItem] = field(default_factory=list)


def _notice_checks(
    nomination: Nomination,
    levels: list[tuple[str, str]],
    notices: dict[tuple, Notice | CarriedNotice],
) -> list[Check]:
    """The notices the nominee must have appeared in (``levels``: key and name, lowest first),
    each published with the nominee among its frozen rows and evidence uploaded; a forwarded
    nominee's level may be met by its lower campaign's notice, carried up with it."""
    checks = []
    for key, name in levels:
        notice = notices.get((key, nomination.pk))
        if notice is None:
            checks.append(Check(name, False, _("未发布")))
        elif not notice.evidence_count:  # type: ignore[union-attr]
            checks.append(Check(name, False, _("缺公示佐证")))
        else:
            period = f"{notice.start:%m-%d}至{notice.end:%m-%d}"
            if isinstance(notice, CarriedNotice):
                period = _("%(period)s，%(publisher)s的%(level)s（下级报送）") % {
                    "period": period,
                    "publisher": notice.publisher,
                    "level": notice.source_level,
                }
            checks.append(Check(name, True, period))
    return checks


def _nominee_notices(campaign: Campaign) -> dict[tuple[str, int], Notice | CarriedNotice]:
    """(level, nomination id) → the latest published notice listing the nominee at that level;
    where the campaign has none of its own, the lower campaign's notice carried up for it."""
    notices = {
        notice.pk: notice
        for notice in Notice.objects.filter(campaign=campaign, state=NoticeState.PUBLISHED)
        .annotate(evidence_count=Count("evidence"))
        .order_by("published_at")
    }
    found: dict[tuple[str, int], Notice | CarriedNotice] = {
        (carried.level, carried.nomination_id): carried
        for carried in CarriedNotice.objects.filter(nomination__campaign=campaign)
        .annotate(evidence_count=Count("evidence"))
        .order_by("end", "pk")
    }
    for notice_id, nomination_id in (
        NoticeRow.objects.filter(notice_id__in=notices)
        .values_list("notice_id", "nomination_id")
        .order_by("notice__published_at")
    ):
        notice = notices[notice_id]
        found[(notice.level, nomination_id)] = notice
    return found


def release_problem(
    nomination: Nomination, passing: bool, checklists: dict[int, list[Any]] | None = None
) -> str:
    """Why a 复审 result on ``nomination`` may not be released today (四): every notice it must
    appear in has run its whole period; a pass also needs the 复审 materials of the unit and
    the nominee. "" when it may. (The department opinions are ``decisions``' own gate.)"""
    spec = campaign_spec(nomination.campaign)
    core = Adapter(spec).to_core(nomination)
    today = timezone.localdate()
    for level in required_levels(spec, core, nomination.unit):
        if nomination.pk not in noticed_before(level.key, [nomination.pk], today):
            return _(
                "“%(name)s”的%(level)s尚未结束（须已发布、列有该推荐对象且公示期已过），"
                "公示期满后才能发布复审结论。"
            ) % {"name": nomination.display_name, "level": level.name}
    if not passing:
        return ""
    # One checklist per unit however many of its nominees are checked (``checklists`` is the
    # caller's cache across one preview or release).
    cache = {} if checklists is None else checklists
    if nomination.unit_id not in cache:
        cache[nomination.unit_id] = checklist(nomination.campaign, nomination.unit, Stage.SECOND)
    missing = [
        item.requirement.name
        for item in cache[nomination.unit_id]
        if item.nomination is None or item.nomination.pk == nomination.pk
        if not item.done
    ]
    if missing:
        return _("“%(name)s”还缺少复审材料：%(missing)s；请推荐单位补交后再发布复审通过。") % {
            "name": nomination.display_name,
            "missing": "、".join(missing),
        }
    return ""


def _checks(items: list[ChecklistItem]) -> list[Check]:
    return [Check(item.requirement.name, item.done) for item in items]


def second_review(campaign: Campaign) -> list[SecondUnit]:
    """Units with a nomination on 复审, in the order of the allocation table."""
    spec = campaign_spec(campaign)
    adapter = Adapter(spec)
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
    notices = _nominee_notices(campaign)
    missing = missing_opinions_of(nominations)
    by_unit: dict[int, SecondUnit] = {}
    items_by_unit: dict[int, dict[int | None, list[ChecklistItem]]] = {}
    for nomination in nominations:
        unit = nomination.unit
        if unit.pk not in by_unit:
            items: dict[int | None, list[ChecklistItem]] = defaultdict(list)
            for item in checklist(campaign, unit, Stage.SECOND):
                items[item.nomination.pk if item.nomination else None].append(item)
            items_by_unit[unit.pk] = items
            by_unit[unit.pk] = SecondUnit(unit, _checks(items[None]), evidence=items[None])
        core = adapter.to_core(nomination)
        levels = [(lv.key, lv.name) for lv in required_levels(spec, core, unit)]
        checks = _notice_checks(nomination, levels, notices)
        evidence = items_by_unit[unit.pk][nomination.pk]
        by_unit[unit.pk].lines.append(
            SecondLine(
                nomination,
                _checks(evidence),
                checks,
                missing[nomination.pk],
                decisions.get(nomination.pk),
                evidence,
                facts_of(nomination),
            )
        )
    return list(by_unit.values())
