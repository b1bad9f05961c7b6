"""Loading 中牟县's round as a child of the 2024 city campaign: checked against the stored parent,
stored with its link, refused in Chinese with the key path when it does not fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.rounds.models import CampaignLink

pytestmark = pytest.mark.django_db
CHILD = Path(__file__).resolve().parents[3] / "campaigns" / "zhongmu-2024.toml"


def test_command_loads_and_links_the_county_round(campaign: Campaign, capsys):
    call_command("load_child_campaign", "zhongmu-2024")

    link = CampaignLink.objects.select_related("child", "parent", "unit").get()
    assert (link.child.slug, link.parent.slug, link.unit.name) == (
        "zhongmu-2024",
        "zhengzhou-2024",
        "中牟县",
    )
    assert link.child.units.count() == 8
    assert "上级：zhengzhou-2024 的推荐单位“中牟县”" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="campaign.link").count() == 1


def test_loading_twice_changes_nothing(campaign: Campaign):
    call_command("load_child_campaign", "zhongmu-2024")
    call_command("load_child_campaign", "zhongmu-2024")

    assert CampaignLink.objects.count() == 1
    assert AuditEvent.objects.filter(action="campaign.link").count() == 1


def test_a_child_without_its_parent_loaded_is_refused(db: None):
    with pytest.raises(CommandError) as caught:
        call_command("load_child_campaign", "zhongmu-2024")

    wanted = "parent.campaign: 上级活动“zhengzhou-2024”尚未加载：请先加载上级活动"
    assert wanted in str(caught.value)
    assert not Campaign.objects.exists()


def test_a_child_forwarding_more_than_the_unit_has_is_refused(campaign: Campaign, tmp_path):
    text = CHILD.read_text(encoding="utf-8").replace(
        '"五一劳动奖章" = "4（一线产业工人1、一线科教1、农民工1）"',
        '"五一劳动奖章" = "5（一线产业工人1、一线科教1、农民工1）"',
    )
    path = tmp_path / "zhongmu-too-many.toml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        call_command("load_child_campaign", str(path))

    assert "parent.forward.五一劳动奖章: 向上级报送5个，超过上级活动分配给“中牟县”的4个" in str(
        caught.value
    )
    assert not Campaign.objects.filter(slug="zhongmu-2024").exists()


def test_a_spec_without_a_parent_is_sent_to_load_campaign(campaign: Campaign):
    with pytest.raises(CommandError, match="配置没有 \\[parent\\]：请用 load_campaign 加载"):
        call_command("load_child_campaign", "zhengzhou-2024")


def test_load_campaign_sends_a_child_to_load_child_campaign(campaign: Campaign):
    with pytest.raises(
        CommandError, match="该配置有 \\[parent\\]，是下级活动：请用 load_child_campaign"
    ):
        call_command("load_campaign", "zhongmu-2024")

    assert not Campaign.objects.filter(slug="zhongmu-2024").exists()
