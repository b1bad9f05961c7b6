"""A recorded 差额 round is read by 三（二）, so recording one must reach the engine's cached run
(``nominations.domain.evaluation``): the round table changes the unit's evaluation revision
(``rounds/0002``) like every other table the rules read."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User

from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.evaluation import evaluate, evaluate_uncached
from pingxuan.web.rounds.domain.importing import import_rounds
from pingxuan.web.rounds.models import Round
from tests.web.nominations.helpers import fill_unit
from tests.web.nominations.test_evaluation_cache import snapshot
from tests.web.personas import UNIT_A, make_persona
from tests.web.rounds.test_rounds_import import TEAM, sheet_rows, workbook

pytestmark = pytest.mark.django_db


def test_recording_and_deleting_a_round_reaches_the_cached_run(campaign: Campaign):
    clerk: User = make_persona(campaign, "clerk_a")
    unit = Unit.objects.get(campaign=campaign, name=UNIT_A)
    fill_unit(campaign, unit, clerk)
    spec = campaign_spec(campaign)
    before = snapshot(evaluate(campaign, spec))
    data = workbook({TEAM: sheet_rows()})

    import_rounds(
        campaign, unit, io.BytesIO(data), len(data), "表决.xlsx", actor=clerk, role="clerk"
    )

    recorded = snapshot(evaluate(campaign, spec))
    assert recorded == snapshot(evaluate_uncached(campaign, spec))
    assert recorded != before

    Round.objects.filter(campaign=campaign).delete()

    assert (
        snapshot(evaluate(campaign, spec)) == snapshot(evaluate_uncached(campaign, spec)) == before
    )
