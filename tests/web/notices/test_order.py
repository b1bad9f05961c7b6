"""The order of 两审三公示 (issue 10): 初审 before any notice; unit → county → city, each level
only after the one below has run its whole period; 复审 results only after the nominee's last
notice has ended and with the 复审 materials in. Each gate refuses with a Chinese message."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import User

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.edit import NominationRefused
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.notices import NoticeRefused, create_notice, publish
from pingxuan.web.notices.models import NoticeState
from pingxuan.web.review.domain.decisions import pending, prepare, release
from pingxuan.web.review.enums import Outcome, ReviewStage
from tests.web.nominations.helpers import fill_unit
from tests.web.notices.helpers import (
    AFTER_NOTICES,
    County,
    notice_input,
    publish_level,
)
from tests.web.personas import UNIT_A, make_persona, signed_in
from tests.web.review.test_second import agree_all
from tests.web.second_review import hand_in_second_materials

pytestmark = pytest.mark.django_db


def refusal(
    campaign: Campaign, level: str, unit: Unit | None, reviewer: User, **dates: date
) -> str:
    notice = create_notice(
        campaign, notice_input(unit, level=level, **dates), actor=reviewer, role="reviewer"
    )
    with pytest.raises(NoticeRefused) as refused:
        publish(notice, actor=reviewer, role="reviewer")
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT
    return refused.value.message


def test_no_notice_before_first_review(campaign: Campaign, reviewer: User) -> None:
    unit = Unit.objects.get(campaign=campaign, name=UNIT_A)
    fill_unit(campaign, unit, make_persona(campaign, "clerk_a"))

    message = refusal(campaign, "unit", unit, reviewer)

    assert message.startswith("初审尚未完成：郑东新区还有推荐对象等待初审")


def test_county_notice_waits_for_the_unit_notice_to_end(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    message = refusal(
        campaign, "county", county.unit, reviewer, start=date(2024, 3, 28), end=date(2024, 4, 3)
    )

    assert "还没有完成所在单位公示" in message and "2024-03-28" in message


def test_city_notice_waits_for_the_county_notice(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    message = refusal(campaign, "city", None, reviewer)
    publish_level(campaign, "county", county.unit, reviewer)
    city = publish_level(campaign, "city", None, reviewer)

    assert "还没有完成县级公示" in message
    assert city.state == NoticeState.PUBLISHED


def test_no_notice_without_a_nominee_to_show(campaign: Campaign, reviewer: User) -> None:
    unit = Unit.objects.get(campaign=campaign, name=UNIT_A)

    assert refusal(campaign, "unit", unit, reviewer).startswith("没有可以公示的推荐对象")


# ── 复审 ───────────────────────────────────────────────────────────────────────────────────


def prepared_pass(campaign: Campaign, nomination: Nomination, reviewer: User) -> None:
    agree_all(nomination)
    prepare(campaign, nomination, ReviewStage.SECOND, Outcome.PASS, "", actor=reviewer, role="r")


def release_all(campaign: Campaign, reviewer: User) -> None:
    ids = [d.pk for d in pending(campaign, ReviewStage.SECOND)]
    release(campaign, ReviewStage.SECOND, ids, actor=reviewer, role="reviewer")


def test_second_review_waits_for_the_city_notice_to_end(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    nominee = county.others[0]
    publish_level(campaign, "county", county.unit, reviewer)
    publish_level(campaign, "city", None, reviewer)
    hand_in_second_materials(campaign, county.unit, reviewer)
    prepared_pass(campaign, nominee, reviewer)

    with time_machine.travel("2024-04-15T12:00:00+08:00", tick=False):
        with pytest.raises(NominationRefused) as during:
            release_all(campaign, reviewer)
    with time_machine.travel(AFTER_NOTICES, tick=False):
        release_all(campaign, reviewer)

    assert "市级公示尚未结束" in str(during.value)
    nominee.refresh_from_db()
    assert nominee.standing == Standing.APPROVED


def test_second_review_pass_waits_for_the_materials(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    nominee = county.others[0]
    publish_level(campaign, "county", county.unit, reviewer)
    publish_level(campaign, "city", None, reviewer)
    prepared_pass(campaign, nominee, reviewer)

    with time_machine.travel(AFTER_NOTICES, tick=False):
        with pytest.raises(NominationRefused) as refused:
            release_all(campaign, reviewer)

    assert "还缺少复审材料" in str(refused.value) and "推荐审批表" in str(refused.value)


def test_sensitive_nominee_needs_only_the_unit_notice(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    hand_in_second_materials(campaign, county.unit, reviewer)
    prepared_pass(campaign, county.sensitive, reviewer)

    with time_machine.travel(AFTER_NOTICES, tick=False):
        release_all(campaign, reviewer)

    county.sensitive.refresh_from_db()
    assert county.sensitive.standing == Standing.APPROVED


def test_release_preview_says_what_blocks_and_disables_the_button(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    nominee = county.others[0]
    prepared_pass(campaign, nominee, reviewer)
    url = f"/office/{campaign.slug}/second-review/release/"

    with time_machine.travel(AFTER_NOTICES, tick=False):
        page = signed_in(reviewer).get(url).content.decode()

    assert "暂不能发布：“" in page and "县级公示尚未结束" in page
    assert 'type="submit" disabled' in page and "有 1 项结论暂不能发布" in page
