"""Fixtures of the review tests: 郑东新区 filled and submitted for 初审 before the deadline, and
the people who act on it."""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth.models import User

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.compliance import finding_key, unit_compliance
from pingxuan.web.nominations.domain.submit import submit_unit
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.nominations.models import Nomination
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, UNIT_B, make_persona

# Two days before the 初审 deadline (2024-03-20 23:59:59+08:00): returns are still allowed.
DURING_REVIEW = "2024-03-18T09:30:00+08:00"


@pytest.fixture
def clerk_a(campaign: Campaign) -> User:
    return make_persona(campaign, "clerk_a")


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return Unit.objects.get(campaign=campaign, name=UNIT_A)


@pytest.fixture
def unit_b(campaign: Campaign) -> Unit:
    return Unit.objects.get(campaign=campaign, name=UNIT_B)


def submit(campaign: Campaign, unit: Unit, actor: User) -> None:
    explanations = {
        finding_key(f): "已核实，情况属实" for f in unit_compliance(campaign, unit).warnings
    }
    submit_unit(campaign, unit, explanations=explanations, actor=actor, role="approver")


@pytest.fixture
def during_review() -> object:
    with time_machine.travel(DURING_REVIEW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def submitted(campaign: Campaign, unit_a: Unit, clerk_a: User, during_review: object) -> Unit:
    """郑东新区 filled with a compliant set and submitted for 初审."""
    fill_unit(campaign, unit_a, clerk_a)
    submit(campaign, unit_a, clerk_a)
    return unit_a


def comprehensive(unit: Unit, award: str = "五一劳动奖章") -> list[Nomination]:
    return list(unit.nominations.filter(award=award, kind=Kind.COMPREHENSIVE).order_by("seq"))
