"""The notice periods of 两审三公示 (三（三）1) through the core calendar: a table of starts and
ends with the official 2024 holidays and 调休, the earliest end the system proposes for each start,
a year without data, and the administrator's overrides."""

from __future__ import annotations

from datetime import date

import pytest

from pingxuan.core.calendar import CalendarUnknownYear, WorkingCalendar

MIN_DAYS = 5  # publicity.min_working_days of the 2024 Zhengzhou notice
CALENDAR = WorkingCalendar()

# (start, end, working days in [start, end], valid, earliest end for the start, what it covers)
PERIODS = [
    # 清明 04-04..06 off, Sunday 04-07 worked: 04-01, 02, 03, 07, 08.
    ("2024-04-01", "2024-04-08", 5, True, "2024-04-08", "清明，04-07 周日上班"),
    ("2024-04-01", "2024-04-07", 4, False, "2024-04-08", "清明，差一天"),
    ("2024-04-02", "2024-04-08", 4, False, "2024-04-09", "清明，晚一天开始"),
    # 五一 05-01..05 off, Sunday 04-28 worked: 04-26, 28, 29, 30, 05-06.
    ("2024-04-26", "2024-05-06", 5, True, "2024-05-06", "五一，04-28 周日上班"),
    ("2024-04-26", "2024-05-05", 4, False, "2024-05-06", "五一，假期最后一天结束"),
    # 国庆 10-01..07 off, Sunday 09-29 worked: 09-26, 27, 29, 30, 10-08.
    ("2024-09-26", "2024-10-08", 5, True, "2024-10-08", "国庆，09-29 周日上班"),
    ("2024-09-26", "2024-10-07", 4, False, "2024-10-08", "国庆，假期最后一天结束"),
    # An ordinary week: Monday to Friday.
    ("2024-03-11", "2024-03-15", 5, True, "2024-03-15", "普通一周"),
    ("2024-03-13", "2024-03-19", 5, True, "2024-03-19", "跨周末"),
    ("2024-03-13", "2024-03-18", 4, False, "2024-03-19", "跨周末，差一天"),
    # Starting on a holiday: the holiday does not count.
    ("2024-10-01", "2024-10-12", 5, True, "2024-10-12", "国庆期间开始，10-12 周六上班"),
    # Across the new year: 2024-12-30 .. 2025-01-03, 01-01 off.
    ("2024-12-30", "2025-01-06", 5, True, "2025-01-06", "跨年，元旦放假"),
    ("2024-12-30", "2025-01-03", 4, False, "2025-01-06", "跨年，差一天"),
]


def day(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("start", "end", "days", "valid", "earliest", "case"),
    PERIODS,
    ids=[f"{row[0]}→{row[1]}" for row in PERIODS],
)
def test_notice_period(
    start: str, end: str, days: int, valid: bool, earliest: str, case: str
) -> None:
    assert CALENDAR.working_days(day(start), day(end)) == days
    assert (CALENDAR.check_period(day(start), day(end), MIN_DAYS) is None) == valid
    assert CALENDAR.earliest_end(day(start), MIN_DAYS) == day(earliest)


def test_short_period_message_names_the_earliest_end() -> None:
    message = CALENDAR.check_period(day("2024-04-26"), day("2024-05-05"), MIN_DAYS)

    assert message == "公示期只有 4 个工作日，少于 5 个：最早可于 2024年05月06日 结束"


def test_end_before_start_is_refused() -> None:
    message = CALENDAR.check_period(day("2024-04-08"), day("2024-04-01"), MIN_DAYS)

    assert message is not None and "早于开始日期" in message


@pytest.mark.parametrize(
    "call",
    [
        lambda: CALENDAR.check_period(day("2099-03-02"), day("2099-03-09"), MIN_DAYS),
        lambda: CALENDAR.earliest_end(day("2099-03-02"), MIN_DAYS),
        lambda: CALENDAR.working_days(day("2099-03-02"), day("2099-03-09")),
    ],
    ids=["check_period", "earliest_end", "working_days"],
)
def test_year_without_data_is_an_error(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CalendarUnknownYear) as raised:
        call()

    assert raised.value.year == 2099


def test_period_running_into_a_year_without_data_is_an_error() -> None:
    # 2098 entered, 2099 not: a period from the last days of 2098 is no guess either.
    calendar = WorkingCalendar(extra_years=[2098])

    with pytest.raises(CalendarUnknownYear) as raised:
        calendar.earliest_end(day("2098-12-29"), MIN_DAYS)

    assert raised.value.year == 2099


def test_entered_year_follows_the_week_and_its_overrides() -> None:
    # 2099-03-02 is a Monday; the administrator entered 2099, with Wednesday 03-04 a holiday.
    calendar = WorkingCalendar({day("2099-03-04"): False}, extra_years=[2099])

    assert calendar.earliest_end(day("2099-03-02"), MIN_DAYS) == day("2099-03-09")


def test_override_makes_a_holiday_a_working_day() -> None:
    # 04-04 worked after all: 04-01, 02, 03, 04 and the worked Sunday 04-07.
    calendar = WorkingCalendar({day("2024-04-04"): True})

    assert calendar.earliest_end(day("2024-04-01"), MIN_DAYS) == day("2024-04-07")
    assert calendar.check_period(day("2024-04-01"), day("2024-04-07"), MIN_DAYS) is None


def test_override_makes_a_working_day_a_holiday() -> None:
    calendar = WorkingCalendar({day("2024-04-07"): False})

    assert calendar.earliest_end(day("2024-04-01"), MIN_DAYS) == day("2024-04-09")
    assert calendar.check_period(day("2024-04-01"), day("2024-04-08"), MIN_DAYS) is not None
