"""Notices of 两审三公示 (三（三）1): creating, editing and deleting a draft, publishing it (which
freezes its rows), corrections (更正公示) and taking a notice down. Every change is audited.

What a draft would show, and what a published notice shows to whom, is ``content``; the order
of the procedure each publication must keep is ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.core.publicity import level_of, levels_word
from pingxuan.core.spec.models import PublicityLevel
from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.limits import WITHDRAW_REASON, refusal
from pingxuan.web.notices.domain.calendar import check_period, working_days
from pingxuan.web.notices.domain.content import (
    CITY_LEVEL,
    COUNTY_LEVEL,
    UNIT_LEVEL,
    Audience,
    NoticeTable,
    NoticeView,
    notice_view,
    visible_lines,
)
from pingxuan.web.notices.domain.order import notice_order_problem
from pingxuan.web.notices.models import Notice, NoticeRow, NoticeState

__all__ = [
    "CITY_LEVEL",
    "COUNTY_LEVEL",
    "UNIT_LEVEL",
    "Audience",
    "NoticeTable",
    "NoticeView",
    "notice_view",
]


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


def publicity_words(campaign: Campaign) -> dict[str, object]:
    """The spec's levels as the office's notes name them: 所在单位、县级、市级 (all), 三 (how many:
    the heading 三公示, 两公示 in a county's own round),
    县级、市级 (the public ones, without 涉敏 nominees), 5 (working days)."""
    publicity = campaign_spec(campaign).publicity

    def short(level: PublicityLevel) -> str:
        return level.name.removesuffix("公示") or level.name

    return {
        "all": "、".join(short(level) for level in publicity.levels),
        "count": levels_word(campaign_spec(campaign)),
        "public": "、".join(short(lv) for lv in publicity.levels if not lv.shows_sensitive),
        "days": publicity.min_working_days,
    }


def publishing_units(campaign: Campaign, level: str) -> QuerySet[Unit]:
    """The units that may publish a notice at ``level``: any unit for its own notice, the units
    of the levels the spec names for the middle notice, none for the organiser's."""
    units = Unit.objects.filter(campaign=campaign)
    if level == UNIT_LEVEL:
        return units
    if level == COUNTY_LEVEL:
        spec_level = level_of(campaign_spec(campaign), level)
        return units.filter(level__in=spec_level.published_by)
    return units.none()


def _check_input(campaign: Campaign, data: NoticeInput) -> None:
    try:
        level = level_of(campaign_spec(campaign), data.level)
    except KeyError:
        raise NoticeRefused(_("没有这一公示层级。")) from None
    if data.level == CITY_LEVEL:
        if data.unit is not None:
            raise NoticeRefused(
                _("%(level)s由主办单位发布，不选推荐单位。") % {"level": level.name}
            )
        return
    if data.unit is None:
        raise NoticeRefused(_("请选择发布公示的推荐单位。"))
    if not publishing_units(campaign, data.level).filter(pk=data.unit.pk).exists():
        raise NoticeRefused(
            _("%(level)s只能由%(units)s推荐单位发布。")
            % {"level": level.name, "units": "、".join(level.published_by)}
        )


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


def _audit(action: str, notice: Notice, *, actor: Any, role: str, changes: dict) -> None:
    """The audit row of a change to ``notice``, under its publishing unit (none for the city)."""
    record(
        action,
        actor=actor,
        role=role,
        campaign=notice.campaign,
        unit_name=notice.unit.name if notice.unit else "",
        obj=notice,
        changes=changes,
    )


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
        _audit("notice.create", notice, actor=actor, role=role, changes=_changes({}, _values(data)))
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
            _audit(
                "notice.edit",
                notice,
                actor=actor,
                role=role,
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
        lines = visible_lines(notice, Audience.INTERNAL)
        NoticeRow.objects.bulk_create(
            NoticeRow(
                notice=notice,
                position=position,
                award=line.award,
                nomination_id=line.nomination_id,
                sensitive=line.sensitive,
                fields=[list(pair) for pair in line.fields],
            )
            for position, line in enumerate(lines, start=1)
        )
        notice.state = NoticeState.PUBLISHED
        notice.published_at = timezone.now()
        notice.published_by = actor
        notice.save(update_fields=["state", "published_at", "published_by"])
        _audit(
            "notice.publish",
            notice,
            actor=actor,
            role=role,
            changes={
                "状态": [NoticeState.DRAFT, NoticeState.PUBLISHED],
                "公示行数": [0, len(lines)],
            },
        )
    return notice


def delete_draft(notice: Notice, *, actor: Any, role: str) -> None:
    """Delete a draft that was never published; a published notice is kept for good."""
    with transaction.atomic():
        notice = _locked(notice)
        if not notice.is_draft:
            raise NoticeRefused(_("公示已发布，不能删除；如内容有误，请发布更正公示。"))
        _audit(
            "notice.delete",
            notice,
            actor=actor,
            role=role,
            changes=_changes(_values(notice), dict.fromkeys(_values(notice))),
        )
        notice.delete()


def start_correction(
    original: Notice, *, note: str, start: date, end: date, actor: Any, role: str
) -> Notice:
    """A draft 更正公示 of the published ``original``: the same frame and level, a new period,
    and the reason. It shows the rows as the data stands when it is published; the original
    stays as it was, marked as corrected."""
    note = note.strip()
    if not note:
        raise NoticeRefused(_("请写明更正的原因和内容。"))
    if not original.is_published:
        raise NoticeRefused(_("只有已发布的公示可以更正。"))
    data = NoticeInput(**{item.name: getattr(original, item.name) for item in fields(NoticeInput)})
    data.title = _("关于“%(title)s”的更正公示") % {"title": original.title}
    data.start, data.end = start, end
    with transaction.atomic():
        notice = create_notice(original.campaign, data, actor=actor, role=role)
        notice.corrects = original
        notice.correction_note = note
        notice.save(update_fields=["corrects", "correction_note"])
        _audit(
            "notice.correct",
            notice,
            actor=actor,
            role=role,
            changes={"更正的公示": [None, original.pk], "更正说明": [None, note]},
        )
    return notice


def withdraw(notice: Notice, *, reason: str, actor: Any, role: str) -> Notice:
    """Take a published notice off the public pages (a notice posted in error); it is kept, with
    its evidence, and never republished."""
    if not reason.strip():
        raise NoticeRefused(_("请填写撤下公示的原因。"))
    if (too_long := refusal(WITHDRAW_REASON, reason)) is not None:
        raise NoticeRefused(too_long)
    with transaction.atomic():
        notice = _locked(notice)
        if not notice.is_published:
            raise NoticeRefused(_("只有已发布的公示可以撤下。"))
        notice.state = NoticeState.WITHDRAWN
        notice.save(update_fields=["state"])
        _audit(
            "notice.withdraw",
            notice,
            actor=actor,
            role=role,
            changes={
                "状态": [NoticeState.PUBLISHED, NoticeState.WITHDRAWN],
                "原因": [None, reason],
            },
        )
    return notice


# ── what may be published ───────────────────────────────────────────────────────────────────


def publication_problem(notice: Notice) -> str | None:
    """Why the draft ``notice`` cannot be published now (for the office), or None: its period,
    an unanswered 涉敏, or the order of the procedure."""
    problem = check_period(notice.campaign, notice.start, notice.end)
    if problem:
        return problem
    view = notice_view(notice)
    if view.blocking:
        names = "、".join(f"{n.display_name}（{n.unit.name}，{n.award}）" for n in view.blocking)
        return _("以下推荐对象的“涉敏”一项尚未明确，公示暂不能发布：%(names)s") % {"names": names}
    return notice_order_problem(notice, visible_lines(notice, Audience.INTERNAL)) or None


def period_days(notice: Notice) -> int | None:
    """Working days of the notice's period, for its page; None for a year the calendar lacks."""
    return working_days(notice.start, notice.end)


def published_notices(campaign: Campaign) -> QuerySet[Notice]:
    return Notice.objects.filter(campaign=campaign, state=NoticeState.PUBLISHED).select_related(
        "unit", "corrects"
    )


def corrections_of(notice: Notice) -> QuerySet[Notice]:
    """The published 更正公示 of ``notice``, oldest first."""
    return notice.corrections.filter(state=NoticeState.PUBLISHED).order_by("published_at", "pk")


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
