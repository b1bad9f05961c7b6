"""Asking departments in bulk and recording their answers: a sheet is required, it is stored
re-encoded, objections need a reason, and every change is audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.opinions.domain import missing_opinions, required_for
from pingxuan.web.opinions.domain.changes import OpinionRefused, answer, request_opinions
from pingxuan.web.opinions.models import Opinion, OpinionState
from tests.web.materials.test_images import encode, picture
from tests.web.opinions.helpers import filled_unit, pass_unit
from tests.web.personas import make_persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


@pytest.fixture
def passed(campaign: Campaign, reviewer: User) -> list[Nomination]:
    unit = filled_unit(campaign, make_persona(campaign, "clerk_a"))
    return pass_unit(campaign, unit, reviewer)


def sheet() -> bytes:
    # A PNG: stored all the same, but only ever as a re-encoded JPEG.
    return encode(picture(), "PNG")


def test_request_in_bulk_marks_only_the_nominations_needing_the_department(
    passed: list[Nomination], reviewer: User
) -> None:
    needing = [n for n in passed if "税务" in required_for(n)]
    assert 0 < len(needing) < len(passed)

    marked = request_opinions(passed, "税务", actor=reviewer, role="reviewer")

    assert sorted(o.nomination_id for o in marked) == sorted(n.pk for n in needing)
    assert {o.state for o in Opinion.objects.all()} == {OpinionState.REQUESTED}
    assert AuditEvent.objects.filter(action="opinion.request").count() == len(needing)


def test_request_again_leaves_asked_and_answered_ones_alone(
    passed: list[Nomination], reviewer: User
) -> None:
    request_opinions(passed, "公安", actor=reviewer, role="reviewer")
    answer(passed[0], "公安", "agreed", sheet=sheet(), actor=reviewer, role="reviewer")

    assert request_opinions(passed, "公安", actor=reviewer, role="reviewer") == []
    assert Opinion.objects.get(nomination=passed[0], department="公安").state == "agreed"


def test_request_skips_nominations_not_passed(campaign: Campaign, reviewer: User) -> None:
    filled_unit(campaign, make_persona(campaign, "clerk_a"))
    nominated = list(Nomination.objects.filter(campaign=campaign))

    assert request_opinions(nominated, "公安", actor=reviewer, role="reviewer") == []


def test_answer_without_sheet_is_refused(passed: list[Nomination], reviewer: User) -> None:
    with pytest.raises(OpinionRefused, match="签署的意见表"):
        answer(passed[0], "公安", "agreed", sheet=None, actor=reviewer, role="reviewer")
    assert not Opinion.objects.exists()


def test_answer_with_a_file_that_is_no_picture_is_refused(
    passed: list[Nomination], reviewer: User
) -> None:
    with pytest.raises(OpinionRefused, match="不是图片"):
        answer(passed[0], "公安", "agreed", sheet=b"%PDF-1.4", actor=reviewer, role="reviewer")


def test_answer_stores_a_reencoded_jpeg_and_audits(
    passed: list[Nomination], reviewer: User, media: Path
) -> None:
    opinion = answer(passed[0], "公安", "agreed", sheet=sheet(), actor=reviewer, role="reviewer")

    stored = media / opinion.sheet_path
    assert stored.read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG, not the PNG that was sent
    assert (opinion.sheet_width, opinion.sheet_height) == (60, 40)
    event = AuditEvent.objects.get(action="opinion.answer")
    assert event.changes["状态"] == [None, "同意"]


def test_a_new_answer_replaces_the_old_sheet(
    passed: list[Nomination], reviewer: User, media: Path, django_capture_on_commit_callbacks
) -> None:
    first = answer(passed[0], "公安", "agreed", sheet=sheet(), actor=reviewer, role="reviewer")
    old = media / first.sheet_path
    with django_capture_on_commit_callbacks(execute=True):
        second = answer(
            passed[0],
            "公安",
            "objected",
            sheet=sheet(),
            note="有违法记录",
            actor=reviewer,
            role="reviewer",
        )
    assert not old.exists()
    assert (media / second.sheet_path).exists()
    assert Opinion.objects.get().state == OpinionState.OBJECTED


def test_objection_needs_a_note(passed: list[Nomination], reviewer: User) -> None:
    with pytest.raises(OpinionRefused, match="异议的内容"):
        answer(passed[0], "公安", "objected", sheet=sheet(), actor=reviewer, role="reviewer")


def test_department_not_required_is_refused(passed: list[Nomination], reviewer: User) -> None:
    team = next(n for n in passed if n.award == "工人先锋号")
    with pytest.raises(OpinionRefused, match="不需要征求"):
        answer(team, "税务", "agreed", sheet=sheet(), actor=reviewer, role="reviewer")


def test_answer_for_a_nomination_not_passed_is_refused(
    passed: list[Nomination], reviewer: User
) -> None:
    from pingxuan.web.nominations.domain.standing import change_standing

    revoked = change_standing(
        passed[0],
        Standing.REVOKED,
        reason="举报属实",
        actor=reviewer,
        role="reviewer",
        action="test.revoke",
    )
    with pytest.raises(OpinionRefused, match="初审通过"):
        answer(revoked, "公安", "agreed", sheet=sheet(), actor=reviewer, role="reviewer")


def test_missing_opinions_empties_as_every_department_agrees(
    passed: list[Nomination], reviewer: User
) -> None:
    nomination = next(n for n in passed if n.award == "五一劳动奖状")
    required = required_for(nomination)
    for count, department in enumerate(required, start=1):
        answer(nomination, department, "agreed", sheet=sheet(), actor=reviewer, role="reviewer")
        assert missing_opinions(nomination) == required[count:]
    assert missing_opinions(nomination) == []
