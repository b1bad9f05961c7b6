"""Working days for the public notices of 两审三公示: the official holidays and 调休 from
chinesecalendar, corrected by an administrator's override table.

A notice published on ``start`` and taken down after ``end`` covers both days: its length is the
number of working days in the closed interval [start, end]. 2024-04-01 → 2024-04-08 is 04-01, 02,
03, 07 (a worked Sunday) and 08: five working days, around the 清明 holiday of 04-04 to 04-06.

A year the calendar does not know is an error, never a guess from the weekends: the State Council
publishes each year's 调休 only in the autumn before, and a guessed year would be wrong around
every holiday.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from types import MappingProxyType

import chinese_calendar

_DAY = timedelta(days=1)


class CalendarUnknownYear(Exception):
    """No holidays or 调休 are known for a year: the package lacks it and no administrator has
    entered it."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year}年的法定节假日安排尚未收录：请管理员在日历中补录该年的节假日和调休后再试"
        )


def _format_date(day: date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


class WorkingCalendar:
    """Which days are working days.

    ``overrides`` is the administrator's table: True makes a day a working day (a 调休 weekend),
    False makes it a holiday; an override always wins. ``extra_years`` are years the package does
    not cover but the administrator has entered in full: every holiday and worked weekend of the
    year is in ``overrides``, so any other day of it follows the ordinary Monday-to-Friday week.
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] = MappingProxyType({}),
        extra_years: Iterable[int] = (),
    ):
        self._overrides = dict(overrides)
        self._extra_years = frozenset(extra_years)

    def is_working_day(self, day: date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            # chinesecalendar raises this for a year outside the data it ships.
            if day.year in self._extra_years:
                return day.weekday() < 5
            raise CalendarUnknownYear(day.year) from None

    def knows_year(self, year: int) -> bool:
        """Whether the holidays and 调休 of ``year`` are known (the package has them, or the
        administrator entered the year in full); an unknown year's notice periods cannot be
        counted."""
        if year in self._extra_years:
            return True
        try:
            chinese_calendar.is_workday(date(year, 1, 1))
        except NotImplementedError:
            return False
        return True

    def working_days(self, start: date, end: date) -> int:
        """Working days in [start, end], both ends included; 0 when end is before start."""
        count = 0
        day = start
        while day <= end:
            count += self.is_working_day(day)
            day += _DAY
        return count

    def earliest_end(self, start: date, min_working_days: int) -> date:
        """The first end date that gives a notice starting on ``start`` at least
        ``min_working_days`` working days: the end the system proposes."""
        if min_working_days < 1:
            raise ValueError(f"min_working_days must be at least 1, not {min_working_days}")
        count = 0
        day = start
        while True:
            count += self.is_working_day(day)
            if count >= min_working_days:
                return day
            day += _DAY

    def check_period(self, start: date, end: date, min_working_days: int) -> str | None:
        """Why a notice from ``start`` to ``end`` is too short (两审三公示), or None when it is
        long enough."""
        earliest = self.earliest_end(start, min_working_days)
        if end < start:
            return (
                f"公示结束日期 {_format_date(end)} 早于开始日期 {_format_date(start)}："
                f"最早可于 {_format_date(earliest)} 结束"
            )
        if end >= earliest:
            return None
        count = self.working_days(start, end)
        return (
            f"公示期只有 {count} 个工作日，少于 {min_working_days} 个："
            f"最早可于 {_format_date(earliest)} 结束"
        )
