"""中牟县's own round in the web, named by its spec: its office is 县级审核员, its whole 全县, its
procedure 两审两公示, and its office publishes the 县级公示 (the organiser's level, key city)
through the same notices pages as the city's office."""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.notices.models import Notice, NoticeState
from tests.web.notices.helpers import PERIODS, notice_input, publish_level
from tests.web.personas import signed_in
from tests.web.rounds.conftest import run_round

pytestmark = pytest.mark.django_db


def test_county_office_pages_use_the_county_words(county: Campaign, county_staff: User) -> None:
    office = signed_in(county_staff)

    landing = office.get("/office/").content.decode()
    notices = office.get(reverse("office:notices", kwargs={"slug": county.slug})).content.decode()
    dashboard = office.get(reverse("office:dashboard", kwargs={"slug": county.slug}))

    assert "县级审核员" in landing and "市级审核员" not in landing
    assert "<h1>两公示</h1>" in notices
    assert '<option value="city">县级公示</option>' in notices
    assert "（县级公示不选）" in notices
    assert "全县比例" in dashboard.content.decode()
    assert "全市" not in dashboard.content.decode()


def test_public_page_of_the_county_round_says_two_notices(county: Campaign) -> None:
    from django.test import Client

    page = Client().get(f"/campaigns/{county.slug}/").content.decode()

    assert "两审两公示" in page
    assert "全县统筹" in page
    assert "全市" not in page


def test_county_office_publishes_its_county_notice_through_the_web(
    county: Campaign, town: Unit, town_clerk: User, county_staff: User
) -> None:
    run_round(county, town, town_clerk)
    data = notice_input(None, level="city")
    form = {
        "level": "city",
        "unit": "",
        "title": "中牟县2024年推荐郑州市五一劳动奖县级公示",
        "start": data.start.isoformat(),
        "end": data.end.isoformat(),
        "contact_person": data.contact_person,
        "contact_phone": data.contact_phone,
        "channel_phone": data.channel_phone,
        "channel_mailbox": "",
        "channel_address": "",
        "channel_text": "",
    }
    office = signed_in(county_staff)
    with time_machine.travel("2024-03-22T09:00:00+08:00", tick=False):
        publish_level(county, "unit", town, county_staff)
        created = office.post(reverse("office:notices", kwargs={"slug": county.slug}), form)
        notice = Notice.objects.get(campaign=county, level="city")
        published = office.post(
            reverse("office:notice", kwargs={"slug": county.slug, "pk": notice.pk}),
            {"action": "publish"},
        )

    notice.refresh_from_db()
    assert (created.status_code, published.status_code) == (302, 302)
    assert (notice.state, notice.unit, notice.start) == (
        NoticeState.PUBLISHED,
        None,
        PERIODS["city"][0],
    )
    assert notice.rows.count() == town.nominations.count()
