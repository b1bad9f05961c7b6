from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from pytest_django.asserts import assertRedirects

from pingxuan.web.accounts.enums import Role
from pingxuan.web.accounts.management.commands.seed_demo import DEMO_ACCOUNTS
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.models import Campaign
from tests.web.accounts.test_login import log_in


@pytest.fixture
def local_run(settings) -> None:
    settings.DEBUG = True


def seed_demo(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_creates_three_units_and_the_city(local_run: None, campaign: Campaign) -> None:
    seed_demo()

    memberships = {
        (m.user.username, m.role, m.unit.name if m.unit else None)
        for m in Membership.objects.filter(campaign=campaign).select_related("user", "unit")
    }
    assert memberships == {
        ("hkg-jingban", Role.CLERK, "航空港经济综合试验区"),
        ("hkg-shenpi", Role.APPROVER, "航空港经济综合试验区"),
        ("zd-jingban", Role.CLERK, "郑东新区"),
        ("zd-shenpi", Role.APPROVER, "郑东新区"),
        ("wjw-jingban", Role.CLERK, "市文教卫工会"),
        ("wjw-shenpi", Role.APPROVER, "市文教卫工会"),
        ("shi-shenhe", Role.REVIEWER, None),
        ("shi-guanli", Role.ADMIN, None),
    }


def test_seed_demo_is_idempotent(local_run: None, campaign: Campaign) -> None:
    first = seed_demo("zhengzhou-2024")
    second = seed_demo("zhengzhou-2024")

    assert second == first
    assert get_user_model().objects.count() == 8
    assert Membership.objects.count() == 8


def test_seed_demo_prints_every_account_in_a_chinese_table(
    local_run: None, campaign: Campaign
) -> None:
    lines = seed_demo().splitlines()

    assert "仅供本地演示" in lines[0]
    assert lines[1].split() == ["用户名", "密码", "角色", "推荐单位"]
    assert lines[2].split() == [
        "hkg-jingban",
        "demo-hkg-jingban",
        "单位经办人",
        "航空港经济综合试验区",
    ]
    assert lines[-1].split() == ["shi-guanli", "demo-shi-guanli", "市级管理员", "（市级）"]
    assert len(lines) == 2 + len(DEMO_ACCOUNTS)


def test_printed_password_signs_in(local_run: None, campaign: Campaign) -> None:
    seed_demo()

    response = log_in(Client(), "zd-jingban", "demo-zd-jingban")

    assertRedirects(response, "/portal/", fetch_redirect_response=False)


def test_seed_demo_refuses_a_production_site(campaign: Campaign, settings) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="PINGXUAN_DEBUG=true"):
        seed_demo()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_seed_demo_needs_the_campaign_loaded(local_run: None) -> None:
    with pytest.raises(CommandError, match="尚未加载"):
        seed_demo("zhengzhou-2024")
