"""Working days of the public notices (两审三公示): the official calendar, the administrator's
overrides and the earliest end date the system proposes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pingxuan.core.calendar import CalendarUnknownYear, WorkingCalendar
from pingxuan.core.spec.models import Spec

CALENDAR = WorkingCalendar()


def _case(start: str, end: str, count: int, earliest: str, name: str) -> object:
    return pytest.param(
        date.fromisoformat(start),
        date.fromisoformat(end),
        count,
        date.fromisoformat(earliest),
        id=name,
    )


# start, end, working days in [start, end], earliest end for 5 working days; valid = count >= 5.
NOTICE_PERIODS = [
    _case("2024-04-01", "2024-04-08", 5, "2024-04-08", "清明, Sunday 04-07 worked"),
    _case("2024-04-01", "2024-04-07", 4, "2024-04-08", "清明, a day short"),
    _case("2024-04-26", "2024-05-06", 5, "2024-05-06", "五一, Sunday 04-28 worked"),
    _case("2024-04-26", "2024-04-30", 4, "2024-05-06", "五一, ends before it"),
    _case("2024-09-26", "2024-10-08", 5, "2024-10-08", "国庆, Sunday 09-29 worked"),
    _case("2024-09-26", "2024-10-07", 4, "2024-10-08", "国庆, ends on a holiday"),
    _case("2024-06-03", "2024-06-07", 5, "2024-06-07", "ordinary week, Mon-Fri"),
    _case("2024-03-13", "2024-03-19", 5, "2024-03-19", "ordinary, Wed-Tue"),
    _case("2024-06-03", "2024-06-14", 9, "2024-06-07", "longer than needed"),
    _case("2024-06-15", "2024-06-21", 5, "2024-06-21", "starts on a Saturday"),
    _case("2024-06-07", "2024-06-14", 5, "2024-06-14", "端午 Monday 06-10"),
    _case("2024-10-01", "2024-10-12", 5, "2024-10-12", "starts on 国庆, Saturday 10-12 worked"),
    _case("2024-10-01", "2024-10-11", 4, "2024-10-12", "starts on 国庆, a day short"),
    _case("2024-05-11", "2024-05-16", 5, "2024-05-16", "starts on a worked Saturday"),
    _case("2024-04-28", "2024-05-07", 5, "2024-05-07", "starts on a worked Sunday"),
    _case("2024-12-30", "2025-01-06", 5, "2025-01-06", "year boundary, 元旦"),
    _case("2024-12-30", "2025-01-03", 4, "2025-01-06", "year boundary, a day short"),
    _case("2025-01-24", "2025-02-06", 5, "2025-02-06", "2025 春节, Sunday 01-26 worked"),
    _case("2025-01-27", "2025-02-07", 4, "2025-02-08", "2025 春节, a day short"),
    _case("2025-01-27", "2025-02-08", 5, "2025-02-08", "2025 春节, Saturday 02-08 worked"),
]


def test_campaign_asks_for_five_working_days(spec: Spec) -> None:
    assert spec.publicity.min_working_days == 5


@pytest.mark.parametrize(("start", "end", "count", "earliest"), NOTICE_PERIODS)
def test_notice_period_counts_working_days(
    start: date, end: date, count: int, earliest: date, spec: Spec
) -> None:
    needed = spec.publicity.min_working_days

    assert CALENDAR.working_days(start, end) == count
    assert CALENDAR.earliest_end(start, needed) == earliest
    assert (CALENDAR.check_period(start, end, needed) is None) == (count >= needed)


def test_check_period_too_short_names_count_and_earliest_end() -> None:
    message = CALENDAR.check_period(date(2024, 4, 1), date(2024, 4, 7), 5)

    assert message == "公示期只有 4 个工作日，少于 5 个：最早可于 2024年04月08日 结束"


def test_check_period_end_before_start() -> None:
    message = CALENDAR.check_period(date(2024, 4, 8), date(2024, 4, 1), 5)

    assert message == (
        "公示结束日期 2024年04月01日 早于开始日期 2024年04月08日：最早可于 2024年04月12日 结束"
    )


def test_working_days_end_before_start_is_zero() -> None:
    assert CALENDAR.working_days(date(2024, 4, 8), date(2024, 4, 1)) == 0


def test_working_days_single_day_counts_that_day() -> None:
    assert CALENDAR.working_days(date(2024, 4, 8), date(2024, 4, 8)) == 1
    assert CALENDAR.working_days(date(2024, 4, 4), date(2024, 4, 4)) == 0


def test_earliest_end_needs_at_least_one_working_day() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        CALENDAR.earliest_end(date(2024, 4, 1), 0)


def test_override_turns_working_day_into_holiday() -> None:
    calendar = WorkingCalendar(overrides={date(2024, 4, 2): False})

    assert calendar.is_working_day(date(2024, 4, 2)) is False
    assert calendar.working_days(date(2024, 4, 1), date(2024, 4, 8)) == 4
    assert calendar.earliest_end(date(2024, 4, 1), 5) == date(2024, 4, 9)


def test_override_turns_weekend_into_working_day() -> None:
    calendar = WorkingCalendar(overrides={date(2024, 6, 15): True})

    assert calendar.is_working_day(date(2024, 6, 15)) is True
    assert calendar.working_days(date(2024, 6, 15), date(2024, 6, 21)) == 6
    assert calendar.earliest_end(date(2024, 6, 15), 5) == date(2024, 6, 20)


def test_override_wins_over_official_calendar_on_worked_sunday() -> None:
    calendar = WorkingCalendar(overrides={date(2024, 4, 7): False})

    assert CALENDAR.is_working_day(date(2024, 4, 7)) is True
    assert calendar.is_working_day(date(2024, 4, 7)) is False


def test_unknown_year_is_an_error() -> None:
    with pytest.raises(CalendarUnknownYear) as raised:
        CALENDAR.is_working_day(date(2099, 1, 5))

    assert raised.value.year == 2099
    assert str(raised.value) == (
        "2099年的法定节假日安排尚未收录：请管理员在日历中补录该年的节假日和调休后再试"
    )


def test_unknown_year_is_an_error_even_on_a_weekday() -> None:
    # Monday 2099-01-05 would be a working day by the weekends; the calendar must not guess.
    with pytest.raises(CalendarUnknownYear):
        CALENDAR.working_days(date(2099, 1, 5), date(2099, 1, 5))


def test_notice_running_into_an_unknown_year_is_an_error() -> None:
    # The package's data stops at the end of 2026: the fifth working day would fall in 2027.
    with pytest.raises(CalendarUnknownYear) as raised:
        CALENDAR.earliest_end(date(2026, 12, 28), 5)

    assert raised.value.year == 2027


def test_override_in_unknown_year_answers_for_that_day_only() -> None:
    calendar = WorkingCalendar(overrides={date(2099, 1, 1): False})

    assert calendar.is_working_day(date(2099, 1, 1)) is False
    with pytest.raises(CalendarUnknownYear):
        calendar.is_working_day(date(2099, 1, 2))


def test_year_declared_by_administrator_is_accepted() -> None:
    # 2099-01-01 (Thursday) and 01-02 are 元旦; Saturday 01-03 is worked in their place.
    calendar = WorkingCalendar(
        overrides={date(2099, 1, 1): False, date(2099, 1, 2): False, date(2099, 1, 3): True},
        extra_years=[2099],
    )

    assert calendar.working_days(date(2099, 1, 1), date(2099, 1, 9)) == 6
    assert calendar.earliest_end(date(2099, 1, 1), 5) == date(2099, 1, 8)
    assert calendar.check_period(date(2099, 1, 1), date(2099, 1, 7), 5) == (
        "公示期只有 4 个工作日，少于 5 个：最早可于 2099年01月08日 结束"
    )


SUPPORTED_STARTS = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 11, 30))


@given(start=SUPPORTED_STARTS, needed=st.integers(min_value=1, max_value=15))
def test_earliest_end_is_first_date_with_enough_working_days(start: date, needed: int) -> None:
    end = start
    while CALENDAR.working_days(start, end) < needed:
        end += timedelta(days=1)

    assert CALENDAR.earliest_end(start, needed) == end
    assert CALENDAR.check_period(start, end, needed) is None
    assert CALENDAR.check_period(start, end - timedelta(days=1), needed) is not None


def test_knows_year_covers_the_package_and_the_years_entered_in_full() -> None:
    calendar = WorkingCalendar(extra_years=[2099])

    assert calendar.knows_year(2024)
    assert calendar.knows_year(2099)
    assert not calendar.knows_year(2098)
