"""The campaign spec: the 2024 file, a fictitious county, and broken specs refused with a key
path."""

from __future__ import annotations

from pathlib import Path

import pytest

from pingxuan.core.findings import Severity
from pingxuan.core.rules.engine import check
from pingxuan.core.spec.loader import SpecError, load_spec, parse_spec
from tests.factories.campaign import Generator, build_nominations

ROOT = Path(__file__).resolve().parents[2]
SPEC_2024 = (ROOT / "campaigns" / "zhengzhou-2024.toml").read_text(encoding="utf-8")
COUNTY = Path(__file__).parent / "data" / "demo-county-2025.toml"


def refused(text: str) -> list[tuple[str, str]]:
    with pytest.raises(SpecError) as caught:
        parse_spec(text, "broken.toml")
    assert str(caught.value).startswith("broken.toml: ")
    return [(p.path, p.reason) for p in caught.value.problems]


def test_2024_spec_loads_by_id_and_by_path():
    assert load_spec("zhengzhou-2024") == load_spec(ROOT / "campaigns" / "zhengzhou-2024.toml")


def test_every_2024_rule_names_its_clause():
    spec = load_spec("zhengzhou-2024")
    allowed = {
        "一",
        "二",
        "三（二）",
        "三（四）",
        "三（六）",
        "四",
        "附件",
        "数据",
        *(f"三（一）{i}" for i in range(1, 6)),
        *(f"三（三）{i}" for i in range(1, 4)),
        *(f"附件说明{i}" for i in range(1, 4)),
    }
    clauses = [rule.clause for _, rule in spec.rules] + [r.clause for r in spec.ratios]
    clauses += [o.clause for o in spec.department_opinions] + [m.clause for m in spec.materials]
    assert set(clauses) <= allowed


def test_unknown_campaign_is_refused():
    with pytest.raises(SpecError, match="找不到评选活动配置文件"):
        load_spec("nowhere-1999")


def test_broken_toml_is_refused_with_reason():
    assert refused("[campaign\n") == [
        ("", "TOML 格式错误：Expected ']' at the end of a table declaration (at line 1, column 10)")
    ]


def test_wrong_type_is_refused_with_key_path():
    problems = refused(SPEC_2024.replace("total = 120", 'total = "许多"'))
    assert problems[0][0] == "awards[1].total"


def test_unknown_key_is_refused():
    problems = refused(SPEC_2024.replace("per_unit_max = 2", "per_unit_max = 2\nper_unit_mxa = 3"))
    assert problems[0][0] == "awards[0].per_unit_mxa"


def test_places_that_do_not_add_up_are_refused():
    text = SPEC_2024.replace(
        '"6（一线产业工人4、一线科教1）" }\n\n[[units]]\nname = "郑东新区"',
        '"7（一线产业工人4、一线科教1）" }\n\n[[units]]\nname = "郑东新区"',
        1,
    )
    assert ("awards[1].total", "“五一劳动奖章”总数为120个，但各单位名额合计121个") in refused(text)


def test_unreadable_places_cell_is_refused_with_its_unit():
    text = SPEC_2024.replace('"3（企业班组2，其中非公1）"', '"3（企业班组2，其中非公3）"', 1)
    problems = refused(text)
    assert problems[0][0] == "units[9].places.工人先锋号"
    assert "超过2个" in problems[0][1]


def test_unknown_reservation_label_is_refused():
    text = SPEC_2024.replace("一线科教1）", "一线科研1）", 1)
    assert (
        "units[0].places.五一劳动奖章",
        "预留身份“一线科研”未在 reservations 中定义",
    ) in refused(text)


def test_condition_with_unknown_value_is_refused():
    text = SPEC_2024.replace(
        'population = "身份类别 = 一线产业工人"', 'population = "身份类别 = 一线工人"'
    )
    problems = refused(text)
    assert problems[0][0] == "ratios[0].population"
    assert "列“身份类别”没有取值“一线工人”" in problems[0][1]


def test_condition_with_unknown_column_is_refused():
    text = SPEC_2024.replace('"人员标签 has 农民工"\nmin = 0.10', '"标签 has 农民工"\nmin = 0.10')
    assert refused(text)[0] == ("ratios[4].population", "“五一劳动奖章”没有可用于条件的列“标签”")


def test_deadline_without_time_zone_is_refused():
    text = SPEC_2024.replace(
        'at = 2024-03-20T23:59:59+08:00\nclause = "四"\nconsequence',
        'at = 2024-03-20T23:59:59\nclause = "四"\nconsequence',
    )
    assert refused(text) == [("deadlines[0].at", "截止时间须带时区，如 2024-03-20T23:59:59+08:00")]


def test_ratio_with_two_bounds_is_refused():
    text = SPEC_2024.replace("min = 0.35\n", "min = 0.35\nmax = 0.5\n")
    assert ("ratios[0]", "min、max、at_least 三者须且只能写一个") in refused(text)


def test_several_problems_are_reported_together():
    text = SPEC_2024.replace('level = "县级"', 'level = "省级"', 2)
    assert [p for p, _ in refused(text)] == ["units[0].level", "units[1].level"]


def test_county_spec_shares_no_zhengzhou_data():
    county = load_spec(COUNTY)
    assert [a.name for a in county.awards] == ["县五一劳动奖状", "县五一劳动奖章", "县工人先锋号"]
    assert county.unit_names() == ["城关镇总工会", "经济开发区总工会", "县直机关工会"]
    assert county.reference_date().isoformat() == "2025-03-10"


def test_county_campaign_is_checked_by_its_own_numbers():
    county = load_spec(COUNTY)
    rows = Generator(county).rows()
    nominations, reports = build_nominations(county, rows)
    assert check(county, nominations, reports) == []
    # 60% front-line in the county (not 55%): 10 medals, 6 must be front-line.
    medals = [
        r
        for r in rows["县五一劳动奖章"]
        if r["表彰类型"] == "综合表彰"
        and r["身份类别"] in {"一线产业工人", "其他一线职工和专业技术人员"}
    ]
    for row in medals[: len(medals) - 5]:
        row["身份类别"] = "科教人员"
    nominations, reports = build_nominations(county, rows)
    found = [f for f in check(county, nominations, reports) if f.rule == "ratio.medal.frontline"]
    assert [(f.severity, f.hint) for f in found] == [(Severity.ERROR, "还需 1 名一线职工")]


def test_county_differential_applies_to_its_own_levels():
    county = load_spec(COUNTY)
    rows = Generator(county).rows()
    for report in rows["推荐单位情况"]:
        report["奖章初始提名人数"] = "1"
    nominations, reports = build_nominations(county, rows)
    found = [
        f.unit for f in check(county, nominations, reports) if f.rule == "process.differential"
    ]
    assert found == ["城关镇总工会", "经济开发区总工会"]  # 县直机关工会 is not a 乡镇 union


def test_share_written_as_percent_is_refused_with_a_hint():
    assert refused(SPEC_2024.replace("min = 0.35", "min = 35", 1)) == [
        ("ratios[0].min", "须不大于 1；比例须在 0 到 1 之间，例如 35% 写作 0.35")
    ]


def test_unknown_key_is_refused_in_chinese():
    problems = refused(SPEC_2024.replace("per_unit_max = 2", "per_unit_max = 2\nper_unit_mxa = 3"))
    assert problems == [
        ("awards[0].per_unit_mxa", "不认识此项：请检查拼写，或对照 docs/spec.md 删去")
    ]


def test_value_outside_a_choice_lists_the_choices():
    problems = refused(SPEC_2024.replace('allocation = "pool"', 'allocation = "poo"', 1))
    assert problems == [("awards[0].allocation", "取值不在可选范围内（可选：pool、per_unit）")]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("total = 120", 'total = "许多"'),
        ("total = 120", "total = 0"),
        ("total = 120", "total = 1.5"),
        ('id = "zhengzhou-2024"', 'id = "Zhengzhou 2024"'),
        ("min = 0.35", 'min = "35%"'),
        ("min = 0.35", "min = -0.1"),
        ('subject = "person"', "subject = 3"),
        ("look_back_years = 5", "look_back_years = []"),
        ("min_working_days = 5", ""),
        ('name_order = "姓氏笔画"', 'name_order = "拼音"'),
        ("[rules.data]", "[rules.dta]"),
    ],
)
def test_every_schema_refusal_reads_in_chinese(old: str, new: str):
    assert old in SPEC_2024
    problems = refused(SPEC_2024.replace(old, new, 1))
    for path, reason in problems:
        assert path
        assert not any(word in reason for word in ("Input", "should", "valid", "Field"))
        assert any("\u4e00" <= character <= "\u9fff" for character in reason)


@pytest.mark.parametrize(
    ("population", "message"),
    [
        ("性别 == 女", "中的“==”应写作一个等号“=”"),
        ("(性别 = 女", "左括号“(”没有对应的右括号“)”"),
        ("性别 = 女 and", "and / or 的前后缺少条件"),
    ],
)
def test_malformed_condition_is_refused_with_its_key_path(population: str, message: str):
    text = SPEC_2024.replace(
        'population = "身份类别 = 一线产业工人"', f'population = "{population}"'
    )
    (path, reason), *_ = refused(text)
    assert path == "ratios[0].population"
    assert message in reason


def test_capitals_and_parentheses_in_a_condition_load():
    text = SPEC_2024.replace(
        'population = "身份类别 = 一线产业工人"',
        'population = "(身份类别 = 一线产业工人 OR 身份类别 = 科教人员) AND 性别 = 女"',
    )
    assert parse_spec(text).ratios[0].population.startswith("(身份类别")


COUNTY_LEVEL = (
    '{ key = "county", name = "县级公示", shows_sensitive = false, published_by = ["县级"] }'
)


def test_publicity_level_the_web_does_not_know_is_refused():
    text = SPEC_2024.replace(COUNTY_LEVEL, COUNTY_LEVEL.replace('"county"', '"province"'))
    assert refused(text) == [
        ("publicity.levels[1].key", "取值不在可选范围内（可选：unit、county、city）")
    ]


def test_middle_publicity_level_must_say_who_publishes_it():
    text = SPEC_2024.replace(COUNTY_LEVEL, COUNTY_LEVEL.replace(', published_by = ["县级"]', ""))
    assert refused(text) == [
        (
            "publicity.levels[1].published_by",
            '须写明由哪些级别的推荐单位发布，例如 ["县级"]；无此一级公示的请删去',
        )
    ]


def test_middle_publicity_level_names_known_unit_levels():
    text = SPEC_2024.replace(COUNTY_LEVEL, COUNTY_LEVEL.replace('["县级"]', '["县级", "省级"]'))
    assert refused(text) == [
        (
            "publicity.levels[1].published_by[1]",
            "单位级别“省级”未在 vocabulary.unit_levels 中定义",
        )
    ]


def test_publicity_levels_out_of_order_are_refused():
    text = SPEC_2024.replace(
        '  { key = "unit", name = "所在单位公示", shows_sensitive = true },\n', ""
    ).replace(
        '  { key = "city", name = "市级公示", shows_sensitive = false },\n',
        '  { key = "city", name = "市级公示", shows_sensitive = false },\n'
        '  { key = "unit", name = "所在单位公示", shows_sensitive = true },\n',
    )
    assert [path for path, _ in refused(text)] == ["publicity.levels"]
