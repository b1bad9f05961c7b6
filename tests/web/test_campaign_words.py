"""What a campaign calls its reviewers and its whole comes from the spec (issue 15): a national
campaign's reviewers are not 市级审核员."""

from __future__ import annotations

import pytest

from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Campaign
from tests.web.personas import make_persona, signed_in


@pytest.fixture
def national(db: None) -> Campaign:
    return load_campaign_file("national-2024")


def test_reviewer_is_named_by_the_campaign_spec(campaign: Campaign, national: Campaign) -> None:
    city = Membership.objects.get(user=make_persona(campaign, "reviewer"))
    nation = Membership(user=city.user, campaign=national, role=city.role)

    assert (city.role_name, nation.role_name) == ("市级审核员", "全国总工会审核员")


def test_office_landing_shows_the_national_reviewer_title(national: Campaign) -> None:
    reviewer = make_persona(national, "reviewer")

    page = signed_in(reviewer).get("/office/").content.decode()

    assert "全国总工会审核员" in page
    assert "市级审核员" not in page
