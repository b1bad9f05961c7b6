"""The office's overview and final list: the engine's ratios as bars, the final list checked at
the final stage over the approved nominations only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pingxuan.core.findings import Stage
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.citywide import city_check
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import PERSONAS, UNIT_A, make_persona, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(campaign: Campaign) -> Unit:
    clerk = make_persona(campaign, "clerk_a")
    unit = Unit.objects.get(campaign=campaign, name=UNIT_A)
    fill_unit(campaign, unit, clerk)
    return unit


@pytest.fixture
def reviewer_client(campaign: Campaign) -> Client:
    return signed_in(make_persona(campaign, "reviewer"))


def test_every_city_ratio_is_a_bar(campaign: Campaign, filled: Unit) -> None:
    check = city_check(campaign, stage=Stage.NOMINATION)

    city_ratios = [r.id for r in check.spec.ratios if r.group == "city"]
    assert [bar.ratio.id for bar in check.bars] == city_ratios
    for bar in check.bars:
        assert 0 <= bar.threshold <= 100
        assert bar.margin.startswith(("还需", "可减少", "须减少", "还可增加", "暂不计算"))


def test_withdrawn_nominations_leave_the_ratios(campaign: Campaign, filled: Unit) -> None:
    before = {
        bar.ratio.id: bar.tally.base for bar in city_check(campaign, stage=Stage.NOMINATION).bars
    }
    Nomination.objects.filter(unit=filled, award="五一劳动奖章").update(standing=Standing.REVOKED)

    after = {
        bar.ratio.id: bar.tally.base for bar in city_check(campaign, stage=Stage.NOMINATION).bars
    }

    medal = [
        b.ratio.id
        for b in city_check(campaign, stage=Stage.NOMINATION).bars
        if b.ratio.awards == ["五一劳动奖章"]
    ]
    assert medal and all(after[r] < before[r] for r in medal)


def test_final_list_counts_approved_only(campaign: Campaign, filled: Unit) -> None:
    approved = list(Nomination.objects.filter(unit=filled, award="五一劳动奖状"))
    Nomination.objects.filter(pk__in=[n.pk for n in approved]).update(standing=Standing.APPROVED)

    check = city_check(campaign, stage=Stage.FINAL, standings=[Standing.APPROVED])

    assert {n.pk for n in check.nominations} == {n.pk for n in approved}
    assert check.counts == {"五一劳动奖状": len([n for n in approved if n.kind == "综合表彰"])}


def test_overview_page_shows_the_bars(
    campaign: Campaign, filled: Unit, reviewer_client: Client
) -> None:
    response = reviewer_client.get(f"/office/{campaign.slug}/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "全市比例" in body and body.count('class="bar"') == len(
        city_check(campaign, stage=Stage.NOMINATION).bars
    )


def test_final_list_page_names_the_approved(
    campaign: Campaign, filled: Unit, reviewer_client: Client
) -> None:
    chosen = Nomination.objects.filter(unit=filled, award="五一劳动奖状").first()
    assert chosen is not None
    Nomination.objects.filter(pk=chosen.pk).update(standing=Standing.APPROVED)

    body = reviewer_client.get(f"/office/{campaign.slug}/final/").content.decode()

    assert chosen.display_name in body
    errors = city_check(campaign, stage=Stage.FINAL, standings=[Standing.APPROVED]).errors
    assert ("名单还有" in body) == bool(errors)
    assert ("名单符合全部规则" in body) == (not errors)


def test_unit_staff_never_reach_the_office(campaign: Campaign, filled: User) -> None:
    clerk = signed_in(make_persona(campaign, "clerk_b"))
    assert clerk.get(f"/office/{campaign.slug}/").status_code == 404
    assert clerk.get(f"/office/{campaign.slug}/final/").status_code == 404


def test_a_city_ratio_reads_the_same_on_the_overview_and_the_unit_page(
    campaign: Campaign, filled: Unit, reviewer_client: Client
) -> None:
    # Members over the nominees counted, the bound's base only in the requirement: the overview
    # once divided by the places (58 / 30, 193 %) while the unit page said 58 / 66.
    check = city_check(campaign, stage=Stage.NOMINATION)
    overview = reviewer_client.get(f"/office/{campaign.slug}/").content.decode()
    clerk = User.objects.get(username=PERSONAS["clerk_a"].username)
    unit_page = signed_in(clerk).get(f"/portal/{campaign.slug}/")
    figures = unit_page.content.decode().split('id="figures"')[1]

    for bar in check.bars:
        assert 0 <= bar.percent <= 100
        shown = f"{bar.tally.members} / {bar.tally.base}"
        assert f'<td class="nowrap">{shown}</td>' in overview
    medal = next(b for b in check.bars if b.ratio.awards == ["五一劳动奖章"] and b.tally.base)
    assert f"{medal.tally.members} / {medal.tally.base}" in figures
    assert f"（基数 {medal.bound.base}" in overview and f"基数 {medal.bound.base}" in figures


def test_a_ratio_over_nobody_says_it_is_not_measured(campaign: Campaign) -> None:
    # The engine finds nothing over an empty base, so the bar must not say "还需 1" in green.
    check = city_check(campaign, stage=Stage.FINAL)

    assert check.bars
    for bar in check.bars:
        assert (bar.met, bar.margin) == (True, "暂不计算（没有计入的推荐对象）")
