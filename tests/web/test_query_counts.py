"""The busy pages ask the database a fixed number of times (issue 12, 5): the unit page, its live
check, the office overview and the 初审 list are counted with two units filled and again with
eight; the count must not grow with the nominations or the units (no N+1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pingxuan.web.campaigns.models import Campaign
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, UNIT_B, make_persona, signed_in
from tests.web.portal.form_data import person_row, post_of

pytestmark = pytest.mark.django_db

SLUG = "zhengzhou-2024"


def queries(call: Callable[[], object]) -> tuple[int, list[str]]:
    call()  # warm: the per-process caches (the parsed spec) are not what is counted
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured), [q["sql"] for q in captured.captured_queries]


def pages(campaign: Campaign) -> dict[str, Callable[[], object]]:
    clerk = signed_in(make_persona(campaign, "clerk_a"))
    reviewer = signed_in(make_persona(campaign, "reviewer"))
    draft = post_of("person", person_row(campaign, UNIT_A), 联系电话="13812345678")

    def get(client: Client, url: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(url)
            assert response.status_code == 200
            return response

        return call

    def live_check() -> object:
        response = clerk.post(f"/portal/{SLUG}/live-check/person/", draft)
        assert response.status_code == 200
        return response

    return {
        "单位首页": get(clerk, f"/portal/{SLUG}/"),
        "实时检查": live_check,
        "市总概览": get(reviewer, f"/office/{SLUG}/"),
        "初审列表": get(reviewer, f"/office/{SLUG}/review/"),
    }


def test_busy_pages_ask_the_database_a_fixed_number_of_times(campaign: Campaign) -> None:
    actor = User.objects.create_user("filler")
    units = list(campaign.units.exclude(name__in=(UNIT_A, UNIT_B)).order_by("pk")[:6])
    fill_unit(campaign, campaign.units.get(name=UNIT_A), actor)
    fill_unit(campaign, campaign.units.get(name=UNIT_B), actor)
    calls = pages(campaign)
    before = {name: queries(call) for name, call in calls.items()}
    for unit in units:
        fill_unit(campaign, unit, actor)
    after = {name: queries(call) for name, call in calls.items()}
    grown = {
        name: (before[name][0], after[name][0], after[name][1])
        for name in calls
        if after[name][0] != before[name][0]
    }
    assert not grown, grown
    # And the counts stay small: a page is a handful of queries, not one per row.
    assert all(count <= 25 for count, _ in after.values()), {n: c for n, (c, _) in after.items()}
