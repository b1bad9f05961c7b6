"""Filling a unit's nominations through the domain functions, as a clerk would."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from pingxuan.core.cells import parse_date
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.edit import NominationInput, save_nomination
from pingxuan.web.nominations.enums import Kind
from tests.factories.campaign import Generator

BEFORE_DEADLINE = datetime(2024, 3, 20, 23, 59, 59, tzinfo=ZoneInfo("Asia/Shanghai"))


def fill_unit(campaign: Campaign, unit: Unit, actor: User, seed: int = 2024) -> None:
    """Every place of the unit filled with the generator's compliant rows."""
    spec = campaign_spec(campaign)
    rows = Generator(spec, seed=seed).rows()
    for award in spec.awards:
        leaders = {}
        for row in rows[award.name]:
            if row["推荐单位"] != unit.name:
                continue
            kind = row.get("表彰类型") or Kind.COMPREHENSIVE
            negatives = []
            if row.get("负面记录") not in (None, "", "无"):
                for entry in row["负面记录"].split("；"):
                    name, _, when = entry.partition(":")
                    negatives.append((name, parse_date(when)[0]))
            data = NominationInput(
                award.name,
                kind=kind,
                cells=row,
                negatives=negatives,
                alternate_of=leaders.get(row.get("备选对象序号")),
            )
            saved = save_nomination(campaign, unit, data, actor=actor, role="clerk")
            leaders[row["序号"]] = saved
