"""What a browser posts for the nomination form: a generated row (tests.factories.campaign) turned
into form fields, with the two formsets' management fields."""

from __future__ import annotations

from pingxuan.core.columns import COLUMNS_BY_SUBJECT, Kind
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.portal.forms import DERIVED_COLUMNS
from tests.factories.campaign import Generator

Post = dict[str, object]


def management(prefix: str, total: int = 0) -> Post:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def post_of(subject: str, row: dict[str, str], **overrides: object) -> Post:
    data: Post = {}
    for column in COLUMNS_BY_SUBJECT[subject]:
        if column.name in DERIVED_COLUMNS:
            continue
        value = row.get(column.name, "")
        if column.kind in (Kind.TAGS, Kind.AREAS):
            data[column.name] = [part for part in value.split("、") if part]
        else:
            data[column.name] = value
    if subject == "person":
        data["kind"] = row.get("表彰类型") or "综合表彰"
    data.update(management("honours"))
    data.update(management("negatives"))
    data.update(overrides)
    return data


def person_row(campaign: Campaign, unit: str, seed: int = 7, **facts: object) -> dict[str, str]:
    spec = campaign_spec(campaign)
    return Generator(spec, seed=seed).person(unit, facts or {"身份类别": "一线产业工人"})


def team_row(campaign: Campaign, unit: str, seed: int = 7) -> dict[str, str]:
    return Generator(campaign_spec(campaign), seed=seed).team(unit, {})


def organisation_row(campaign: Campaign, unit: str, seed: int = 7) -> dict[str, str]:
    return Generator(campaign_spec(campaign), seed=seed).organisation(unit, 0)
