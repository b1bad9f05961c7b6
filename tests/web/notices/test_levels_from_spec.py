"""Which units publish which notice comes from the spec's publicity.levels (issue 15): the
middle level is published by the unit levels the spec names, not by units labelled 县级."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.notices.domain.notices import (
    NoticeRefused,
    create_notice,
    publicity_words,
    publishing_units,
)
from pingxuan.web.office.forms_notices import NoticeForm
from tests.web.notices.helpers import notice_input

INDUSTRY = (
    '{ key = "county", name = "县级公示", shows_sensitive = false, published_by = ["县级"] }',
    '{ key = "county", name = "行业公示", shows_sensitive = false, published_by = ["产业"] }',
)


@pytest.fixture
def industry_campaign(campaign: Campaign, edited_spec) -> Campaign:  # type: ignore[no-untyped-def]
    """The 2024 campaign reloaded with 行业公示 published by the 产业 unions (same slug)."""
    return load_campaign_file(edited_spec(INDUSTRY))


def test_zhengzhou_county_notice_is_published_by_its_county_unions(campaign: Campaign) -> None:
    county = Unit.objects.filter(campaign=campaign, level="县级")

    assert list(publishing_units(campaign, "county")) == list(county)
    assert county.count() == 16


def test_middle_notice_is_published_by_the_levels_the_spec_names(
    industry_campaign: Campaign, reviewer: User
) -> None:
    industry = Unit.objects.filter(campaign=industry_campaign, level="产业").first()
    county = Unit.objects.filter(campaign=industry_campaign, level="县级").first()
    assert industry is not None and county is not None

    notice = create_notice(
        industry_campaign, notice_input(industry), actor=reviewer, role="reviewer"
    )
    with pytest.raises(NoticeRefused) as refused:
        create_notice(industry_campaign, notice_input(county), actor=reviewer, role="reviewer")

    assert notice.unit == industry
    assert str(refused.value) == "行业公示只能由产业推荐单位发布。"


def test_notice_form_and_notes_name_the_spec_levels(industry_campaign: Campaign) -> None:
    form = NoticeForm(industry_campaign)

    assert form.level_note == "行业公示只能由产业推荐单位发布；市级公示不选发布单位。"
    assert publicity_words(industry_campaign) == {
        "all": "所在单位、行业、市级",
        "count": "三",
        "public": "行业、市级",
        "days": 5,
    }


def test_notice_list_page_reads_the_spec_levels(
    client, industry_campaign: Campaign, reviewer: User
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(reviewer)
    page = client.get(f"/office/{industry_campaign.slug}/notices/").content.decode()

    assert "所在单位、行业、市级三级公示" in page
    assert "行业、市级公示和公开页面一律不含涉敏推荐对象" in page
    assert "行业公示只能由产业推荐单位发布；市级公示不选发布单位。" in page
