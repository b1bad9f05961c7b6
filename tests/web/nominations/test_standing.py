"""``change_standing``: the only way a nomination passes, fails or is revoked. Every change is
checked against the allowed moves, audited, and a withdrawal reaches the unit with its reason."""

from __future__ import annotations

import pytest

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.edit import NominationRefused
from pingxuan.web.nominations.domain.standing import change_standing
from pingxuan.web.nominations.enums import STANDING_CHANGES, WITHDRAWN, Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notifications.models import Notification
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, make_persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def nomination(campaign: Campaign) -> Nomination:
    clerk = make_persona(campaign, "clerk_a")
    fill_unit(campaign, Unit.objects.get(campaign=campaign, name=UNIT_A), clerk)
    found = Nomination.objects.filter(campaign=campaign).first()
    assert found is not None
    return found


def move(nomination: Nomination, to: Standing, reason: str = "材料不实") -> Nomination:
    return change_standing(
        nomination, to, reason=reason, actor=None, role="reviewer", action="test.move"
    )


def test_a_failure_is_audited_and_told_to_the_unit(nomination: Nomination) -> None:
    move(nomination, Standing.FAILED, "基础荣誉证书不符合要求")

    nomination.refresh_from_db()
    assert nomination.standing == Standing.FAILED and nomination.withdrawn
    row = AuditEvent.objects.get(action="test.move")
    assert row.changes["审核状态"] == ["待初审", "初审未通过"]
    note = Notification.objects.get(unit=nomination.unit)
    assert "初审未通过" in note.message and "基础荣誉证书不符合要求" in note.message


def test_a_withdrawal_needs_a_reason(nomination: Nomination) -> None:
    with pytest.raises(NominationRefused, match="请写明理由"):
        move(nomination, Standing.REVOKED, "  ")
    nomination.refresh_from_db()
    assert nomination.standing == Standing.NOMINATED


@pytest.mark.parametrize("final", sorted(WITHDRAWN))
def test_a_withdrawn_nomination_never_moves_again(nomination: Nomination, final: str) -> None:
    path = {Standing.FAILED: [], Standing.REVOKED: [], Standing.REJECTED: [Standing.PASSED]}
    for step in path[Standing(final)]:
        move(nomination, step)
    move(nomination, Standing(final))

    for to in Standing:
        with pytest.raises(NominationRefused):
            move(nomination, to)
    assert STANDING_CHANGES[final] == frozenset()


def test_a_pass_is_not_told_as_a_withdrawal(nomination: Nomination) -> None:
    move(nomination, Standing.PASSED, "")

    assert not Notification.objects.exists()
    nomination.refresh_from_db()
    assert nomination.standing == Standing.PASSED and not nomination.withdrawn
