from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pingxuan.web.accounts.enums import Role
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.models import Campaign, Unit


@pytest.fixture
def person(db: None) -> User:
    return get_user_model().objects.create_user("someone")


@pytest.fixture
def unit(campaign: Campaign) -> Unit:
    return campaign.units.get(name="郑东新区")


@pytest.mark.parametrize("role", [Role.CLERK, Role.APPROVER])
def test_unit_staff_need_a_unit(person: User, campaign: Campaign, role: Role) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=person, campaign=campaign, role=role, unit=None)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ADMIN])
def test_city_staff_have_no_unit(person: User, campaign: Campaign, unit: Unit, role: Role) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=person, campaign=campaign, role=role, unit=unit)


@pytest.mark.parametrize(("role", "with_unit"), [(Role.CLERK, True), (Role.REVIEWER, False)])
def test_matching_role_and_unit_are_stored(
    person: User, campaign: Campaign, unit: Unit, role: Role, with_unit: bool
) -> None:
    Membership.objects.create(
        user=person, campaign=campaign, role=role, unit=unit if with_unit else None
    )

    assert Membership.objects.get(user=person).role == role


def test_form_validation_reports_a_clerk_without_unit(person: User, campaign: Campaign) -> None:
    membership = Membership(user=person, campaign=campaign, role=Role.CLERK)

    with pytest.raises(ValidationError, match="单位经办人和审批人须指定推荐单位"):
        membership.full_clean()


def test_one_membership_per_user_and_campaign(person: User, campaign: Campaign, unit: Unit) -> None:
    Membership.objects.create(user=person, campaign=campaign, role=Role.CLERK, unit=unit)

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=person, campaign=campaign, role=Role.REVIEWER)
