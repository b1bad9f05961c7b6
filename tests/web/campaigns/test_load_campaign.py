from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pingxuan.core.spec.loader import SpecError
from pingxuan.web.campaigns.domain.specs import campaign_spec, load_campaign_file
from pingxuan.web.campaigns.models import Campaign
from tests.web.helpers import CAMPAIGN_FILE, EditedSpec

pytestmark = pytest.mark.django_db

TITLE_2024 = "2024年郑州市五一劳动奖和郑州市工人先锋号推荐评选"
BROKEN_LEVEL = ('level = "县级"', 'level = "省级"')


def test_load_campaign_file_stores_the_2024_campaign() -> None:
    campaign = load_campaign_file(CAMPAIGN_FILE)

    assert (campaign.slug, campaign.title) == ("zhengzhou-2024", TITLE_2024)
    assert campaign.spec_source == CAMPAIGN_FILE.read_text(encoding="utf-8")
    assert len(campaign_spec(campaign).units) == 37


def test_load_campaign_file_by_campaign_id_reads_the_campaigns_folder() -> None:
    campaign = load_campaign_file("zhengzhou-2024")

    assert campaign.source_path == str(CAMPAIGN_FILE)


def test_load_campaign_file_twice_keeps_one_unchanged_row() -> None:
    first = load_campaign_file(CAMPAIGN_FILE)

    second = load_campaign_file(CAMPAIGN_FILE)

    assert Campaign.objects.count() == 1
    assert (second.pk, second.loaded_at) == (first.pk, first.loaded_at)
    assert len(campaign_spec(Campaign.objects.get()).units) == 37


def test_load_campaign_file_updates_a_changed_spec(edited_spec: EditedSpec) -> None:
    first = load_campaign_file(CAMPAIGN_FILE)
    campaign_spec(first)  # the parsed spec is now cached
    changed = edited_spec((f'title = "{TITLE_2024}"', 'title = "2024年评选（修订）"'))

    second = load_campaign_file(changed)

    stored = Campaign.objects.get()
    assert (stored.pk, stored.title, stored.source_path) == (
        first.pk,
        "2024年评选（修订）",
        str(changed),
    )
    assert stored.loaded_at >= first.loaded_at
    assert campaign_spec(stored).campaign.title == "2024年评选（修订）"
    assert second.title == stored.title


def test_load_campaign_file_refuses_a_broken_spec_with_its_key_path(
    edited_spec: EditedSpec,
) -> None:
    broken = edited_spec(BROKEN_LEVEL)

    with pytest.raises(SpecError) as refused:
        load_campaign_file(broken)

    assert (
        f"{broken}: units[0].level: 单位级别“省级”未在 vocabulary.unit_levels 中定义"
        in str(refused.value).splitlines()
    )
    assert Campaign.objects.count() == 0


def test_load_campaign_file_keeps_the_stored_campaign_when_the_new_file_is_broken(
    edited_spec: EditedSpec,
) -> None:
    good = load_campaign_file(CAMPAIGN_FILE)

    with pytest.raises(SpecError):
        load_campaign_file(edited_spec(BROKEN_LEVEL))

    stored = Campaign.objects.get()
    assert (stored.spec_source, stored.loaded_at) == (good.spec_source, good.loaded_at)


def test_load_campaign_file_refuses_a_missing_file(tmp_path) -> None:
    with pytest.raises(SpecError, match="找不到评选活动配置文件"):
        load_campaign_file(tmp_path / "nowhere.toml")


def test_load_campaign_command_prints_what_it_loaded() -> None:
    out = StringIO()

    call_command("load_campaign", str(CAMPAIGN_FILE), stdout=out)

    assert out.getvalue() == f"已加载评选活动：{TITLE_2024}（zhengzhou-2024）\n"


def test_load_campaign_command_refuses_a_broken_spec(edited_spec: EditedSpec) -> None:
    with pytest.raises(CommandError, match=r"units\[0\]\.level"):
        call_command("load_campaign", str(edited_spec(BROKEN_LEVEL)), stdout=StringIO())

    assert Campaign.objects.count() == 0
