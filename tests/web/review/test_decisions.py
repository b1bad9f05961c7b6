"""初审 decisions: prepared without effect, previewed, released exactly as previewed; a failure is
final and keeps its place; 初审 and 复审 keep separate records."""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth.models import User

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.edit import NominationRefused
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.notifications.models import Notification
from pingxuan.web.review.domain.decisions import (
    pending,
    prepare,
    prepare_rest_as_passed,
    preview,
    release,
    withdraw_prepared,
)
from pingxuan.web.review.enums import Outcome, ReviewStage
from pingxuan.web.review.models import Decision
from tests.web.nominations.helpers import fill_unit
from tests.web.notices.helpers import AFTER_NOTICES
from tests.web.review.conftest import comprehensive
from tests.web.second_review import ready_for_second_review

pytestmark = pytest.mark.django_db

FIRST = ReviewStage.FIRST


def test_prepared_decision_changes_nothing_until_released(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    medal = comprehensive(submitted)[0]

    prepare(
        campaign, medal, FIRST, Outcome.FAIL, "荣誉证书与申报不符", actor=reviewer, role="reviewer"
    )

    medal.refresh_from_db()
    assert medal.standing == Standing.NOMINATED
    assert Notification.objects.filter(unit=submitted).exclude(kind="退回修改").count() == 0
    [change] = preview(campaign, FIRST)
    assert (change.nomination.pk, change.before, change.after, change.reason) == (
        medal.pk,
        Standing.NOMINATED,
        Standing.FAILED,
        "荣誉证书与申报不符",
    )


def test_release_applies_exactly_the_preview_and_audits_each_step(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    failed, *passed = comprehensive(submitted)[:3]
    prepare(campaign, failed, FIRST, Outcome.FAIL, "事迹材料不实", actor=reviewer, role="reviewer")
    for nomination in passed:
        prepare(campaign, nomination, FIRST, Outcome.PASS, "", actor=reviewer, role="reviewer")
    shown = [change.decision_id for change in preview(campaign, FIRST)]

    changes = release(campaign, FIRST, shown, actor=reviewer, role="reviewer")

    assert sorted(c.decision_id for c in changes) == sorted(shown)
    standings = {n.pk: n.standing for n in submitted.nominations.all()}
    assert standings[failed.pk] == Standing.FAILED
    assert [standings[n.pk] for n in passed] == [Standing.PASSED, Standing.PASSED]
    failed.refresh_from_db()
    assert failed.standing_reason == "事迹材料不实"
    assert Decision.objects.filter(released_at__isnull=True).count() == 0
    assert set(Decision.objects.values_list("released_by", flat=True)) == {reviewer.pk}
    actions = list(
        AuditEvent.objects.filter(action__startswith="review.first.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["review.first.prepare"] * 3 + ["review.first.release"] * 3
    told = list(Notification.objects.filter(unit=submitted).values_list("kind", "message"))
    assert told == [("初审未通过", f"五一劳动奖章“{failed.display_name}”初审未通过：事迹材料不实")]
    assert preview(campaign, FIRST) == []


def test_release_is_refused_when_the_decisions_changed_since_the_preview(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    first, second = comprehensive(submitted)[:2]
    prepare(campaign, first, FIRST, Outcome.PASS, "", actor=reviewer, role="reviewer")
    shown = [change.decision_id for change in preview(campaign, FIRST)]
    prepare(campaign, second, FIRST, Outcome.FAIL, "材料缺失", actor=reviewer, role="reviewer")

    with pytest.raises(NominationRefused, match="请核对新的预览"):
        release(campaign, FIRST, shown, actor=reviewer, role="reviewer")

    assert {n.standing for n in submitted.nominations.all()} == {Standing.NOMINATED}
    assert Decision.objects.filter(released_at__isnull=False).count() == 0


def test_release_of_one_unit_leaves_the_others_prepared(
    campaign: Campaign, submitted: Unit, reviewer: User, unit_b: Unit, clerk_a: User
) -> None:
    from tests.web.review.conftest import submit

    fill_unit(campaign, unit_b, clerk_a)
    submit(campaign, unit_b, clerk_a)
    mine, theirs = comprehensive(submitted)[0], comprehensive(unit_b)[0]
    prepare(campaign, mine, FIRST, Outcome.PASS, "", actor=reviewer, role="reviewer")
    prepare(campaign, theirs, FIRST, Outcome.PASS, "", actor=reviewer, role="reviewer")
    shown = [c.decision_id for c in preview(campaign, FIRST, unit=submitted)]

    release(campaign, FIRST, shown, actor=reviewer, role="reviewer", unit=submitted)

    assert [c.nomination.pk for c in preview(campaign, FIRST)] == [theirs.pk]


def test_failing_needs_a_reason(campaign: Campaign, submitted: Unit, reviewer: User) -> None:
    with pytest.raises(NominationRefused, match="不通过须写明理由"):
        prepare(
            campaign,
            comprehensive(submitted)[0],
            FIRST,
            Outcome.FAIL,
            "  ",
            actor=reviewer,
            role="reviewer",
        )
    assert Decision.objects.count() == 0


def test_first_review_needs_a_submitted_unit(
    campaign: Campaign, unit_a: Unit, clerk_a: User, reviewer: User
) -> None:
    fill_unit(campaign, unit_a, clerk_a)

    with pytest.raises(NominationRefused, match="不是“已报送初审”状态"):
        prepare(
            campaign,
            comprehensive(unit_a)[0],
            FIRST,
            Outcome.PASS,
            "",
            actor=reviewer,
            role="reviewer",
        )


def test_released_decision_is_never_changed(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    medal = comprehensive(submitted)[0]
    decision = prepare(campaign, medal, FIRST, Outcome.PASS, "", actor=reviewer, role="reviewer")
    release(campaign, FIRST, [decision.pk], actor=reviewer, role="reviewer")

    with pytest.raises(NominationRefused, match="结论已发布，不能更改"):
        prepare(campaign, medal, FIRST, Outcome.FAIL, "改判", actor=reviewer, role="reviewer")
    assert withdraw_prepared(campaign, medal, FIRST, actor=reviewer, role="reviewer") is False
    decision.refresh_from_db()
    assert (decision.outcome, decision.released_by_id) == (Outcome.PASS, reviewer.pk)


def test_a_prepared_decision_may_be_replaced_or_withdrawn(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    medal = comprehensive(submitted)[0]
    prepare(campaign, medal, FIRST, Outcome.FAIL, "材料缺失", actor=reviewer, role="reviewer")
    prepare(campaign, medal, FIRST, Outcome.PASS, "", actor=reviewer, role="reviewer")
    assert list(Decision.objects.values_list("outcome", flat=True)) == [Outcome.PASS]

    assert withdraw_prepared(campaign, medal, FIRST, actor=reviewer, role="reviewer") is True

    assert Decision.objects.count() == 0
    withdrawn = AuditEvent.objects.get(action="review.first.withdraw")
    assert withdrawn.changes["结论"] == ["通过", ""]


def test_a_failed_nomination_cannot_be_decided_again(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    medal = comprehensive(submitted)[0]
    decision = prepare(
        campaign, medal, FIRST, Outcome.FAIL, "隐瞒处分", actor=reviewer, role="reviewer"
    )
    release(campaign, FIRST, [decision.pk], actor=reviewer, role="reviewer")

    with pytest.raises(NominationRefused, match="结论是最终的"):
        prepare(
            campaign, medal, ReviewStage.SECOND, Outcome.PASS, "", actor=reviewer, role="reviewer"
        )


def test_first_and_second_review_keep_separate_records(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    from pingxuan.web.opinions.domain import missing_opinions
    from pingxuan.web.opinions.models import Opinion, OpinionState

    medal = comprehensive(submitted)[0]
    first = prepare(
        campaign, medal, FIRST, Outcome.PASS, "材料齐全", actor=reviewer, role="reviewer"
    )
    release(campaign, FIRST, [first.pk], actor=reviewer, role="reviewer")
    medal.refresh_from_db()
    missing = missing_opinions(medal)
    assert missing, "a medal needs at least the 公安 opinion"
    with pytest.raises(NominationRefused, match="还缺少以下部门的同意意见"):
        prepare(
            campaign, medal, ReviewStage.SECOND, Outcome.PASS, "", actor=reviewer, role="reviewer"
        )
    for department in missing:
        Opinion.objects.create(nomination=medal, department=department, state=OpinionState.AGREED)

    second = prepare(
        campaign,
        medal,
        ReviewStage.SECOND,
        Outcome.PASS,
        "意见齐全",
        actor=reviewer,
        role="reviewer",
    )
    prepare_rest_as_passed(campaign, submitted, FIRST, actor=reviewer, role="reviewer")
    release(campaign, FIRST, [d.pk for d in pending(campaign, FIRST)], actor=reviewer, role="r")
    ready_for_second_review(campaign, submitted, reviewer)
    with time_machine.travel(AFTER_NOTICES, tick=False):
        release(campaign, ReviewStage.SECOND, [second.pk], actor=reviewer, role="reviewer")

    medal.refresh_from_db()
    assert medal.standing == Standing.APPROVED
    rows = list(
        Decision.objects.filter(nomination=medal)
        .order_by("stage")
        .values_list("stage", "outcome", "reason")
    )
    assert rows == [("first", "pass", "材料齐全"), ("second", "pass", "意见齐全")]
    assert AuditEvent.objects.filter(action="review.second.release").count() == 1


def test_second_review_needs_a_first_pass(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    with pytest.raises(NominationRefused, match="当前为“待初审”，不能复审"):
        prepare(
            campaign,
            comprehensive(submitted)[0],
            ReviewStage.SECOND,
            Outcome.FAIL,
            "不符合",
            actor=reviewer,
            role="reviewer",
        )


def test_nomination_of_another_campaign_is_refused(
    campaign: Campaign, submitted: Unit, reviewer: User, edited_spec: object
) -> None:
    from pingxuan.web.campaigns.domain.specs import load_campaign_file

    other = load_campaign_file(edited_spec(('id = "zhengzhou-2024"', 'id = "other-2024"')))  # type: ignore[operator]

    with pytest.raises(NominationRefused, match="不属于本评选活动"):
        prepare(
            other,
            comprehensive(submitted)[0],
            FIRST,
            Outcome.PASS,
            "",
            actor=reviewer,
            role="reviewer",
        )


def test_the_rest_are_prepared_as_passed_in_one_go(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    failed, *rest = list(submitted.nominations.order_by("award", "seq"))
    prepare(campaign, failed, FIRST, Outcome.FAIL, "材料不实", actor=reviewer, role="reviewer")

    prepared, refusals = prepare_rest_as_passed(
        campaign, submitted, FIRST, actor=reviewer, role="reviewer"
    )

    assert (prepared, refusals) == (len(rest), [])
    outcomes = {c.nomination.pk: c.after for c in preview(campaign, FIRST)}
    assert outcomes == {failed.pk: Standing.FAILED} | {n.pk: Standing.PASSED for n in rest}
