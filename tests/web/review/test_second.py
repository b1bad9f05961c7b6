"""复审: the checklist of each nomination that passed 初审 (materials, department opinions, notice
proofs), the opinions gate on a pass, and release through the same preview as 初审."""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.edit import NominationRefused
from pingxuan.web.nominations.enums import Kind, Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notifications.models import Notification
from pingxuan.web.opinions.domain import missing_opinions
from pingxuan.web.opinions.models import Opinion, OpinionState
from pingxuan.web.review.domain.decisions import prepare, release
from pingxuan.web.review.domain.second import second_review
from pingxuan.web.review.enums import Outcome, ReviewStage
from pingxuan.web.review.models import Decision
from tests.web.notices.helpers import AFTER_NOTICES, set_cell
from tests.web.opinions.helpers import filled_unit, pass_unit
from tests.web.personas import make_persona, signed_in
from tests.web.second_review import ready_for_second_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


@pytest.fixture
def passed(campaign: Campaign, reviewer: User) -> list[Nomination]:
    clerk = make_persona(campaign, "clerk_a")
    return pass_unit(campaign, filled_unit(campaign, clerk), reviewer)


def agree_all(nomination: Nomination) -> None:
    for department in missing_opinions(nomination):
        Opinion.objects.create(
            nomination=nomination, department=department, state=OpinionState.AGREED
        )


def test_every_passed_nomination_has_its_checklist(
    campaign: Campaign, passed: list[Nomination]
) -> None:
    units = second_review(campaign)

    assert [block.unit.name for block in units] == [passed[0].unit.name]
    lines = units[0].lines
    assert {line.nomination.pk for line in lines} == {n.pk for n in passed}
    for line in lines:
        assert line.missing_opinions == missing_opinions(line.nomination)
        assert line.missing_opinions and not line.ready  # nothing asked yet
        assert {c.label for c in line.materials} >= {"推荐审批表", "有关部门签署意见表"}
        assert all(not c.done for c in line.notices)  # no notice published yet


def test_a_sensitive_nominee_needs_no_county_or_city_notice(
    campaign: Campaign, passed: list[Nomination]
) -> None:
    sensitive = passed[0]
    sensitive.cells = {**sensitive.cells, "涉敏": "是"}
    sensitive.save(update_fields=["cells"])

    lines = {line.nomination.pk: line for line in second_review(campaign)[0].lines}

    assert [c.label for c in lines[sensitive.pk].notices] == ["所在单位公示"]
    assert "市级公示" in [c.label for c in lines[passed[1].pk].notices]


def test_a_pass_waits_for_every_opinion(
    campaign: Campaign, passed: list[Nomination], reviewer: User
) -> None:
    client = signed_in(reviewer)
    nomination = passed[0]
    url = f"/office/{campaign.slug}/second-review/decide/"

    refused = client.post(url, {"nomination": nomination.pk, "outcome": "pass", "reason": ""})
    agree_all(nomination)
    accepted = client.post(url, {"nomination": nomination.pk, "outcome": "pass", "reason": ""})

    assert refused.status_code == 409
    assert "部门" in refused.content.decode()
    assert accepted.status_code == 302
    assert Decision.objects.get(nomination=nomination, stage="second").released_at is None


def test_release_approves_and_rejects_and_tells_the_unit(
    campaign: Campaign, passed: list[Nomination], reviewer: User
) -> None:
    client = signed_in(reviewer)
    approved, rejected = passed[0], passed[1]
    agree_all(approved)
    decide = f"/office/{campaign.slug}/second-review/decide/"
    client.post(decide, {"nomination": approved.pk, "outcome": "pass", "reason": ""})
    client.post(
        decide, {"nomination": rejected.pk, "outcome": "fail", "reason": "事迹材料与实际不符"}
    )
    release = f"/office/{campaign.slug}/second-review/release/"
    ready_for_second_review(campaign, approved.unit, reviewer)

    page = client.get(release).content.decode()
    ids = list(Decision.objects.filter(stage="second").values_list("pk", flat=True))
    with time_machine.travel(AFTER_NOTICES, tick=False):
        done = client.post(release, {"decision": ids})

    assert "预览并发布复审结论" in page and approved.display_name in page
    assert done.status_code == 302 and done["Location"].endswith("/second-review/")
    approved.refresh_from_db()
    rejected.refresh_from_db()
    assert (approved.standing, rejected.standing) == (Standing.APPROVED, Standing.REJECTED)
    note = Notification.objects.get(unit=rejected.unit)
    assert "复审未通过" in note.message and "事迹材料与实际不符" in note.message
    with time_machine.travel(AFTER_NOTICES, tick=False):  # the session's clock, too
        final = client.get(f"/office/{campaign.slug}/final/").content.decode()
    assert approved.display_name in final and rejected.display_name not in final


def test_the_page_shows_the_gate(
    campaign: Campaign, passed: list[Nomination], reviewer: User
) -> None:
    body = signed_in(reviewer).get(f"/office/{campaign.slug}/second-review/").content.decode()

    assert "部门意见未齐，暂不能通过。" in body
    assert body.count('class="review-item"') == len(passed)


def test_the_page_counts_published_and_prepared_results_apart(
    campaign: Campaign, passed: list[Nomination], reviewer: User
) -> None:
    prepare(
        campaign,
        passed[0],
        ReviewStage.SECOND,
        Outcome.FAIL,
        "材料不实",
        actor=reviewer,
        role="reviewer",
    )

    response = signed_in(reviewer).get(f"/office/{campaign.slug}/second-review/")

    body = response.content.decode()
    assert (response.context["released"], response.context["prepared"]) == (0, 1)
    assert "复审结论已发布" in body and "已准备、尚未发布" in body
    assert "已有复审结论" not in body


def test_unit_staff_never_see_the_second_review(
    campaign: Campaign, passed: list[Nomination]
) -> None:
    clerk_b: Client = signed_in(make_persona(campaign, "clerk_b"))
    assert clerk_b.get(f"/office/{campaign.slug}/second-review/").status_code == 404
    assert Unit.objects.exists()


def test_a_leader_and_its_alternate_never_both_pass(
    campaign: Campaign, passed: list[Nomination], reviewer: User
) -> None:
    alternate = next(n for n in passed if n.kind == Kind.ALTERNATE)
    # Arranged: the leader passed 复审 (its release has its own tests).
    Nomination.objects.filter(pk=alternate.alternate_of_id).update(standing=Standing.APPROVED)
    agree_all(alternate)

    with pytest.raises(NominationRefused, match="同占一个名额"):
        prepare(campaign, alternate, ReviewStage.SECOND, Outcome.PASS, "", actor=reviewer, role="r")


def test_a_leader_and_its_alternate_are_not_released_together(
    campaign: Campaign, passed: list[Nomination], reviewer: User
) -> None:
    alternate = next(n for n in passed if n.kind == Kind.ALTERNATE)
    leader = Nomination.objects.get(pk=alternate.alternate_of_id)
    ready_for_second_review(campaign, leader.unit, reviewer)
    for nomination in (leader, alternate):
        agree_all(nomination)
        prepare(
            campaign, nomination, ReviewStage.SECOND, Outcome.PASS, "", actor=reviewer, role="r"
        )
    ids = list(Decision.objects.filter(stage="second").values_list("pk", flat=True))

    with time_machine.travel(AFTER_NOTICES, tick=False):
        with pytest.raises(NominationRefused, match="不能同时复审通过"):
            release(campaign, ReviewStage.SECOND, ids, actor=reviewer, role="reviewer")

    assert set(
        Nomination.objects.filter(pk__in=[leader.pk, alternate.pk]).values_list(
            "standing", flat=True
        )
    ) == {Standing.PASSED}


def test_the_review_pages_flag_a_sensitive_nominee_to_the_staff(
    campaign: Campaign, passed: list[Nomination], reviewer: User
) -> None:
    """涉敏 shows on the 初审 and 复审 pages (city staff only), not just on the notice preview."""
    secret, blank = passed[0], passed[1]
    set_cell(secret, "涉敏", "是")
    set_cell(blank, "涉敏", None)
    client = signed_in(reviewer)
    pages = [
        f"/office/{campaign.slug}/second-review/",
        f"/office/{campaign.slug}/review/units/{secret.unit_id}/",
    ]
    for page in pages:
        body = client.get(page).content.decode()
        head = body.split(f'id="nomination-{secret.pk}"')[1].split("</h3>")[0]
        assert '<span class="state state-sensitive"' in head and ">涉敏</span>" in head
        unanswered = body.split(f'id="nomination-{blank.pk}"')[1].split("</h3>")[0]
        assert ">涉敏未填</span>" in unanswered
        others = [n for n in passed if n not in (secret, blank)]
        plain = body.split(f'id="nomination-{others[0].pk}"')[1].split("</h3>")[0]
        assert "涉敏" not in plain
