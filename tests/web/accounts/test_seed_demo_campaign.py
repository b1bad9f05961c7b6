"""``seed_demo_campaign``: the demo campaigns of ``make run``, open today, seeded twice."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from pingxuan.web.accounts.demo import (
    COUNTY_OFFICE,
    COUNTY_SLUG,
    COUNTY_UNIT,
    OPEN_SLUG,
    REVIEW_SLUG,
    Plan,
    open_plan,
)
from pingxuan.web.accounts.enums import Role
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.domain.deadlines import Gate, closed_refusal, gate_window
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.enums import Standing, SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from pingxuan.web.notices.models import Notice, NoticeState
from pingxuan.web.opinions.domain.required import missing_opinions_of
from pingxuan.web.opinions.models.opinion import Opinion
from pingxuan.web.review.enums import ReviewStage
from pingxuan.web.review.models import Decision
from pingxuan.web.rounds.domain.records import outcome, to_core
from pingxuan.web.rounds.models import CampaignLink, Round


def seed() -> str:
    out = StringIO()
    call_command("seed_demo_campaign", "--quiet-units", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: object) -> Iterator[str]:
    """Seeded twice, once for the module (it is a slow set-up), in a transaction rolled back
    at the end so that no other module sees the demo."""
    from django.conf import settings
    from django.db import transaction

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        debug, settings.DEBUG = settings.DEBUG, True
        try:
            with transaction.atomic():
                seed()
                yield seed()
                transaction.set_rollback(True)
        finally:
            settings.DEBUG = debug


pytestmark = pytest.mark.django_db


def test_seeding_again_keeps_what_is_there(seeded: str) -> None:
    assert "【演示】2024年郑州市五一劳动奖和郑州市工人先锋号推荐评选：已存在" in seeded
    assert "【演示·评审】2024年郑州市五一劳动奖和郑州市工人先锋号推荐评选：已存在" in seeded
    assert (
        "【演示】2024年中牟县推荐郑州市五一劳动奖和郑州市工人先锋号评选：已存在，保持不变" in seeded
    )
    assert Campaign.objects.filter(slug__in=[OPEN_SLUG, REVIEW_SLUG, COUNTY_SLUG]).count() == 3
    # 37 units × (经办人, 审批人), the two city accounts, 中牟's 8 × 2 and its office, each once.
    assert get_user_model().objects.count() == 37 * 2 + 2 + 8 * 2 + 1
    # Every unit votes on its medal and its 先锋号 places; some also on a 奖状 of the pool.
    assert Round.objects.filter(campaign__slug=COUNTY_SLUG).count() >= 16


def test_the_open_demo_is_open_for_submission_today(seeded: str) -> None:
    demo = Campaign.objects.get(slug=OPEN_SLUG)
    now = timezone.now()

    for unit in Unit.objects.filter(campaign=demo):
        deadline, window = gate_window(demo, unit, Gate.SUBMISSION)
        assert deadline is not None and window.closes_at is not None
        assert window.closes_at > now
        assert closed_refusal(demo, unit, Gate.SUBMISSION) is None
    assert demo.title.startswith("【演示】")


def test_the_open_demo_has_every_unit_in_its_planned_state(seeded: str) -> None:
    demo = Campaign.objects.get(slug=OPEN_SLUG)
    states = dict(Submission.objects.filter(campaign=demo).values_list("unit__position", "state"))
    filled = set(Nomination.objects.filter(campaign=demo).values_list("unit__position", flat=True))

    # 中牟县's places wait for the county's picks; every other unit has typed its own.
    county = Unit.objects.get(campaign=demo, name=COUNTY_UNIT).position
    assert filled == set(range(1, 38)) - {county}
    expected = {
        Plan.SUBMITTED: SubmissionState.SUBMITTED,
        Plan.RETURNED: SubmissionState.RETURNED,
    }
    for position in set(range(1, 38)) - {county}:
        assert states.get(position, SubmissionState.DRAFT) == expected.get(
            open_plan(position), SubmissionState.DRAFT
        ), position


def test_every_unit_has_its_two_accounts_in_both_demos(seeded: str) -> None:
    for slug in (OPEN_SLUG, REVIEW_SLUG):
        roles = list(
            Membership.objects.filter(campaign__slug=slug).values_list(
                "user__username", "role", "unit__position"
            )
        )
        assert ("ys-01-jingban", Role.CLERK, 1) in roles
        assert ("ys-37-shenpi", Role.APPROVER, 37) in roles
        assert ("shi-shenhe", Role.REVIEWER, None) in roles
        county_office = [r for r in roles if r[0] == COUNTY_OFFICE]
        assert len(roles) == 37 * 2 + 2 + len(county_office)


def test_the_county_round_forwards_into_the_open_demo(seeded: str) -> None:
    """【演示】中牟县: a child of 【演示】's 中牟县, its 8 units filled in, each with a valid 差额
    round per award; six handed in before the county's deadline, passed 初审 and were noticed at
    both levels, all before today, so the county office (also 中牟县's clerk in 【演示】) forwards
    their picks today, before 【演示】's own deadline."""
    county = Campaign.objects.get(slug=COUNTY_SLUG)
    link = CampaignLink.objects.get(child=county)
    spec = campaign_spec(county)

    assert (link.parent.slug, link.unit.name) == (OPEN_SLUG, "中牟县")
    assert county.title.startswith("【演示】")
    assert Unit.objects.filter(campaign=county).count() == 8
    today = timezone.localdate()
    city_deadline = gate_window(link.parent, link.unit, Gate.SUBMISSION)[1].closes_at
    for unit in Unit.objects.filter(campaign=county):
        assert closed_refusal(county, unit, Gate.SUBMISSION) is not None
        assert Nomination.objects.filter(campaign=county, unit=unit).exists()
        for stored in Round.objects.filter(campaign=county, unit=unit):
            found = outcome(spec, unit, to_core(stored))
            assert found.valid and len(found.chosen) == stored.seats
    roles = set(
        Membership.objects.filter(user__username=COUNTY_OFFICE).values_list(
            "campaign__slug", "role", "unit__name"
        )
    )
    assert roles == {(COUNTY_SLUG, Role.REVIEWER, None), (OPEN_SLUG, Role.CLERK, "中牟县")}
    client = Client()
    client.force_login(get_user_model().objects.get(username=COUNTY_OFFICE))
    assert client.get(f"/office/{COUNTY_SLUG}/rounds/").status_code == 200
    assert client.get(f"/portal/{OPEN_SLUG}/rounds/").status_code == 200
    submitted = Submission.objects.filter(campaign=county, state=SubmissionState.SUBMITTED)
    assert submitted.count() == 6
    county_deadline = gate_window(county, None, Gate.SUBMISSION)[1].closes_at
    assert all(s.submitted_at.date() < today for s in submitted)
    notices = Notice.objects.filter(campaign=county)
    assert set(notices.values_list("level", flat=True)) == {"unit", "city"}
    assert max(notices.values_list("end", flat=True)) < today
    assert city_deadline is not None and city_deadline.date() > today
    assert county_deadline is not None
    assert all(s.submitted_at < county_deadline for s in submitted)
    # The forward page offers today's picks, its button enabled.
    page = client.get(f"/office/{COUNTY_SLUG}/forward/").content.decode()
    assert "可报送" in page and "现有" in page
    assert 'disabled aria-describedby="forward-why"' not in page


def test_a_demo_clerk_signs_in_with_the_published_password(seeded: str, settings: object) -> None:
    # The demo's cheap PBKDF2 hash, as make run verifies it (this package's conftest uses MD5).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # type: ignore[attr-defined]
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": "ys-01-jingban", "password": "demo-ys-01-jingban"},
    )
    assert response.status_code == 302
    page = client.get(f"/portal/{OPEN_SLUG}/")
    assert page.status_code == 200
    assert "航空港经济综合试验区" in page.content.decode()


def test_the_review_demo_has_run_the_procedure(seeded: str) -> None:
    demo = Campaign.objects.get(slug=REVIEW_SLUG)
    today = timezone.localdate()
    deadline = gate_window(demo, None, Gate.SUBMISSION)[1].closes_at
    assert deadline is not None
    # One story in time: handed in before the deadline, 初审 released after it, the notices
    # after 初审, the departments' opinions while the city notice ran.
    submitted = list(
        Submission.objects.filter(campaign=demo).values_list("submitted_at", flat=True)
    )
    assert max(submitted) < deadline
    decisions = Decision.objects.filter(campaign=demo, stage=ReviewStage.FIRST)
    released = list(decisions.values_list("released_at", flat=True))
    assert deadline < min(released) and max(released).date() < today
    notices = Notice.objects.filter(campaign=demo)
    assert max(released) < min(notices.values_list("published_at", flat=True))
    first_day = min(notices.values_list("start", flat=True))
    assert timezone.localtime(max(released)).date() < first_day
    answered = [
        a
        for a in Opinion.objects.filter(nomination__campaign=demo).values_list(
            "answered_at", flat=True
        )
        if a is not None
    ]
    city = notices.get(level="city")
    assert answered and min(timezone.localtime(a).date() for a in answered) >= city.start
    assert max(timezone.localtime(a).date() for a in answered) <= city.end

    assert set(Submission.objects.filter(campaign=demo).values_list("state", flat=True)) == {
        SubmissionState.SUBMITTED
    }
    standings = set(Nomination.objects.filter(campaign=demo).values_list("standing", flat=True))
    assert standings == {Standing.PASSED, Standing.FAILED}
    notices = Notice.objects.filter(campaign=demo)
    assert set(notices.values_list("state", flat=True)) == {NoticeState.PUBLISHED}
    assert set(notices.values_list("level", flat=True)) == {"unit", "county", "city"}
    assert max(notices.values_list("end", flat=True)) < today
    passed = list(Nomination.objects.filter(campaign=demo, standing=Standing.PASSED))
    assert all(not missing for missing in missing_opinions_of(passed).values())
    # Submission closed; the 复审 materials are still open.
    unit = Unit.objects.get(campaign=demo, position=1)
    assert closed_refusal(demo, unit, Gate.SUBMISSION) is not None
    assert closed_refusal(demo, unit, Gate.REVIEW_MATERIALS) is None


def test_the_command_refuses_outside_a_local_run(settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="只能在本地演示"):
        seed()
