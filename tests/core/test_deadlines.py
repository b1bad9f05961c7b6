"""The window of a deadline for a unit: the notice's moment moved by extensions (延期)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from pingxuan.core.calendar import WorkingCalendar
from pingxuan.core.deadlines import Extension, Gate, Window, effective_window, gated_deadline
from pingxuan.core.demo import add_working_days, demo_source
from pingxuan.core.spec.loader import SpecError, parse_spec, resolve_campaign
from pingxuan.core.spec.models import Deadline, Spec

ZONE = ZoneInfo("Asia/Shanghai")
NOTICE = datetime(2024, 3, 20, 23, 59, 59, tzinfo=ZONE)
PRELIMINARY = Deadline(key="preliminary", label="初审材料报送截止", at=NOTICE, clause="四")
REVIEW = Deadline(key="review", label="复审材料报送截止（另行通知）", clause="四")
GRANTED = datetime(2024, 3, 18, 10, 0, tzinfo=ZONE)


def grant(at: datetime, unit: str | None = None, *, key: str = "preliminary", day: int = 0):
    return Extension(key, unit, at, f"原因{day}", GRANTED.replace(day=18 + day))


def moment(day: int, hour: int = 17) -> datetime:
    return datetime(2024, 3, day, hour, 0, tzinfo=ZONE)


def test_without_extensions_the_window_is_the_notices() -> None:
    assert effective_window(PRELIMINARY, [], "巩义市") == Window(NOTICE, NOTICE, None)


def test_a_units_extension_moves_only_that_unit() -> None:
    later = grant(moment(27), "巩义市")

    assert effective_window(PRELIMINARY, [later], "巩义市") == Window(NOTICE, moment(27), later)
    assert effective_window(PRELIMINARY, [later], "郑东新区") == Window(NOTICE, NOTICE, None)
    assert effective_window(PRELIMINARY, [later], None) == Window(NOTICE, NOTICE, None)


def test_a_campaign_extension_moves_every_unit() -> None:
    everyone = grant(moment(25))

    assert effective_window(PRELIMINARY, [everyone], "巩义市").closes_at == moment(25)
    assert effective_window(PRELIMINARY, [everyone], None).closes_at == moment(25)


def test_the_latest_applicable_moment_wins_whatever_the_order_of_grants() -> None:
    unit_first = grant(moment(27), "巩义市", day=0)
    campaign_later = grant(moment(25), day=1)

    found = effective_window(PRELIMINARY, [campaign_later, unit_first], "巩义市")

    assert (found.closes_at, found.extension) == (moment(27), unit_first)


def test_an_earlier_moment_never_shortens_the_window() -> None:
    earlier = grant(moment(19), "巩义市")

    assert effective_window(PRELIMINARY, [earlier], "巩义市") == Window(NOTICE, NOTICE, None)


def test_two_grants_to_the_same_moment_are_explained_by_the_later() -> None:
    first, second = grant(moment(27), day=0), grant(moment(27), "巩义市", day=1)

    assert effective_window(PRELIMINARY, [second, first], "巩义市").extension == second


def test_another_deadlines_extension_does_not_apply() -> None:
    review = grant(moment(30), key="review")

    assert effective_window(PRELIMINARY, [review], "巩义市") == Window(NOTICE, NOTICE, None)


def test_a_deadline_left_open_stays_open_until_the_office_sets_it() -> None:
    assert effective_window(REVIEW, [], "巩义市") == Window(None, None, None)
    with time_machine.travel(datetime(2030, 1, 1, tzinfo=ZONE)):
        assert effective_window(REVIEW, [], "巩义市").is_open(datetime.now(ZONE))

    set_by_office = grant(moment(30), key="review")
    found = effective_window(REVIEW, [set_by_office], "巩义市")
    assert found == Window(None, moment(30), set_by_office)
    assert found.extended


def test_the_window_is_open_up_to_its_last_second_and_closed_after() -> None:
    found = effective_window(PRELIMINARY, [grant(moment(27), "巩义市")], "巩义市")

    with time_machine.travel(moment(27), tick=False):
        assert found.is_open(datetime.now(ZONE))
    with time_machine.travel(datetime(2024, 3, 27, 17, 0, 1, tzinfo=ZONE), tick=False):
        assert not found.is_open(datetime.now(ZONE))
    with time_machine.travel(datetime(2024, 3, 21, 9, 0, tzinfo=ZONE), tick=False):
        now = datetime.now(ZONE)
        assert found.is_open(now)
        assert not effective_window(PRELIMINARY, [], "巩义市").is_open(now)


def test_the_gates_are_the_specs_deadlines(spec: Spec) -> None:
    assert gated_deadline(spec, Gate.SUBMISSION) == spec.deadline("preliminary")
    assert gated_deadline(spec, Gate.REVIEW_MATERIALS) == spec.deadline("review")


def test_submission_falls_back_to_the_reference_deadline(spec: Spec) -> None:
    plain = spec.model_copy(
        update={"deadlines": [d.model_copy(update={"gates": None}) for d in spec.deadlines]}
    )

    assert gated_deadline(plain, Gate.SUBMISSION) == plain.deadline("preliminary")
    assert gated_deadline(plain, Gate.REVIEW_MATERIALS) is None


def test_working_days_are_counted_with_the_calendar() -> None:
    calendar = WorkingCalendar()

    # 2024-04-03 (Wed) + 2: 04-04..06 are 清明, 04-07 (Sun) is worked, so 04-07 and 04-08.
    assert add_working_days(calendar, date(2024, 4, 3), 2) == date(2024, 4, 8)
    assert add_working_days(calendar, date(2024, 4, 8), -2) == date(2024, 4, 3)
    assert add_working_days(calendar, date(2024, 4, 8), 0) == date(2024, 4, 8)


def test_the_demo_source_is_the_notice_with_its_id_title_and_deadlines_moved() -> None:
    source = resolve_campaign("zhengzhou-2024").read_text(encoding="utf-8")
    open_at = datetime(2026, 12, 21, 23, 59, 59, tzinfo=ZONE)
    review_at = datetime(2027, 1, 20, 17, 30, tzinfo=ZONE)

    demo = parse_spec(
        demo_source(
            source,
            campaign_id="demo",
            title="【演示】评选",
            moments={"preliminary": open_at, "review": review_at},
        ),
        "demo.toml",
    )
    original = parse_spec(source, "zhengzhou-2024.toml")

    assert (demo.campaign.id, demo.campaign.title) == ("demo", "【演示】评选")
    assert [(d.key, d.at) for d in demo.deadlines] == [
        ("preliminary", open_at),
        ("key_publicity", original.deadline("key_publicity").at),
        ("review", review_at),
    ]
    assert demo.units == original.units
    assert demo.awards == original.awards


def test_a_county_demo_source_forwards_into_the_demo_campaign() -> None:
    source = resolve_campaign("zhongmu-2024").read_text(encoding="utf-8")

    demo = parse_spec(
        demo_source(
            source, campaign_id="county-demo", title="【演示】县", moments={}, parent="demo"
        ),
        "county-demo.toml",
    )

    assert demo.parent is not None
    assert (demo.parent.campaign, demo.parent.unit) == ("demo", "中牟县")
    assert demo.parent.forward == parse_spec(source, "zhongmu-2024.toml").parent.forward  # type: ignore[union-attr]


def test_a_spec_with_two_deadlines_closing_one_gate_is_refused() -> None:
    source = resolve_campaign("zhengzhou-2024").read_text(encoding="utf-8")
    broken = source.replace('gates = "复审材料"', 'gates = "初审材料"', 1)

    with pytest.raises(SpecError) as refused:
        parse_spec(broken, "broken.toml")

    assert [(p.path, p.reason) for p in refused.value.problems] == [
        ("deadlines[2].gates", "“初审材料”已由另一个截止时间管住")
    ]
