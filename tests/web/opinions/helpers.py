"""Nominations of the opinion tests: a filled 郑东新区 with chosen facts, passed by 初审."""

from __future__ import annotations

from django.contrib.auth.models import User

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.standing import change_standing
from pingxuan.web.nominations.enums import Standing, SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A


def filled_unit(campaign: Campaign, clerk: User) -> Unit:
    unit = Unit.objects.get(campaign=campaign, name=UNIT_A)
    fill_unit(campaign, unit, clerk)
    return unit


def with_facts(nomination: Nomination, **cells: str) -> Nomination:
    """The nomination with some cells changed, as if the unit had typed them."""
    nomination.cells = {**nomination.cells, **cells}
    nomination.save(update_fields=["cells"])
    return nomination


def pass_unit(campaign: Campaign, unit: Unit, actor: User) -> list[Nomination]:
    """The unit submitted and every nomination passed by 初审."""
    Submission.objects.update_or_create(
        campaign=campaign, unit=unit, defaults={"state": SubmissionState.SUBMITTED}
    )
    nominations = list(Nomination.objects.filter(campaign=campaign, unit=unit))
    for nomination in nominations:
        change_standing(
            nomination, Standing.PASSED, reason="", actor=actor, role="reviewer", action="test.pass"
        )
        nomination.refresh_from_db()
    return nominations
