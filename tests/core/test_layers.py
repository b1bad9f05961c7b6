"""A campaign with a parent: the 中牟县 round fits the 2024 city campaign; a child that forwards
more than its parent gives, or means something else by a reserved place, is refused with the key
path in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from pingxuan.core.publicity import carried_levels
from pingxuan.core.spec.layers import LayerError, Parent, chain, parent_issues
from pingxuan.core.spec.loader import SpecError, load_spec, parse_spec
from pingxuan.core.spec.models import Spec

ROOT = Path(__file__).resolve().parents[2]
CHILD_TEXT = (ROOT / "campaigns" / "zhongmu-2024.toml").read_text(encoding="utf-8")
FORWARD = (
    'forward = { "五一劳动奖状" = "2", "五一劳动奖章" = "4（一线产业工人1、一线科教1、农民工1）", '
    '"工人先锋号" = "3（企业班组2，其中非公1）" }'
)


def child(**replacements: str) -> Spec:
    text = CHILD_TEXT
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return parse_spec(text, "child.toml")


def with_forward(forward: str) -> Spec:
    return child(**{FORWARD: f"forward = {forward}"})


def against_city(spec: Spec) -> list[tuple[str, str]]:
    return parent_issues(spec, load_spec("zhengzhou-2024"))


def test_zhongmu_spec_fits_the_city_campaign():
    spec = load_spec("zhongmu-2024")

    found = chain(spec, load_spec)

    assert [s.campaign.id for s in found] == ["zhongmu-2024", "zhengzhou-2024"]
    assert spec.parent is not None
    assert (spec.parent.campaign, spec.parent.unit) == ("zhengzhou-2024", "中牟县")
    assert len(spec.units) == 8
    assert [a.total for a in spec.awards] == [5, 20, 10]


def test_child_forwarding_more_than_the_unit_places_is_refused():
    spec = with_forward('{ "五一劳动奖章" = "5（一线产业工人1、一线科教1、农民工1）" }')

    assert against_city(spec) == [
        ("parent.forward.五一劳动奖章", "向上级报送5个，超过上级活动分配给“中牟县”的4个")
    ]


def test_child_forwarding_more_than_a_pooled_award_allows_is_refused():
    spec = with_forward('{ "五一劳动奖状" = "3" }')

    assert against_city(spec) == [
        ("parent.forward.五一劳动奖状", "向上级报送3个，超过上级活动分配给“中牟县”的2个")
    ]


def test_child_forwarding_more_of_a_reserved_place_is_refused():
    spec = with_forward('{ "工人先锋号" = "3（企业班组2，其中非公2）" }')

    assert against_city(spec) == [
        ("parent.forward.工人先锋号", "“非公”预留名额报送2个，超过上级活动分配的1个")
    ]


def test_child_reserving_a_place_the_parent_does_not_have_is_refused():
    spec = with_forward('{ "五一劳动奖章" = "4（一线职工2）" }')

    assert against_city(spec) == [
        (
            "parent.forward.五一劳动奖章",
            "上级活动分配给“中牟县”的“五一劳动奖章”名额中没有“一线职工”预留名额",
        )
    ]


def test_child_meaning_a_reserved_place_otherwise_is_refused():
    spec = child(**{'"农民工" = "人员标签 has 农民工"': '"农民工" = "人员标签 has 新就业形态"'})

    assert against_city(spec) == [
        ("reservations.农民工", "预留身份“农民工”的条件与上级活动不同（上级：人员标签 has 农民工）")
    ]


def test_child_naming_an_unknown_parent_unit_is_refused_with_a_suggestion():
    spec = child(**{'unit = "中牟县"': 'unit = "中牟县总工会"'})

    assert against_city(spec) == [
        (
            "parent.unit",
            "上级活动“2024年郑州市五一劳动奖和郑州市工人先锋号推荐评选”没有推荐单位“中牟县总工会”"
            "；是不是“中牟县”？",
        )
    ]


def test_child_forwarding_an_award_it_does_not_have_is_refused_on_its_own():
    with pytest.raises(SpecError) as caught:
        with_forward('{ "县五一劳动奖章" = "1" }')

    assert [(p.path, p.reason) for p in caught.value.problems] == [
        (
            "parent.forward.县五一劳动奖章",
            "本活动没有奖项“县五一劳动奖章”（已定义：五一劳动奖状、五一劳动奖章、工人先锋号）",
        )
    ]


def test_child_forwarding_more_than_it_selects_is_refused_on_its_own():
    with pytest.raises(SpecError) as caught:
        with_forward('{ "五一劳动奖状" = "6" }')

    assert [(p.path, p.reason) for p in caught.value.problems] == [
        ("parent.forward.五一劳动奖状", "向上级报送6个，多于本活动“五一劳动奖状”的总数5个")
    ]


def test_a_quorum_that_is_not_a_share_is_refused_in_chinese():
    with pytest.raises(SpecError) as caught:
        child(**{'quorum = "2/3"': 'quorum = "3/2"'})

    assert [p.path for p in caught.value.problems] == ["rounds.quorum"]
    assert "须大于0且不超过1" in caught.value.problems[0].reason


def test_a_chain_with_a_parent_not_loaded_is_refused():
    spec = load_spec("zhongmu-2024")

    with pytest.raises(LayerError) as caught:
        chain(spec, lambda campaign_id: None)

    assert caught.value.issues == [
        ("parent.campaign", "上级活动“zhengzhou-2024”尚未加载：请先加载上级活动")
    ]


def _with_parent(spec: Spec, campaign: str, unit: str) -> Spec:
    return spec.model_copy(
        update={"parent": Parent(campaign=campaign, unit=unit, forward={}, clause="三（二）")}
    )


def test_any_depth_is_walked():
    """Nothing knows how many levels there are: the city may itself forward to a province."""
    county = load_spec("zhongmu-2024")
    city = load_spec("zhengzhou-2024")
    province = city.model_copy(
        update={"campaign": city.campaign.model_copy(update={"id": "henan-2024"})}
    )
    specs = {"zhengzhou-2024": _with_parent(city, "henan-2024", "中原区"), "henan-2024": province}

    found = chain(county, specs.get)

    assert [s.campaign.id for s in found] == ["zhongmu-2024", "zhengzhou-2024", "henan-2024"]


def test_a_loop_of_parents_is_refused():
    county = load_spec("zhongmu-2024")
    city = _with_parent(load_spec("zhengzhou-2024"), "zhongmu-2024", "城关镇总工会")

    with pytest.raises(LayerError) as caught:
        chain(county, {"zhengzhou-2024": city}.get)

    assert caught.value.issues == [("parent.campaign", "上级活动形成了循环")]


# ── `pingxuan spec` on a child file ───────────────────────────────────────────────────────
ZHONGMU = Path(__file__).resolve().parents[2] / "campaigns" / "zhongmu-2024.toml"


def test_spec_command_checks_a_child_against_its_parent_in_the_campaigns_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pingxuan.core.cli import main

    status = main(["spec", str(ZHONGMU)])

    out = capsys.readouterr().out.splitlines()
    assert status == 0
    assert out[-3:] == [
        "  上级活动：2024年郑州市五一劳动奖和郑州市工人先锋号推荐评选的推荐单位“中牟县”，"
        "向上报送五一劳动奖状2个、五一劳动奖章4个、工人先锋号3个",
        "  已对照上级活动检查名额和预留名额",
        "配置有效。",
    ]


def test_spec_command_refuses_a_child_forwarding_more_than_its_parent_gives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pingxuan.core.cli import main

    text = ZHONGMU.read_text(encoding="utf-8")
    broken = tmp_path / "zhongmu-2024.toml"
    broken.write_text(text.replace('"五一劳动奖状" = "2"', '"五一劳动奖状" = "4"'), "utf-8")

    status = main(["spec", str(broken)])

    assert status == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{broken}: parent.forward.五一劳动奖状: 向上级报送4个，超过上级活动分配给“中牟县”的2个"
    ]


def test_spec_command_says_when_the_parent_file_is_not_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pingxuan.core.cli import main

    (tmp_path / "zhongmu-2024.toml").write_text(ZHONGMU.read_text(encoding="utf-8"), "utf-8")
    monkeypatch.setenv("PINGXUAN_CAMPAIGNS", str(tmp_path))

    status = main(["spec", "zhongmu-2024"])

    out = capsys.readouterr().out.splitlines()
    assert status == 0
    assert out[-2:] == [
        f"  上级活动：zhengzhou-2024（{tmp_path} 中没有它的配置文件，未对照上级检查；"
        "载入网站时 load_child_campaign 会对照已载入的上级活动检查）",
        "配置有效。",
    ]


# ── what a county forwards, checked on the command line ───────────────────────────────────
def _forwarded_workbook(tmp_path: Path, extra_medal: bool = False) -> Path:
    """The city's exchange workbook as 中牟县 fills it: only its own places, 2/4/3."""
    from tests.factories.campaign import Generator, write_workbook

    city = load_spec("zhengzhou-2024")
    rows = Generator(city).rows()
    rows = {sheet: [r for r in found if r["推荐单位"] == "中牟县"] for sheet, found in rows.items()}
    if extra_medal:
        rows["五一劳动奖章"].append(dict(rows["五一劳动奖章"][0]) | {"序号": "5"})
        rows["五一劳动奖章"][-1].update(Generator(city, seed=7).person("中牟县", {}))
    return write_workbook(tmp_path / "中牟县报送.xlsx", city, rows)


def test_forwarded_rows_meet_the_unit_quota_while_city_ratios_wait_for_the_city(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pingxuan.core.cli import main

    path = _forwarded_workbook(tmp_path)

    status = main(["check", str(path), "--campaign", "zhengzhou-2024", "--units-only"])

    captured = capsys.readouterr()
    assert status == 0
    assert captured.out.splitlines()[-1] == "未发现问题。"
    assert captured.err.splitlines() == [
        "另有4项全市比例或奖项总数的检查结果未列出（--units-only）：这些由主办方在全市汇总后检查"
    ]


def test_forwarded_rows_checked_as_the_whole_city_fail_its_ratios(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --units-only the few rows are judged as if they were the whole city."""
    from pingxuan.core.cli import main

    status = main(["check", str(_forwarded_workbook(tmp_path)), "--format", "json"])

    assert status == 1
    assert "ratio.medal.frontline_industrial" in capsys.readouterr().out


def test_forwarding_more_than_the_unit_places_is_an_error_with_units_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from pingxuan.core.cli import main

    path = _forwarded_workbook(tmp_path, extra_medal=True)

    status = main(["check", str(path), "--units-only", "--format", "json"])

    report = json.loads(capsys.readouterr().out)
    assert status == 1
    assert [(f["rule"], f["unit"]) for f in report["findings"] if f["severity"] == "error"] == [
        ("quota.unit_over", "中牟县")
    ]


# ── which of the parent's notices the child's notices stand for ─────────────────────────────


def test_the_county_notices_stand_for_the_city_unit_and_county_notices():
    """中牟县 is a 县级 unit of the city: its towns' notices are the city's unit notices, its own
    县级公示 (its top level, key city) the city's county notice."""
    city, county = load_spec("zhengzhou-2024"), load_spec("zhongmu-2024")

    assert carried_levels(county, city, "县级") == {"unit": "unit", "city": "county"}


def test_a_child_of_a_unit_that_publishes_no_middle_notice_carries_only_unit_notices():
    city, county = load_spec("zhengzhou-2024"), load_spec("zhongmu-2024")

    assert carried_levels(county, city, "基层") == {"unit": "unit"}


def test_a_parent_without_a_middle_level_takes_only_the_unit_notices():
    """The county's own round has no middle level: a child of one of its units (a town's own
    round) carries its unit notices; its top notice stands for nothing of the county's."""
    county = load_spec("zhongmu-2024")

    assert carried_levels(county, county, "乡镇") == {"unit": "unit"}
