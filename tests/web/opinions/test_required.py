"""The departments each subject type needs (the 2024 matrix of 三（三）2), and ``missing_opinions``
emptying as the departments agree."""

from __future__ import annotations

import pytest

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.opinions.domain import missing_opinions, required_for
from pingxuan.web.opinions.models import Opinion, OpinionState
from tests.web.opinions.helpers import filled_unit, with_facts
from tests.web.personas import make_persona

pytestmark = pytest.mark.django_db

# 三（三）2 for every enterprise (奖状) and 企业负责人 (奖章), in the order of the notice.
ENTERPRISE = [
    "发展改革",
    "人力资源社会保障",
    "生态环境",
    "卫生健康",
    "应急管理",
    "税务",
    "市场监管",
]


@pytest.fixture
def nominations(campaign: Campaign) -> dict[str, Nomination]:
    filled_unit(campaign, make_persona(campaign, "clerk_a"))
    rows = Nomination.objects.filter(campaign=campaign)
    return {
        "奖状": rows.filter(award="五一劳动奖状").first(),
        "奖章": rows.filter(award="五一劳动奖章").first(),
        "先锋号": rows.filter(award="工人先锋号").first(),
    }


def test_state_owned_enterprise_certificate(nominations: dict[str, Nomination]) -> None:
    nomination = with_facts(nominations["奖状"], 是否企业="是", 单位性质="国有")
    assert required_for(nomination) == [*ENTERPRISE, "审计", "纪检监察", "公安"]


def test_private_enterprise_certificate(nominations: dict[str, Nomination]) -> None:
    nomination = with_facts(nominations["奖状"], 是否企业="是", 单位性质="非公有制")
    assert required_for(nomination) == [*ENTERPRISE, "统战部门", "工商联", "公安"]


def test_enterprise_head_medal(nominations: dict[str, Nomination]) -> None:
    nomination = with_facts(nominations["奖章"], 身份类别="企业负责人", 单位性质="国有控股")
    assert required_for(nomination) == [*ENTERPRISE, "审计", "纪检监察", "组织人事", "公安"]


def test_private_enterprise_head_medal(nominations: dict[str, Nomination]) -> None:
    nomination = with_facts(nominations["奖章"], 身份类别="企业负责人", 单位性质="非公有制")
    assert required_for(nomination) == [
        *ENTERPRISE,
        "统战部门",
        "工商联",
        "上级党委或主管部门",
        "公安",
    ]


def test_organ_medal(nominations: dict[str, Nomination]) -> None:
    nomination = with_facts(nominations["奖章"], 身份类别="科级领导干部", 单位性质="机关")
    assert required_for(nomination) == ["组织人事", "纪检监察", "公安"]


def test_team(nominations: dict[str, Nomination]) -> None:
    assert required_for(nominations["先锋号"]) == ["公安"]


def test_missing_opinions_empty_as_departments_agree(nominations: dict[str, Nomination]) -> None:
    nomination = with_facts(nominations["奖章"], 身份类别="科级领导干部", 单位性质="机关")
    assert missing_opinions(nomination) == ["组织人事", "纪检监察", "公安"]
    Opinion.objects.create(nomination=nomination, department="纪检监察", state=OpinionState.AGREED)
    Opinion.objects.create(nomination=nomination, department="公安", state=OpinionState.OBJECTED)
    assert missing_opinions(nomination) == ["组织人事", "公安"]
    Opinion.objects.create(nomination=nomination, department="组织人事", state=OpinionState.AGREED)
    Opinion.objects.filter(department="公安").update(state=OpinionState.AGREED)
    assert missing_opinions(nomination) == []
