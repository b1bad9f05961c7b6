"""The city staff's 工作台 (issue 14, 2): signing in lands them on what waits for them, counted
from the same records as the pages they lead to; unit staff have no such page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.review.domain.decisions import prepare
from pingxuan.web.review.enums import Outcome, ReviewStage
from tests.web.complaints.helpers import a_complaint
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_B, make_persona, signed_in

pytestmark = pytest.mark.django_db


def count_of(body: str, label: str) -> int:
    found = re.search(
        r'<span class="desk-count">(\d+)</span><span class="desk-label">' + label, body
    )
    assert found, label
    return int(found[1])


def test_city_staff_land_on_what_waits_for_them(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    client = signed_in(reviewer)
    standing = Nomination.objects.filter(
        campaign=campaign, unit=submitted, standing=Standing.NOMINATED
    )

    landed = client.get(reverse("portal:home"))
    body = client.get(reverse("office:landing")).content.decode()

    assert landed.status_code == 302 and landed["Location"] == reverse("office:landing")
    assert "<h1>工作台</h1>" in body and "已报送 1 / 37 个单位" in body
    assert count_of(body, "待初审的推荐对象") == standing.count()
    assert count_of(body, "初审结论待发布") == 0
    assert count_of(body, "举报待办") == 0


def test_counts_follow_the_work(campaign: Campaign, submitted: Unit, reviewer: User) -> None:
    first = Nomination.objects.filter(campaign=campaign, unit=submitted).order_by("pk").first()
    assert first is not None
    prepare(campaign, first, ReviewStage.FIRST, Outcome.PASS, "", actor=reviewer, role="reviewer")
    a_complaint(campaign, first.display_name)
    standing = Nomination.objects.filter(
        campaign=campaign, unit=submitted, standing=Standing.NOMINATED
    )

    body = signed_in(reviewer).get(reverse("office:landing")).content.decode()

    assert count_of(body, "待初审的推荐对象") == standing.count() - 1
    assert count_of(body, "初审结论待发布") == 1
    assert count_of(body, "举报待办") == 1


def test_unit_staff_have_no_desk(campaign: Campaign, clerk_a: User) -> None:
    assert signed_in(clerk_a).get(reverse("office:landing")).status_code == 404


def test_the_desk_and_the_overview_count_waiting_alike(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    """A unit still filling in is not waiting for 初审: the overview's 待初审 column and the
    desk's count are the same number, and the unsubmitted unit's rows are 未报送."""
    drafting = Unit.objects.get(campaign=campaign, name=UNIT_B)
    fill_unit(campaign, drafting, make_persona(campaign, "clerk_b"))
    first = Nomination.objects.filter(campaign=campaign, unit=submitted).order_by("pk").first()
    assert first is not None
    prepare(campaign, first, ReviewStage.FIRST, Outcome.PASS, "", actor=reviewer, role="reviewer")
    client = signed_in(reviewer)

    desk = client.get(reverse("office:landing")).content.decode()
    overview = client.get(reverse("office:dashboard", kwargs={"slug": campaign.slug}))

    body = overview.context["overview"]  # the value the cached fragment shows
    labels = [str(column.label) for column in body.standings]
    column = {label: i for i, label in enumerate(labels)}
    table = body.table
    waiting = sum(row["cells"][column["待初审"]] for row in table)
    drafting_count = sum(row["cells"][column["未报送（单位填报中）"]] for row in table)
    prepared = sum(row["cells"][column["初审已准备未发布"]] for row in table)
    own = Nomination.objects.filter(campaign=campaign, unit=submitted).count()
    assert count_of(desk, "待初审的推荐对象") == waiting == own - 1
    assert count_of(desk, "初审结论待发布") == prepared == 1
    assert drafting_count == Nomination.objects.filter(unit=drafting).count() > 0
    assert sum(sum(row["cells"]) for row in table) == Nomination.objects.count()
