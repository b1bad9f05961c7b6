"""Returning a unit for corrections: once, before the 初审 deadline, with a note the unit reads;
what a returned unit may and may not change."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.edit import (
    NominationInput,
    NominationRefused,
    delete_nomination,
    save_nomination,
)
from pingxuan.web.nominations.domain.submit import return_unit
from pingxuan.web.nominations.enums import Standing, SubmissionState
from pingxuan.web.nominations.models import Submission
from pingxuan.web.notifications.models import Notification
from pingxuan.web.review.domain.decisions import prepare, release
from pingxuan.web.review.enums import Outcome, ReviewStage
from pingxuan.web.review.models import Decision
from tests.factories.campaign import Generator
from tests.web.nominations.helpers import BEFORE_DEADLINE, fill_unit
from tests.web.review.conftest import comprehensive, submit

pytestmark = pytest.mark.django_db

FIRST = ReviewStage.FIRST


def fail_released(campaign: Campaign, unit: Unit, reviewer: User, reason: str = "事迹不实"):
    medal = comprehensive(unit)[0]
    decision = prepare(
        campaign, medal, FIRST, Outcome.FAIL, reason, actor=reviewer, role="reviewer"
    )
    release(campaign, FIRST, [decision.pk], actor=reviewer, role="reviewer")
    medal.refresh_from_db()
    return medal


def test_return_hands_the_unit_back_and_tells_it_why(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    submission = return_unit(
        campaign, submitted, note="请补充职代会审议材料", actor=reviewer, role="reviewer"
    )

    assert (submission.state, submission.return_count, submission.return_note) == (
        SubmissionState.RETURNED,
        1,
        "请补充职代会审议材料",
    )
    [told] = Notification.objects.filter(unit=submitted)
    assert told.kind == "退回修改"
    assert told.message.endswith("：请补充职代会审议材料")
    event = AuditEvent.objects.get(action="submission.return")
    assert event.changes["退回次数"] == [0, 1]


def test_a_unit_is_returned_once_only(
    campaign: Campaign, submitted: Unit, reviewer: User, clerk_a: User
) -> None:
    return_unit(campaign, submitted, note="请补充材料", actor=reviewer, role="reviewer")
    submit(campaign, submitted, clerk_a)

    with pytest.raises(NominationRefused, match="只能退回一次"):
        return_unit(campaign, submitted, note="再补充", actor=reviewer, role="reviewer")

    submission = Submission.objects.get(campaign=campaign, unit=submitted)
    assert (submission.state, submission.return_count) == (SubmissionState.SUBMITTED, 1)


def test_no_return_after_the_deadline(campaign: Campaign, submitted: Unit, reviewer: User) -> None:
    with (
        time_machine.travel(BEFORE_DEADLINE + timedelta(seconds=1), tick=False),
        pytest.raises(NominationRefused, match="不能再退回修改"),
    ):
        return_unit(campaign, submitted, note="请补充材料", actor=reviewer, role="reviewer")

    assert Submission.objects.get(unit=submitted).state == SubmissionState.SUBMITTED


def test_only_a_submitted_unit_is_returned_and_with_a_note(
    campaign: Campaign, unit_a: Unit, clerk_a: User, reviewer: User, during_review: object
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    with pytest.raises(NominationRefused, match="请写明退回原因"):
        return_unit(campaign, unit_a, note=" ", actor=reviewer, role="reviewer")
    with pytest.raises(NominationRefused, match="只有已报送初审的单位才能退回"):
        return_unit(campaign, unit_a, note="请补充", actor=reviewer, role="reviewer")


def test_return_drops_unreleased_first_decisions_and_keeps_released_ones(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    failed = fail_released(campaign, submitted, reviewer)
    other = comprehensive(submitted)[1]
    prepare(campaign, other, FIRST, Outcome.PASS, "", actor=reviewer, role="reviewer")

    return_unit(campaign, submitted, note="请改正", actor=reviewer, role="reviewer")

    kept = [(d.nomination_id, d.released) for d in Decision.objects.all()]
    assert kept == [(failed.pk, True)]
    event = AuditEvent.objects.get(action="submission.return")
    assert event.changes["撤回未发布的初审决定"] == [1, 0]


def test_a_failed_nomination_is_neither_edited_nor_deleted(
    campaign: Campaign, submitted: Unit, reviewer: User, clerk_a: User
) -> None:
    failed = fail_released(campaign, submitted, reviewer)
    return_unit(campaign, submitted, note="请改正其他对象", actor=reviewer, role="reviewer")
    typed = {**failed.cells, "职务": "改过的职务"}
    data = NominationInput(failed.award, kind=failed.kind, cells=typed)

    with pytest.raises(NominationRefused, match="初审未通过，结论是最终的"):
        save_nomination(campaign, submitted, data, actor=clerk_a, role="clerk", nomination=failed)
    with pytest.raises(NominationRefused, match="不能修改或删除"):
        delete_nomination(failed, actor=clerk_a, role="clerk")

    failed.refresh_from_db()
    assert failed.cells.get("职务") != "改过的职务"
    assert failed.standing == Standing.FAILED


def test_a_returned_unit_corrects_others_but_cannot_replace_the_failed_one(
    campaign: Campaign, submitted: Unit, reviewer: User, clerk_a: User
) -> None:
    failed = fail_released(campaign, submitted, reviewer)
    return_unit(campaign, submitted, note="请改正其他对象", actor=reviewer, role="reviewer")
    other = comprehensive(submitted)[1]
    corrected = NominationInput(other.award, kind=other.kind, cells={**other.cells})
    save_nomination(campaign, submitted, corrected, actor=clerk_a, role="clerk", nomination=other)

    replacement = Generator(campaign_spec(campaign), seed=77).person(
        submitted.name, {"身份类别": "一线产业工人"}
    )
    with pytest.raises(NominationRefused, match="名额6个已全部占用"):
        save_nomination(
            campaign,
            submitted,
            NominationInput(failed.award, cells=replacement),
            actor=clerk_a,
            role="clerk",
        )
    assert comprehensive(submitted)[0].pk == failed.pk


def test_a_returned_unit_cannot_change_a_nomination_that_passed(
    campaign: Campaign, submitted: Unit, reviewer: User, clerk_a: User
) -> None:
    passed = comprehensive(submitted)[1]
    prepare(campaign, passed, ReviewStage.FIRST, Outcome.PASS, "", actor=reviewer, role="reviewer")
    release(
        campaign,
        ReviewStage.FIRST,
        [Decision.objects.get(nomination=passed).pk],
        actor=reviewer,
        role="reviewer",
    )
    return_unit(campaign, submitted, note="请改正其他对象", actor=reviewer, role="reviewer")
    passed.refresh_from_db()
    changed = NominationInput(
        passed.award, kind=passed.kind, cells={**passed.cells, "职务": "主任"}
    )

    with pytest.raises(NominationRefused, match="审核过的内容不能再修改或删除"):
        save_nomination(
            campaign, submitted, changed, actor=clerk_a, role="clerk", nomination=passed
        )
    with pytest.raises(NominationRefused, match="审核过的内容不能再修改或删除"):
        delete_nomination(passed, actor=clerk_a, role="clerk")
    passed.refresh_from_db()
    assert passed.standing == Standing.PASSED and passed.cells.get("职务") != "主任"
