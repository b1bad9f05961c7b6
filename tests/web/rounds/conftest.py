"""The 2024 city campaign with 中牟县's round loaded as its child, and the people of both."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from pingxuan.web.accounts.enums import Role
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.rounds.domain.links import load_child_campaign
from pingxuan.web.rounds.domain.records import RoundInput, record_round
from pingxuan.web.rounds.models import CampaignLink
from tests.web.nominations.helpers import fill_unit
from tests.web.notices.helpers import publish_level
from tests.web.opinions.helpers import pass_unit

COUNTY_UNIT = "中牟县"  # the city's unit the county round stands for
TOWN = "城关镇总工会"
MEDAL = "五一劳动奖章"


@pytest.fixture
def link(campaign: Campaign) -> CampaignLink:
    return load_child_campaign("zhongmu-2024")


@pytest.fixture
def county(link: CampaignLink) -> Campaign:
    return link.child


@pytest.fixture
def town(county: Campaign) -> Unit:
    return Unit.objects.get(campaign=county, name=TOWN)


def member(username: str, campaign: Campaign, role: Role, unit: Unit | None = None) -> User:
    user, _ = get_user_model().objects.get_or_create(username=username)
    Membership.objects.create(user=user, campaign=campaign, role=role, unit=unit)
    return user


@pytest.fixture
def county_staff(link: CampaignLink) -> User:
    """中牟县总工会's staff: the office of the county round, the unit 中牟县 of the city's."""
    user = member("county_staff", link.child, Role.REVIEWER)
    Membership.objects.create(user=user, campaign=link.parent, role=Role.CLERK, unit=link.unit)
    return user


@pytest.fixture
def town_clerk(town: Unit) -> User:
    return member("town_clerk", town.campaign, Role.CLERK, town)


def vote_for(names: list[str], award: str = MEDAL, *, seats: int, present: int = 90) -> RoundInput:
    """A vote of 120 members where the first ``seats`` of ``names`` lead, plus two who lost."""
    ballots = [(name, 80 - index) for index, name in enumerate(names)]
    ballots += [("落选甲", 10), ("落选乙", 9)]
    return RoundInput(
        award=award,
        body="职代会",
        held_on=date(2024, 3, 1),
        members=120,
        present=present,
        seats=seats,
        resolution="同意按得票推荐",
        ballots=ballots,
    )


def record(campaign: Campaign, unit: Unit, data: RoundInput, actor: User) -> None:
    record_round(campaign, unit, data, actor=actor, role="clerk", source="网页")


def medals(unit: Unit) -> list[Nomination]:
    return list(unit.nominations.filter(award=MEDAL, kind="综合表彰").order_by("seq"))


def run_round(county: Campaign, unit: Unit, clerk: User) -> None:
    """The unit filled, its medal round recorded, passed by the county's 初审."""
    fill_unit(county, unit, clerk)
    names = [n.display_name for n in medals(unit)]
    record(county, unit, vote_for(names, seats=len(names)), clerk)
    pass_unit(county, unit, clerk)


@pytest.fixture
def noticed(county: Campaign, town: Unit, town_clerk: User, county_staff: User) -> Campaign:
    """城关镇总工会's round done: 初审 passed, its own notice and the county's notice published."""
    run_round(county, town, town_clerk)
    with time_machine.travel("2024-03-22T09:00:00+08:00", tick=False):
        publish_level(county, "unit", town, county_staff)
        publish_level(county, "city", None, county_staff)
    return county
