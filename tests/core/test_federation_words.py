"""What pages call a campaign's federation comes from its spec (issue 15): 郑州市总工会 and
市总工会 for the city, 中牟县总工会 and 县总工会 for the county round, 中华全国总工会 and
全国总工会 nationally."""

from __future__ import annotations

import pytest

from pingxuan.core.spec.loader import load_spec
from pingxuan.core.spec.models import CampaignInfo


@pytest.mark.parametrize(
    ("campaign", "federation", "short"),
    [
        ("zhengzhou-2024", "郑州市总工会", "市总工会"),
        ("zhongmu-2024", "中牟县总工会", "县总工会"),
        ("national-2024", "中华全国总工会", "全国总工会"),
        ("xiamen-2016", "厦门市总工会", "市总工会"),
    ],
)
def test_each_example_campaign_names_its_federation(
    campaign: str, federation: str, short: str
) -> None:
    info = load_spec(campaign).campaign

    assert (info.federation, info.federation_short) == (federation, short)


def info(issuer: str, **declared: str) -> CampaignInfo:
    return CampaignInfo(id="x", title="x", issuer=issuer, **declared)


def test_a_declared_short_word_wins() -> None:
    assert info("郑州市总工会办公室", organiser_short="郑州市总").federation_short == "郑州市总"


@pytest.mark.parametrize(
    ("issuer", "short"),
    [
        ("河南省总工会办公室", "省总工会"),
        ("金水区总工会", "区总工会"),
        ("某某工会联合会", "某某工会联合会"),  # no 总工会: the issuer itself
        ("总工会", "总工会"),  # no place before it
        ("某某集团总工会", "某某集团总工会"),  # a place word that says no level
    ],
)
def test_the_short_word_falls_back_to_the_federation(issuer: str, short: str) -> None:
    assert info(issuer).federation_short == short
