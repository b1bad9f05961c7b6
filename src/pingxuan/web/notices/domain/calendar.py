"""The working-day calendar every notice period is checked against: chinesecalendar corrected by
the administrator's tables, and the changes to those tables.

All checks and proposals of the notices area go through ``working_calendar()`` and the spec's
``publicity.min_working_days``, so a page and a publication never disagree about a period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.core.calendar import CalendarUnknownYear, WorkingCalendar
from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Extension
from pingxuan.web.notices.models import CalendarDay, CalendarYear


def working_calendar() -> WorkingCalendar:
    """The core calendar with today's override table and the years entered in full."""
    overrides = dict(CalendarDay.objects.values_list("date", "is_working_day"))
    years = CalendarYear.objects.values_list("year", flat=True)
    return WorkingCalendar(overrides, years)


def min_working_days(campaign: Campaign) -> int:
    return campaign_spec(campaign).publicity.min_working_days


def unknown_year_message(campaign: Campaign, error: CalendarUnknownYear) -> str:
    return _(
        "%(year)s年的法定节假日和调休安排尚未收录，无法计算公示期。"
        "请%(admin)s在“工作日历”中补录该年后再试。"
    ) % {"year": error.year, "admin": campaign_spec(campaign).campaign.admin_name}


@dataclass(frozen=True)
class UnknownYear:
    """A year whose holidays and 调休 are not known yet although the campaign needs it."""

    year: int
    deadlines: list[str]  # the campaign's deadlines that fall in it, as the page names them

    def warning(self, admin: str) -> str:
        named = "、".join(self.deadlines)
        return _(
            "%(year)s年的节假日和调休安排还没有收录，但%(deadlines)s在这一年：这一年里的公示期"
            "还无法按工作日计算。国务院办公厅公布%(year)s年的安排后（通常在上一年年底），"
            "请%(admin)s在“工作日历”页逐日补录该年的节假日和调休上班日，再登记该年份。"
        ) % {"year": self.year, "deadlines": named, "admin": admin}


def unknown_years(campaign: Campaign) -> list[UnknownYear]:
    """The years of the campaign's deadlines (as the notice sets them, and as extended) and of
    today that the working calendar does not know, each with the deadlines that fall in it."""
    spec = campaign_spec(campaign)
    labels = {d.key: d.label for d in spec.deadlines}
    moments: list[tuple[str, datetime]] = [(d.label, d.at) for d in spec.deadlines if d.at]
    moments += [
        (labels.get(key, key), at)
        for key, at in Extension.objects.filter(campaign=campaign).values_list("deadline", "new_at")
    ]
    by_year: dict[int, list[str]] = {timezone.localdate().year: []}
    for label, at in moments:
        names = by_year.setdefault(timezone.localtime(at).year, [])
        if label not in names:
            names.append(label)
    calendar = working_calendar()
    return [
        UnknownYear(year, names or [_("今天")])
        for year, names in sorted(by_year.items())
        if not calendar.knows_year(year)
    ]


def propose_end(campaign: Campaign, start: date) -> date:
    """The earliest end that gives a notice from ``start`` the minimum working days; raises
    ``CalendarUnknownYear`` when the calendar lacks a year it needs."""
    return working_calendar().earliest_end(start, min_working_days(campaign))


def check_period(campaign: Campaign, start: date, end: date) -> str | None:
    """Why a notice from ``start`` to ``end`` cannot be published (a Chinese message), or None."""
    try:
        return working_calendar().check_period(start, end, min_working_days(campaign))
    except CalendarUnknownYear as error:
        return unknown_year_message(campaign, error)


def working_days(start: date, end: date) -> int | None:
    """Working days in [start, end]; None when the calendar lacks a year of it."""
    try:
        return working_calendar().working_days(start, end)
    except CalendarUnknownYear:
        return None


# ── the administrator's changes ─────────────────────────────────────────────────────────────


def set_day(day: date, *, is_working_day: bool, note: str, actor: Any, role: str) -> CalendarDay:
    """Enter or change the override of one day."""
    with transaction.atomic():
        existing = CalendarDay.objects.select_for_update().filter(date=day).first()
        before = [existing.is_working_day, existing.note] if existing else None
        if existing is None:
            entry = CalendarDay.objects.create(
                date=day, is_working_day=is_working_day, note=note, entered_by=actor
            )
        else:
            entry = existing
            entry.is_working_day, entry.note, entry.entered_by = is_working_day, note, actor
            entry.save(update_fields=["is_working_day", "note", "entered_by"])
        record(
            "calendar.day",
            actor=actor,
            role=role,
            obj=entry,
            changes={f"{day:%Y-%m-%d}": [before, [is_working_day, note]]},
        )
    return entry


def remove_day(entry: CalendarDay, *, actor: Any, role: str) -> None:
    with transaction.atomic():
        record(
            "calendar.day_remove",
            actor=actor,
            role=role,
            obj=entry,
            changes={f"{entry.date:%Y-%m-%d}": [[entry.is_working_day, entry.note], None]},
        )
        entry.delete()


def add_year(year: int, *, note: str, actor: Any, role: str) -> CalendarYear:
    """Declare ``year`` entered in full: its holidays and worked weekends are in the table."""
    with transaction.atomic():
        entry, created = CalendarYear.objects.get_or_create(
            year=year, defaults={"note": note, "entered_by": actor}
        )
        if created:
            record(
                "calendar.year", actor=actor, role=role, obj=entry, changes={"年份": [None, year]}
            )
    return entry


def remove_year(entry: CalendarYear, *, actor: Any, role: str) -> None:
    with transaction.atomic():
        record(
            "calendar.year_remove",
            actor=actor,
            role=role,
            obj=entry,
            changes={"年份": [entry.year, None]},
        )
        entry.delete()
