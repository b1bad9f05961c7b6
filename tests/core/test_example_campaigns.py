"""Example campaigns other than Zhengzhou (issue 15): the national 2024, Xiamen 2016 and 中牟县
2024 specs in campaigns/, each with a compliant generated workbook and one breach of each rule,
so that the generality of the spec is guarded, not claimed. 中牟县 names its awards as Zhengzhou
does, so ``check`` tells the two apart by the workbook's 推荐单位."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from pingxuan.core.cli import main
from pingxuan.core.columns import UNIT_SHEET, initial_count_column
from pingxuan.core.findings import Finding, Severity
from pingxuan.core.rules.engine import check
from pingxuan.core.spec.loader import load_spec
from pingxuan.core.spec.models import Spec
from tests.factories.campaign import Generator, Rows, build_nominations, write_workbook

EXAMPLES = ("national-2024", "xiamen-2016", "zhongmu-2024")
ENTERPRISES = {"国有", "国有控股", "集体", "非公有制"}


def award_of(spec: Spec, subject: str) -> str:
    return next(a.name for a in spec.awards if a.subject == subject)


def compliant_rows(spec: Spec) -> Rows:
    """The generator's rows, with what it writes for Zhengzhou 2024 set for this campaign: the
    职代会 met before the deadline, honours at the spec's threshold, declared columns filled."""
    rows = Generator(spec).rows()
    congress = f"{spec.reference_date() - timedelta(days=20):%Y-%m-%d}"
    lowest = spec.rules.honour.min_level
    declared = {column.name for column in spec.columns}
    for sheet, sheet_rows in rows.items():
        if sheet == UNIT_SHEET:
            continue
        for row in sheet_rows:
            row["职代会审议日期"] = congress
            row["荣誉级别"] = lowest
            if "是否企业职工" in declared and "身份类别" in row:
                row["是否企业职工"] = "是" if row["单位性质"] in ENTERPRISES else "否"
    if spec.campaign.id == "zhongmu-2024":
        _fill_open_places(spec, rows)
    return rows


def _fill_open_places(spec: Spec, rows: Rows) -> None:
    """中牟县 reserves fewer 一线产业工人 and 企业班组 places than its ratios ask (35%, 70%): a
    compliant county fills one open place of each with them."""
    person = next(
        r
        for r in _comprehensive(spec, rows, "person")
        if r["身份类别"] == "其他一线职工和专业技术人员" and not r["人员标签"]
    )
    person["身份类别"] = "一线产业工人"
    team = next(r for r in rows[award_of(spec, "team")] if r["是否企业一线班组"] == "否")
    team.update({"是否企业一线班组": "是", "集体类型": "班组"})


def findings(spec: Spec, rows: Rows) -> list[Finding]:
    nominations, reports = build_nominations(spec, rows)
    return check(spec, nominations, reports)


@pytest.fixture(scope="module", params=EXAMPLES)
def example(request: pytest.FixtureRequest) -> Spec:
    return load_spec(request.param)


def test_example_campaign_compliant_rows_have_no_finding(example: Spec) -> None:
    assert findings(example, compliant_rows(example)) == []


def test_example_workbook_is_checked_against_its_own_campaign(
    example: Spec, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_workbook(tmp_path / "汇总.xlsx", example, compliant_rows(example))

    status = main(["check", str(path)])  # no --campaign: the award sheets decide

    out = capsys.readouterr().out.splitlines()
    assert status == 0
    assert out[0].startswith(f"{example.campaign.title}：汇总.xlsx")
    assert out[-1] == "未发现问题。"


def test_county_workbook_is_told_from_the_city_by_its_units(tmp_path: Path) -> None:
    """中牟县 names its award sheets as Zhengzhou does; the 推荐单位 of the rows decide."""
    from pingxuan.core.matching import match_campaign

    spec = load_spec("zhongmu-2024")
    path = write_workbook(tmp_path / "中牟.xlsx", spec, compliant_rows(spec))

    assert match_campaign(path).spec.campaign.id == "zhongmu-2024"


def test_workbook_whose_units_cannot_tell_county_from_city_is_refused_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty template has the same award sheets as both campaigns and no 推荐单位."""
    blank = tmp_path / "空白.xlsx"
    assert main(["template", str(blank), "--campaign", "zhongmu-2024"]) == 0
    capsys.readouterr()

    status = main(["check", str(blank)])

    assert status == 2
    assert capsys.readouterr().err.strip() == (
        "空白.xlsx：无法判断属于哪个评选活动：zhengzhou-2024、zhongmu-2024的奖项工作表相同，"
        "工作簿里的推荐单位也分不出是哪一个（例如县里的评选与市里的奖项同名、工作簿还没有填写"
        "推荐对象）。请用 --campaign 指定其一"
    )


# ── one breach of each rule ───────────────────────────────────────────────────────────────
Breaker = Callable[[Spec, Rows], None]


def _comprehensive(spec: Spec, rows: Rows, subject: str) -> list[dict[str, str]]:
    return [r for r in rows[award_of(spec, subject)] if r.get("表彰类型", "综合表彰") == "综合表彰"]


def _set_all(subject: str, **cells: str) -> Breaker:
    def breaker(spec: Spec, rows: Rows) -> None:
        for row in _comprehensive(spec, rows, subject):
            row.update(cells)

    return breaker


def _frontline_gone(spec: Spec, rows: Rows) -> None:
    for row in _comprehensive(spec, rows, "person"):
        row.update({"身份类别": "科教人员", "人员标签": ""})


def _no_tag(tag: str) -> Breaker:
    def breaker(spec: Spec, rows: Rows) -> None:
        for row in _comprehensive(spec, rows, "person"):
            row["人员标签"] = "、".join(t for t in row["人员标签"].split("、") if t and t != tag)

    return breaker


def _leaders(count: int) -> Breaker:
    def breaker(spec: Spec, rows: Rows) -> None:
        for row in _comprehensive(spec, rows, "person")[:count]:
            row.update({"身份类别": "企业负责人", "职务": "总经理"})

    return breaker


def _cadres_among_offices(spec: Spec, rows: Rows) -> None:
    """10 nominees of 机关, 3 of them 县处级干部: over 20% of the 机关事业单位 nominees."""
    for index, row in enumerate(_comprehensive(spec, rows, "person")[:10]):
        row["单位性质"] = "机关"
        if index < 3:
            row.update({"身份类别": "县处级干部", "职务": "处长"})


def _few_enterprise_workers(spec: Spec, rows: Rows) -> None:
    for index, row in enumerate(_comprehensive(spec, rows, "person")):
        row["是否企业职工"] = "是" if index < 50 else "否"


def _extra_person(spec: Spec, rows: Rows) -> None:
    unit = spec.units[0].name
    rows[award_of(spec, "person")].append(
        Generator(spec, seed=7).person(unit, {"身份类别": "一线产业工人"})
        | {"职代会审议日期": rows[award_of(spec, "person")][0]["职代会审议日期"]}
    )
    rows[award_of(spec, "person")][-1]["荣誉级别"] = spec.rules.honour.min_level


def _extra_organisation(spec: Spec, rows: Rows) -> None:
    """One organisation more than a unit may put forward for the pooled award."""
    badges = rows[award_of(spec, "organisation")]
    extra = Generator(spec, seed=7).organisation(spec.units[0].name, 99)
    badges.append(extra | {k: badges[0][k] for k in ("职代会审议日期", "荣誉级别")})


def _no_differential(spec: Spec, rows: Rows) -> None:
    levels = {unit.name for unit in spec.units if unit.level in spec.rules.differential.levels}
    person = next(a for a in spec.awards if a.subject == "person")
    column = initial_count_column(person.short_name, person.subject)
    for report in rows[UNIT_SHEET]:
        if report["推荐单位"] in levels:
            nominated = sum(
                1
                for r in _comprehensive(spec, rows, "person")
                if r["推荐单位"] == report["推荐单位"]
            )
            report[column] = str(nominated)


def _first(subject: str, **cells: str) -> Breaker:
    def breaker(spec: Spec, rows: Rows) -> None:
        _comprehensive(spec, rows, subject)[0].update(cells)

    return breaker


def _recent_negative_record(spec: Spec, rows: Rows) -> None:
    year = spec.reference_date().year - 1  # within the five years of every campaign
    _comprehensive(spec, rows, "organisation")[0]["负面记录"] = f"群体性事件:{year}-06-01"


def _duplicate_person(spec: Spec, rows: Rows) -> None:
    people = _comprehensive(spec, rows, "person")
    people[1]["身份证号"] = people[0]["身份证号"]
    people[1]["姓名"] = people[0]["姓名"]
    people[1]["性别"] = people[0]["性别"]
    people[1]["出生年月"] = people[0]["出生年月"]


def _state_owned_everywhere(spec: Spec, rows: Rows) -> None:
    for subject in ("organisation", "person", "team"):
        _set_all(subject, 单位性质="国有")(spec, rows)


COMMON: list[tuple[str, Breaker]] = [
    ("quota.unit_over", _extra_person),
    ("quota.pool_unit_max", _extra_organisation),
    ("process.differential", _no_differential),
    ("process.congress_approval", _first("person", 职代会审议日期="2030-01-01")),
    ("merit.honour_level", _first("person", 荣誉级别="无")),
    ("merit.contribution_area", _first("person", 贡献领域="")),
    ("eligibility.skill_competition", _first("team", 开展劳动和技能竞赛="否")),
    ("eligibility.union_basics", _first("organisation", 已建工会="否")),
    ("eligibility.negative_record", _recent_negative_record),
    ("eligibility.cross_region_consent", _first("person", 跨区域农民工="是", 对方同意="否")),
    ("identity.whole_organisation_team", _first("team", 集体类型="整个单位")),
    ("identity.duplicate", _duplicate_person),
    ("leader.alternate_missing", _leaders(1)),
]
RATIOS: dict[str, list[tuple[str, Breaker]]] = {
    "national-2024": [
        ("ratio.medal.frontline", _frontline_gone),
        ("ratio.medal.migrant_worker", _no_tag("农民工")),
        ("ratio.medal.enterprise_leader_cap", _leaders(58)),
        ("ratio.medal.county_cadre_cap", _cadres_among_offices),
        ("ratio.medal.presence_women", _set_all("person", 性别="男")),
        ("ratio.badge.enterprise", _set_all("organisation", 是否企业="否")),
        ("ratio.team.enterprise_frontline", _set_all("team", 是否企业一线班组="否")),
    ],
    "xiamen-2016": [
        ("ratio.medal.frontline", _frontline_gone),
        ("ratio.medal.enterprise_worker", _few_enterprise_workers),
        ("ratio.medal.migrant_worker", _no_tag("农民工")),
        ("ratio.medal.women", _set_all("person", 性别="男")),
        ("ratio.medal.community_worker", _no_tag("社区工作者")),
        ("ratio.medal.enterprise_leader_cap", _leaders(11)),
        ("ratio.team.enterprise_frontline", _set_all("team", 是否企业一线班组="否")),
    ],
}
RATIOS["zhongmu-2024"] = [
    ("ratio.medal.frontline_industrial", _frontline_gone),
    ("ratio.medal.frontline_other", _frontline_gone),
    ("ratio.medal.frontline", _frontline_gone),
    ("ratio.medal.science_education", _set_all("person", 身份类别="一线产业工人")),
    ("ratio.medal.migrant_worker", _no_tag("农民工")),
    ("ratio.medal.section_chief_cap", _first("person", 身份类别="科级领导干部", 职务="科长")),
    ("ratio.medal.enterprise_leader_cap", _leaders(2)),
    ("ratio.medal.presence_non_public", _set_all("person", 单位性质="国有")),
    ("ratio.medal.presence_new_social_stratum", _no_tag("新的社会阶层人士")),
    ("ratio.medal.presence_democratic_party", _set_all("person", 政治面貌="中共党员")),
    ("ratio.medal.presence_minority", _set_all("person", 民族="汉族")),
    ("ratio.medal.presence_women", _set_all("person", 性别="男")),
    ("ratio.team.enterprise_frontline", _set_all("team", 是否企业一线班组="否")),
    ("ratio.badge.enterprise", _set_all("organisation", 是否企业="否")),
    ("ratio.badge.non_public", _set_all("organisation", 单位性质="国有")),
    ("ratio.medal.non_public", _set_all("person", 单位性质="国有")),
    ("ratio.team.non_public", _set_all("team", 单位性质="国有")),
    ("ratio.badge.key_industry", _set_all("organisation", 是否重点产业="否")),
    ("ratio.medal.key_industry", _set_all("person", 是否重点产业="否")),
    ("ratio.team.key_industry", _set_all("team", 是否重点产业="否")),
    ("ratio.unit.non_public", _state_owned_everywhere),
]
CASES = [
    pytest.param(campaign, rule, breaker, id=f"{campaign}:{rule}")
    for campaign in EXAMPLES
    for rule, breaker in [*COMMON, *RATIOS[campaign]]
]


@pytest.mark.parametrize(("campaign", "rule", "breaker"), CASES)
def test_example_campaign_breach_is_found(campaign: str, rule: str, breaker: Breaker) -> None:
    spec = load_spec(campaign)
    rows = compliant_rows(spec)
    breaker(spec, rows)

    found = [f for f in findings(spec, rows) if f.rule == rule]

    assert found, rule
    assert found[0].severity in (Severity.ERROR, Severity.WARNING)


def test_every_ratio_of_an_example_is_broken_by_a_case(example: Spec) -> None:
    broken = {rule for rule, _ in RATIOS[example.campaign.id]}
    assert broken == {f"ratio.{ratio.id}" for ratio in example.ratios}


def test_national_report_groups_campaign_wide_findings_under_its_whole_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = load_spec("national-2024")
    rows = compliant_rows(spec)
    _no_tag("农民工")(spec, rows)
    path = write_workbook(tmp_path / "全国.xlsx", spec, rows)

    assert main(["check", str(path)]) == 1
    assert "【全国】" in capsys.readouterr().out.splitlines()


def test_secrecy_texts_name_the_public_levels_of_each_campaign() -> None:
    from pingxuan.core.documents.procedure import _public_levels

    names = [_public_levels(load_spec(c)) for c in ("zhengzhou-2024", *EXAMPLES)]

    assert names == ["县级和市级", "省级和全国", "区级和市级", "县级"]
