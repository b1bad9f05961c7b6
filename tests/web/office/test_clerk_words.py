"""Office pages speak to clerks: no command lines or library names, a calendar that warns of a
year whose 调休 is not known yet where a deadline falls in it, and empty states that say who acts
next and where."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse

from pingxuan.web.campaigns.domain.deadlines import grant_extension
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.notices.domain.calendar import unknown_years
from pingxuan.web.notices.models import CalendarYear
from tests.web.personas import make_persona, signed_in

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 5, 10, 0, tzinfo=BEIJING)
UNKNOWN = 2027  # chinesecalendar 2.x has no 2027 yet


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


def page(client, campaign: Campaign, name: str) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse(f"office:{name}", kwargs={"slug": campaign.slug})).content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_deadline_in_a_year_without_holidays_is_warned_of(
    campaign: Campaign, reviewer: User
) -> None:
    client = signed_in(reviewer)
    assert "调休安排还没有收录" not in page(client, campaign, "calendar")

    grant_extension(
        campaign,
        deadline_key="review",
        unit=None,
        new_at=datetime(UNKNOWN, 1, 15, 23, 59, tzinfo=BEIJING),
        reason="复审材料截止日期",
        actor=reviewer,
        role="reviewer",
    )

    for name in ("calendar", "extensions"):
        body = page(client, campaign, name)
        assert f"{UNKNOWN}年的节假日和调休安排还没有收录" in body
        assert "复审材料报送截止（另行通知）在这一年" in body
        assert "逐日补录该年的节假日和调休上班日" in body
    CalendarYear.objects.create(year=UNKNOWN, note="已补录")
    assert unknown_years(campaign) == []


def test_no_command_line_or_library_name_reaches_the_clerk(
    campaign: Campaign, reviewer: User
) -> None:
    client = signed_in(reviewer)
    for name in ("calendar", "documents"):
        body = page(client, campaign, name)
        assert "pingxuan check" not in body
        assert "chinesecalendar" not in body


def test_no_rounds_yet_says_who_records_them_and_where(campaign: Campaign, reviewer: User) -> None:
    body = page(signed_in(reviewer), campaign, "rounds")

    assert "还没有推荐单位录入差额表决记录" in body
    assert f"/portal/{campaign.slug}/rounds/" in body
    assert "经办人" in body
