"""Domain functions of the nominations app: quota under the lock, read-only after submission,
compliance from the core engine, the deadline judged inside the transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.compliance import finding_key, unit_compliance
from pingxuan.web.nominations.domain.edit import (
    NominationInput,
    NominationRefused,
    delete_nomination,
    reveal_id_number,
    save_nomination,
)
from pingxuan.web.nominations.domain.submit import return_unit, submit_unit
from pingxuan.web.nominations.enums import SubmissionState
from tests.factories.campaign import Generator
from tests.web.nominations.helpers import BEFORE_DEADLINE, fill_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(db: None) -> User:
    return User.objects.create_user("clerk-a", password="x")


@pytest.fixture
def unit(campaign: Campaign) -> Unit:
    return campaign.units.get(name="郑东新区")


def test_units_follow_the_spec(campaign: Campaign) -> None:
    assert campaign.units.count() == 37
    assert list(campaign.units.values_list("name", flat=True)[:2]) == [
        "航空港经济综合试验区",
        "郑东新区",
    ]


def test_filled_unit_is_compliant_and_seated(campaign: Campaign, unit: Unit, clerk: User) -> None:
    fill_unit(campaign, unit, clerk)
    compliance = unit_compliance(campaign, unit)
    assert compliance.errors == []
    medal = next(s for s in compliance.seatings if s.award == "五一劳动奖章")
    assert [(k.name, k.capacity, len(k.holders)) for k in medal.kinds] == [
        ("一线产业工人", 4, 4),
        ("一线科教", 1, 1),
        ("非预留", 1, 1),
    ]


def test_quota_refuses_the_place_beyond_the_allocation(
    campaign: Campaign, unit: Unit, clerk: User
) -> None:
    fill_unit(campaign, unit, clerk)
    row = Generator(campaign_spec_of(campaign), seed=99).person(
        unit.name, {"身份类别": "一线产业工人"}
    )
    with pytest.raises(NominationRefused, match="名额6个已全部占用"):
        save_nomination(
            campaign, unit, NominationInput("五一劳动奖章", cells=row), actor=clerk, role="clerk"
        )


def test_submitted_unit_is_read_only_until_returned(
    campaign: Campaign, unit: Unit, clerk: User
) -> None:
    fill_unit(campaign, unit, clerk)
    explanations = {finding_key(f): "说明" for f in unit_compliance(campaign, unit).warnings}
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        submission = submit_unit(
            campaign, unit, explanations=explanations, actor=clerk, role="approver"
        )
    assert submission.state == SubmissionState.SUBMITTED
    nomination = unit.nominations.first()
    with pytest.raises(NominationRefused, match="数据只读"):
        delete_nomination(nomination, actor=clerk, role="clerk")
    with time_machine.travel(BEFORE_DEADLINE, tick=False):  # a return is only before the deadline
        return_unit(campaign, unit, note="请补充材料", actor=clerk, role="reviewer")
    delete_nomination(nomination, actor=clerk, role="clerk")
    assert unit.nominations.filter(pk=nomination.pk).exists() is False


def test_one_second_late_is_refused_with_the_notices_words(
    campaign: Campaign, unit: Unit, clerk: User
) -> None:
    fill_unit(campaign, unit, clerk)
    deadline = BEFORE_DEADLINE + timedelta(seconds=1)
    with (
        time_machine.travel(deadline + timedelta(seconds=1), tick=False),
        pytest.raises(NominationRefused, match="逾期不报的视为放弃推荐名额"),
    ):
        submit_unit(campaign, unit, explanations={}, actor=clerk, role="approver")


def test_reveal_is_audited_and_logs_no_full_number(
    campaign: Campaign, unit: Unit, clerk: User
) -> None:
    fill_unit(campaign, unit, clerk)
    person = unit.nominations.filter(award="五一劳动奖章").first()
    number = reveal_id_number(person, actor=clerk, role="clerk")
    assert len(number) == 18
    event = AuditEvent.objects.filter(action="nomination.reveal_id").get()
    assert event.object_id == str(person.pk)
    stored = " ".join(str(e.changes) for e in AuditEvent.objects.all())
    assert number not in stored


def campaign_spec_of(campaign: Campaign):  # type: ignore[no-untyped-def]
    from pingxuan.web.campaigns.domain.specs import campaign_spec

    return campaign_spec(campaign)
