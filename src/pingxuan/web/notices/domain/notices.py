"""Notices of 两审三公示 (三（三）1): creating and editing a draft, what a notice shows, publishing
and taking it down. Every change is audited.

What a notice shows is always ``pingxuan.core.publicity.notice_content`` over the live
nominations it covers: unit and county notices cover the publishing unit's nominations, the city
notice every nomination that passed 初审 or 复审. A 涉敏 nominee is left out of county and city
notices there, and a nomination with no 涉敏 answer blocks publication.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.core.publicity import NoticeContent, level_of, notice_content, public_fields
from pingxuan.core.spec.models import PublicityLevel, Spec
from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.adapt import Adapter, stored_nominations
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.calendar import check_period, working_days
from pingxuan.web.notices.models import Notice, NoticeState

UNIT_LEVEL, COUNTY_LEVEL, CITY_LEVEL = "unit", "county", "city"
# The spec's unit level whose unions publish county notices (开发区、区县（市）总工会).
COUNTY_UNIT_LEVEL = "县级"
# The city notice lists who passed 初审 (and stays right after 复审); withdrawn ones never show.
CITY_STANDINGS = (Standing.PASSED, Standing.APPROVED)


class NoticeRefused(Exception):
    """A change to a notice that cannot be made; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class NoticeInput:
    """What the office's form asks to store."""

    level: str
    unit: Unit | None
    title: str
    start: date
    end: date
    contact_person: str
    contact_phone: str
    channel_phone: str = ""
    channel_mailbox: str = ""
    channel_address: str = ""
    channel_text: str = ""


# ── which units may publish at which level ──────────────────────────────────────────────────


def levels(campaign: Campaign) -> list[PublicityLevel]:
    return list(campaign_spec(campaign).publicity.levels)


def publishing_units(campaign: Campaign, level: str) -> QuerySet[Unit]:
    """The units that may publish a notice at ``level``: any unit for its own notice, the county
    unions for a county notice, none for the city's."""
    units = Unit.objects.filter(campaign=campaign)
    if level == UNIT_LEVEL:
        return units
    if level == COUNTY_LEVEL:
        return units.filter(level=COUNTY_UNIT_LEVEL)
    return units.none()


def _check_input(campaign: Campaign, data: NoticeInput) -> None:
    try:
        level_of(campaign_spec(campaign), data.level)
    except KeyError:
        raise NoticeRefused(_("没有这一公示层级。")) from None
    if data.level == CITY_LEVEL:
        if data.unit is not None:
            raise NoticeRefused(_("市级公示由市总工会发布，不选推荐单位。"))
        return
    if data.unit is None:
        raise NoticeRefused(_("请选择发布公示的推荐单位。"))
    if not publishing_units(campaign, data.level).filter(pk=data.unit.pk).exists():
        raise NoticeRefused(_("县级公示只能由县级推荐单位（开发区、区县（市）总工会）发布。"))


def _values(notice_or_data: Notice | NoticeInput) -> dict[str, Any]:
    """The audited view of a notice's frame: dates as text, the unit by name."""
    values = {}
    for item in fields(NoticeInput):
        value = getattr(notice_or_data, item.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Unit):
            value = value.name
        values[item.name] = value
    return values


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {key: [before.get(key), after[key]] for key in after if before.get(key) != after[key]}


# ── changes ─────────────────────────────────────────────────────────────────────────────────


def create_notice(campaign: Campaign, data: NoticeInput, *, actor: Any, role: str) -> Notice:
    """A new draft notice. The period is checked only on publication, so that a draft can be
    saved while the dates are still being agreed."""
    _check_input(campaign, data)
    with transaction.atomic():
        notice = Notice.objects.create(
            campaign=campaign,
            created_by=actor,
            **{item.name: getattr(data, item.name) for item in fields(NoticeInput)},
        )
        record(
            "notice.create",
            actor=actor,
            role=role,
            campaign=campaign,
            unit_name=data.unit.name if data.unit else "",
            obj=notice,
            changes=_changes({}, _values(data)),
        )
    return notice


def _locked(notice: Notice) -> Notice:
    return (
        Notice.objects.select_for_update(of=("self",))
        .select_related("campaign", "unit")
        .get(pk=notice.pk)
    )


def update_notice(notice: Notice, data: NoticeInput, *, actor: Any, role: str) -> Notice:
    """Change a draft; a published notice is what the public saw and stays as it was."""
    _check_input(notice.campaign, data)
    with transaction.atomic():
        notice = _locked(notice)
        if not notice.is_draft:
            raise NoticeRefused(_("公示已发布，不能再修改。"))
        before = _values(notice)
        for item in fields(NoticeInput):
            setattr(notice, item.name, getattr(data, item.name))
        changes = _changes(before, _values(notice))
        if changes:
            notice.save(update_fields=[item.name for item in fields(NoticeInput)])
            record(
                "notice.edit",
                actor=actor,
                role=role,
                campaign=notice.campaign,
                unit_name=notice.unit.name if notice.unit else "",
                obj=notice,
                changes=changes,
            )
    return notice


def publish(notice: Notice, *, actor: Any, role: str) -> Notice:
    """Publish a draft: refused when its period is short of the minimum working days, when the
    calendar lacks a year of it, or while a nomination it covers has no 涉敏 answer."""
    with transaction.atomic():
        notice = _locked(notice)
        if not notice.is_draft:
            raise NoticeRefused(_("只有草稿状态的公示可以发布。"))
        problem = publication_problem(notice)
        if problem:
            raise NoticeRefused(problem)
        notice.state = NoticeState.PUBLISHED
        notice.published_at = timezone.now()
        notice.published_by = actor
        notice.save(update_fields=["state", "published_at", "published_by"])
        record(
            "notice.publish",
            actor=actor,
            role=role,
            campaign=notice.campaign,
            unit_name=notice.unit.name if notice.unit else "",
            obj=notice,
            changes={"状态": [NoticeState.DRAFT, NoticeState.PUBLISHED]},
        )
    return notice


def withdraw(notice: Notice, *, reason: str, actor: Any, role: str) -> Notice:
    """Take a published notice off the public pages (a notice posted in error); it is kept, with
    its evidence, and never republished."""
    if not reason.strip():
        raise NoticeRefused(_("请填写撤下公示的原因。"))
    with transaction.atomic():
        notice = _locked(notice)
        if not notice.is_published:
            raise NoticeRefused(_("只有已发布的公示可以撤下。"))
        notice.state = NoticeState.WITHDRAWN
        notice.save(update_fields=["state"])
        record(
            "notice.withdraw",
            actor=actor,
            role=role,
            campaign=notice.campaign,
            unit_name=notice.unit.name if notice.unit else "",
            obj=notice,
            changes={
                "状态": [NoticeState.PUBLISHED, NoticeState.WITHDRAWN],
                "原因": [None, reason],
            },
        )
    return notice


# ── what a notice shows ─────────────────────────────────────────────────────────────────────


def covered_nominations(notice: Notice) -> QuerySet[Nomination]:
    nominations = stored_nominations(notice.campaign_id)
    if notice.level == CITY_LEVEL:
        return nominations.filter(standing__in=CITY_STANDINGS)
    return nominations.filter(unit_id=notice.unit_id)


@dataclass(frozen=True)
class NoticeTable:
    """One award's table of a notice: the allowed columns, and a row of values per nominee."""

    award: str
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class NoticeView:
    content: NoticeContent
    tables: list[NoticeTable]
    blocking: list[Nomination]  # for the office only: whose 涉敏 answer is missing


def _ordered(spec: Spec, nominations: list[Nomination]) -> list[Nomination]:
    awards = [award.name for award in spec.awards]

    def key(nomination: Nomination) -> tuple[int, int, int]:
        rank = awards.index(nomination.award) if nomination.award in awards else len(awards)
        return rank, nomination.unit.position, nomination.seq

    return sorted(nominations, key=key)


def notice_view(notice: Notice) -> NoticeView:
    """The notice's rows as the core decides them, now."""
    spec = campaign_spec(notice.campaign)
    stored = _ordered(spec, list(covered_nominations(notice)))
    content = notice_content(spec, notice.level, Adapter(spec).many(stored))
    by_pk = {nomination.pk: nomination for nomination in stored}
    tables = []
    for award in spec.awards:
        rows = [row for row in content.rows if row.award == award.name]
        if rows:
            columns = public_fields(spec, award.name)
            tables.append(
                NoticeTable(award.name, columns, [[row.get(c) for c in columns] for row in rows])
            )
    blocking = [by_pk[core.ref.row] for core in content.blocked]
    return NoticeView(content, tables, blocking)


def publication_problem(notice: Notice) -> str | None:
    """Why ``notice`` cannot be published now (for the office), or None."""
    problem = check_period(notice.campaign, notice.start, notice.end)
    if problem:
        return problem
    blocking = notice_view(notice).blocking
    if blocking:
        names = "、".join(f"{n.display_name}（{n.unit.name}，{n.award}）" for n in blocking)
        return _("以下推荐对象的“涉敏”一项尚未明确，公示暂不能发布：%(names)s") % {"names": names}
    return None


def period_days(notice: Notice) -> int | None:
    """Working days of the notice's period, for its page; None for a year the calendar lacks."""
    return working_days(notice.start, notice.end)


def published_notices(campaign: Campaign) -> QuerySet[Notice]:
    return Notice.objects.filter(campaign=campaign, state=NoticeState.PUBLISHED).select_related(
        "unit"
    )


def publisher(notice: Notice) -> str:
    """Who publishes the notice: its unit, or for the city's notice the campaign's issuer."""
    if notice.unit is not None:
        return notice.unit.name
    return campaign_spec(notice.campaign).campaign.issuer


def level_name(campaign: Campaign, key: str) -> str:
    try:
        return level_of(campaign_spec(campaign), key).name
    except KeyError:
        return key
