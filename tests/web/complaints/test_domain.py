"""Handling a complaint: the reference, linking within the campaign, and the outcome. A
substantiated complaint revokes the nomination for good; an unsubstantiated one changes nothing."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.complaints.domain import (
    ComplaintRefused,
    close,
    link_nomination,
    start_investigation,
    unlink_nomination,
)
from pingxuan.web.complaints.enums import ComplaintState, Outcome
from pingxuan.web.nominations.domain.edit import (
    NominationInput,
    NominationRefused,
    delete_nomination,
    save_nomination,
)
from pingxuan.web.nominations.enums import Kind, Standing, SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from pingxuan.web.notifications.models import Notification
from tests.web.complaints.helpers import COMPLAINANT, CONTENT, PHONE, a_complaint
from tests.web.helpers import EditedSpec
from tests.web.nominations.helpers import fill_unit
from tests.web.opinions.helpers import filled_unit, pass_unit
from tests.web.personas import make_persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


@pytest.fixture
def clerk(campaign: Campaign) -> User:
    return make_persona(campaign, "clerk_a")


@pytest.fixture
def nomination(campaign: Campaign, clerk: User, reviewer: User) -> Nomination:
    unit = filled_unit(campaign, clerk)
    passed = pass_unit(campaign, unit, reviewer)
    return next(n for n in passed if n.award == "五一劳动奖章" and n.kind == Kind.COMPREHENSIVE)


def revoke_by_complaint(nomination: Nomination, reviewer: User) -> None:
    complaint = a_complaint(nomination.campaign, nomination.display_name)
    link_nomination(complaint, nomination, actor=reviewer, role="reviewer")
    start_investigation(complaint, actor=reviewer, role="reviewer")
    close(
        complaint,
        Outcome.SUBSTANTIATED,
        "经核实隐瞒企业负责人身份",
        actor=reviewer,
        role="reviewer",
    )


def test_reference_is_numbered_with_a_random_suffix(campaign: Campaign) -> None:
    first, second = a_complaint(campaign), a_complaint(campaign)

    assert re.fullmatch(r"0001-[2-9A-HJKMNP-Z]{6}", first.reference)
    assert second.reference.startswith("0002-")


def test_receipt_is_audited_without_the_complainant(campaign: Campaign) -> None:
    complaint = a_complaint(campaign)

    event = AuditEvent.objects.get(action="complaint.receive")
    assert event.object_id == str(complaint.pk)
    text = str(event.changes)
    assert COMPLAINANT not in text and PHONE not in text and CONTENT not in text


def test_substantiated_revokes_and_tells_the_unit_why(
    nomination: Nomination, reviewer: User
) -> None:
    revoke_by_complaint(nomination, reviewer)

    nomination.refresh_from_db()
    assert nomination.standing == Standing.REVOKED
    assert nomination.standing_reason == "经核实隐瞒企业负责人身份"
    notice = Notification.objects.get(unit=nomination.unit)
    assert "推荐资格已撤销" in notice.message and "经核实隐瞒企业负责人身份" in notice.message
    assert AuditEvent.objects.filter(action="complaint.revoke").count() == 1
    # Nothing of the complainant reaches the unit.
    assert COMPLAINANT not in notice.message and PHONE not in notice.message


def test_unsubstantiated_changes_nothing_and_tells_nobody(
    nomination: Nomination, reviewer: User
) -> None:
    complaint = a_complaint(nomination.campaign)
    link_nomination(complaint, nomination, actor=reviewer, role="reviewer")

    close(complaint, Outcome.UNSUBSTANTIATED, "经核实不属实", actor=reviewer, role="reviewer")

    nomination.refresh_from_db()
    assert nomination.standing == Standing.PASSED
    assert not Notification.objects.exists()
    assert complaint.state == ComplaintState.CLOSED


def test_revoked_place_is_never_refilled_while_submitted(
    campaign: Campaign, nomination: Nomination, reviewer: User, clerk: User
) -> None:
    revoke_by_complaint(nomination, reviewer)

    with pytest.raises(NominationRefused, match="只读"):
        save_nomination(
            campaign, nomination.unit, NominationInput(nomination.award), actor=clerk, role="clerk"
        )


def test_revoked_place_is_never_refilled_after_a_return(
    campaign: Campaign, nomination: Nomination, reviewer: User, clerk: User
) -> None:
    revoke_by_complaint(nomination, reviewer)
    Submission.objects.filter(unit=nomination.unit).update(state=SubmissionState.RETURNED)
    unit = nomination.unit

    with pytest.raises(NominationRefused, match="名额"):
        save_nomination(
            campaign, unit, NominationInput(nomination.award), actor=clerk, role="clerk"
        )
    with pytest.raises(NominationRefused, match="不能修改或删除"):
        delete_nomination(nomination, actor=clerk, role="clerk")
    with pytest.raises(NominationRefused, match="不能修改或删除"):
        save_nomination(
            campaign,
            unit,
            NominationInput(nomination.award, cells=nomination.cells),
            actor=clerk,
            role="clerk",
            nomination=nomination,
        )
    taken = Nomination.objects.filter(unit=unit, award=nomination.award, kind=Kind.COMPREHENSIVE)
    assert nomination.pk in taken.values_list("pk", flat=True)


def test_complaint_cannot_link_another_campaigns_nomination(
    campaign: Campaign, edited_spec: EditedSpec, clerk: User
) -> None:
    other = load_campaign_file(
        edited_spec(('id = "zhengzhou-2024"', 'id = "other-2024"'), name="other.toml")
    )
    unit = Unit.objects.get(campaign=other, name=clerk.memberships.get().unit.name)
    fill_unit(other, unit, clerk)
    foreign = Nomination.objects.filter(campaign=other).first()
    complaint = a_complaint(campaign)

    with pytest.raises(ComplaintRefused, match="本次评选"):
        link_nomination(complaint, foreign, actor=None, role="reviewer")
    complaint.refresh_from_db()
    assert list(complaint.nominations.all()) == []


def test_closed_complaint_cannot_change(nomination: Nomination, reviewer: User) -> None:
    complaint = a_complaint(nomination.campaign)
    close(complaint, Outcome.UNSUBSTANTIATED, "不属实", actor=reviewer, role="reviewer")

    with pytest.raises(ComplaintRefused, match="已办结"):
        link_nomination(complaint, nomination, actor=reviewer, role="reviewer")
    with pytest.raises(ComplaintRefused, match="已办结"):
        close(complaint, Outcome.SUBSTANTIATED, "属实", actor=reviewer, role="reviewer")


def test_outcome_needs_a_note(nomination: Nomination, reviewer: User) -> None:
    complaint = a_complaint(nomination.campaign)

    with pytest.raises(ComplaintRefused, match="结论说明"):
        close(complaint, Outcome.SUBSTANTIATED, "  ", actor=reviewer, role="reviewer")


def test_every_change_is_audited(nomination: Nomination, reviewer: User) -> None:
    revoke_by_complaint(nomination, reviewer)

    actions = list(
        AuditEvent.objects.filter(action__startswith="complaint.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "complaint.receive",
        "complaint.link",
        "complaint.investigate",
        "complaint.close",
        "complaint.revoke",
    ]


def test_a_second_substantiated_complaint_closes_without_a_second_revocation(
    nomination: Nomination, reviewer: User
) -> None:
    revoke_by_complaint(nomination, reviewer)
    revoke_by_complaint(nomination, reviewer)

    assert AuditEvent.objects.filter(action="complaint.revoke").count() == 1
    nomination.refresh_from_db()  # still revoked, with the first complaint's reason
    assert nomination.standing_reason == "经核实隐瞒企业负责人身份"


# ── 属实 names whom it revokes; a later link revokes (issue 10, 6.) ───────────────────────────


def test_substantiated_without_a_link_is_refused_unless_it_concerns_none(
    nomination: Nomination, reviewer: User
) -> None:
    complaint = a_complaint(nomination.campaign)

    with pytest.raises(ComplaintRefused, match="请先关联所涉及的推荐对象"):
        close(complaint, Outcome.SUBSTANTIATED, "程序有误", actor=reviewer, role="reviewer")
    close(
        complaint,
        Outcome.SUBSTANTIATED,
        "程序有误",
        concerns_none=True,
        actor=reviewer,
        role="reviewer",
    )

    complaint.refresh_from_db()
    assert (complaint.state, complaint.concerns_none) == (ComplaintState.CLOSED, True)


def test_substantiated_revokes_every_linked_nomination(
    campaign: Campaign, nomination: Nomination, reviewer: User
) -> None:
    other = (
        Nomination.objects.filter(unit=nomination.unit, standing=Standing.PASSED)
        .exclude(pk=nomination.pk)
        .first()
    )
    assert other is not None
    complaint = a_complaint(campaign)
    link_nomination(complaint, nomination, actor=reviewer, role="reviewer")
    link_nomination(complaint, other, actor=reviewer, role="reviewer")

    close(complaint, Outcome.SUBSTANTIATED, "两人材料造假", actor=reviewer, role="reviewer")

    standings = set(
        Nomination.objects.filter(pk__in=[nomination.pk, other.pk]).values_list(
            "standing", flat=True
        )
    )
    assert standings == {Standing.REVOKED}


def test_a_link_after_a_substantiated_close_revokes_at_once(
    nomination: Nomination, reviewer: User
) -> None:
    complaint = a_complaint(nomination.campaign)
    close(
        complaint, Outcome.SUBSTANTIATED, "经查属实", concerns_none=True, actor=reviewer, role="r"
    )

    link_nomination(complaint, nomination, actor=reviewer, role="reviewer")

    nomination.refresh_from_db()
    complaint.refresh_from_db()
    assert (nomination.standing, nomination.standing_reason) == (Standing.REVOKED, "经查属实")
    assert complaint.concerns_none is False
    assert Notification.objects.filter(unit=nomination.unit).exists()


def test_unlink_only_while_open(nomination: Nomination, reviewer: User) -> None:
    complaint = a_complaint(nomination.campaign)
    link_nomination(complaint, nomination, actor=reviewer, role="reviewer")
    unlink_nomination(complaint, nomination, actor=reviewer, role="reviewer")
    link_nomination(complaint, nomination, actor=reviewer, role="reviewer")
    close(complaint, Outcome.SUBSTANTIATED, "属实", actor=reviewer, role="reviewer")

    with pytest.raises(ComplaintRefused, match="已办结"):
        unlink_nomination(complaint, nomination, actor=reviewer, role="reviewer")
    assert list(complaint.nominations.all()) == [nomination]
