from __future__ import annotations

import re

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertRedirects

from pingxuan.core.spec.models import Rules
from pingxuan.web.campaigns.domain.specs import campaign_spec, load_campaign_file
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.public.rule_texts import rule_texts
from tests.web.helpers import EditedSpec

PAGE = "/campaigns/zhengzhou-2024/"


@pytest.fixture
def page(client: Client, campaign: Campaign) -> str:
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def test_index_redirects_to_the_only_campaign(client: Client, campaign: Campaign) -> None:
    assertRedirects(client.get("/"), PAGE)


def test_index_lists_campaigns_when_there_are_several(
    client: Client, campaign: Campaign, edited_spec: EditedSpec
) -> None:
    load_campaign_file(
        edited_spec(
            ('id = "zhengzhou-2024"', 'id = "zhengzhou-2025"'),
            ('title = "2024年', 'title = "2025年'),
        )
    )

    response = client.get("/")

    assertContains(response, f'<a href="{PAGE}">{campaign.title}</a>', html=True)
    assertContains(response, '<a href="/campaigns/zhengzhou-2025/">', count=1)


@pytest.mark.django_db
def test_index_without_campaigns_says_so(client: Client) -> None:
    assertContains(client.get("/"), "尚未加载评选活动")


def test_campaign_page_lists_the_37_units_in_spec_order(page: str, campaign: Campaign) -> None:
    names = campaign_spec(campaign).unit_names()
    found = re.findall(
        r'<tr class="unit-row">\s*<td class="num">\d+</td>\s*<th scope="row">(.*?)</th>', page
    )

    assert found == names
    assert len(found) == 37


def test_campaign_page_shows_places_as_the_notice_writes_them(page: str) -> None:
    assert page.count('<span class="as-written">4（企业班组3，其中非公2）</span>') == 9
    assert "企业班组 3 个（其中非公 2 个）、不限身份 1 个" in page
    assert "一线产业工人 4 名、一线科教 1 名、不限身份 1 名" in page


def test_campaign_page_shows_the_pooled_award_once(page: str) -> None:
    assert page.count("全市 30 个，各推荐单位最多推荐 2 个") == 1


def test_campaign_page_totals_30_80_120(client: Client, campaign: Campaign) -> None:
    assertContains(
        client.get(PAGE),
        '<tr class="totals"><th scope="row" colspan="3">合计</th>'
        "<td>30</td><td>80</td><td>120</td></tr>",
        html=True,
    )


def test_campaign_page_reads_deadlines_on_the_shanghai_clock(page: str) -> None:
    assert '<time datetime="2024-03-20T23:59:59+08:00">2024年3月20日（星期三）23:59</time>' in page


def test_campaign_page_lists_ratios_with_bounds_and_clauses(page: str) -> None:
    assert "≥35%（满额 120 名时至少 42 名）" in page
    assert "≤4%（按总数 120 名计至多 4 名）" in page
    assert "三（一）1" in page
    assert "附件说明3" in page


def test_campaign_page_lists_every_rule_with_its_clause(page: str) -> None:
    rows = re.findall(r'<tr id="rule-([a-z_]+)">(.*?)</tr>', page, flags=re.S)

    assert [key for key, _ in rows] == list(Rules.model_fields)
    assert '<td class="clause">三（一）1</td>' in dict(rows)["leader_alternate"]


def test_every_rule_kind_has_a_chinese_description() -> None:
    assert set(rule_texts()) == set(Rules.model_fields)


def test_campaign_page_uses_only_local_stylesheets(page: str) -> None:
    # The empty data: icon only stops browsers asking the server for /favicon.ico.
    assert re.findall(r'<link[^>]*href="([^"]+)"', page) == ["data:,", "/static/pingxuan/site.css"]
    assert "<script" not in page


def test_campaign_page_runs_one_query(
    client: Client, campaign: Campaign, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(1):
        response = client.get(PAGE)

    assert response.status_code == 200


@pytest.mark.django_db
def test_unknown_campaign_is_404_in_chinese(client: Client) -> None:
    response = client.get("/campaigns/no-such-campaign/")

    assertContains(response, "找不到页面", status_code=404)


def test_ratio_within_part_of_the_nominees_is_shown_with_its_base() -> None:
    from pingxuan.core.spec.loader import load_spec
    from pingxuan.web.public.campaign_page import ratio_rows

    rows = {row.label: row for row in ratio_rows(load_spec("national-2024"))}

    cadres = rows["县处级干部"]
    assert (cadres.awards, cadres.requirement) == (
        "全国五一劳动奖章中的机关事业单位推荐对象",
        "≤20%（按机关事业单位推荐对象计）",
    )
    assert rows["农民工"].requirement == "≥15%（满额 966 名时至少 145 名）"
