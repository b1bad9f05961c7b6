"""Ratios over populations (三（一）, 附件说明): minima, maxima, presence, per unit."""

from pingxuan.core.findings import Scope, Severity, Stage
from pingxuan.core.rules.engine import check
from pingxuan.core.spec.loader import parse_spec
from tests.core.rules.conftest import MEDAL, TEAM, fresh_person
from tests.core.test_spec import SPEC_2024, refused
from tests.factories.campaign import build_nominations


def _set_category(rows, count, old, new, **extra):
    changed = 0
    for row in rows[MEDAL]:
        if changed == count:
            break
        if row["身份类别"] == old and row["表彰类型"] == "综合表彰":
            row["身份类别"] = new
            row.update(extra)
            changed += 1


def test_minimum_ratio_counts_and_says_how_many_are_missing(rows, run):
    migrants = [r for r in rows[MEDAL] if "农民工" in r["人员标签"] and r["表彰类型"] == "综合表彰"]
    for row in migrants[: len(migrants) - 11]:
        row["人员标签"] = row["人员标签"].replace("农民工", "").strip("、")
    found = run(rows, rule="ratio.medal.migrant_worker")
    assert [(f.severity, f.scope, f.clause, f.hint) for f in found] == [
        (Severity.ERROR, Scope.CITY, "三（一）1", "还需 1 名农民工")
    ]
    assert "农民工11名，占9.2%，低于10%（按120名计至少需12名）" in found[0].message


def test_minimum_ratio_met_exactly_at_ceiling(rows, run):
    migrants = [r for r in rows[MEDAL] if "农民工" in r["人员标签"] and r["表彰类型"] == "综合表彰"]
    for row in migrants[: len(migrants) - 12]:
        row["人员标签"] = row["人员标签"].replace("农民工", "").strip("、")
    assert run(rows, rule="ratio.medal.migrant_worker") == []


def test_cap_is_a_warning_when_nominating_and_an_error_in_the_final_list(rows, run):
    # Five 科级 leaders (cap 4 of 120), each with an alternate so only the cap is broken.
    leaders = [r for r in rows[MEDAL] if r["推荐单位"] == "市机关工会"]
    for index, row in enumerate(leaders):
        row.update({"身份类别": "科级领导干部", "单位性质": "机关", "职务": "科长"})
        rows[MEDAL].append(
            fresh_person(
                row,
                100 + index,
                身份类别="其他一线职工和专业技术人员",
                表彰类型="备选",
                备选对象序号=row["序号"],
                职务="科员",
            )
        )
    extra = next(r for r in rows[MEDAL] if r["推荐单位"] == "中央、省驻郑单位及其他")
    extra.update({"身份类别": "科级领导干部", "单位性质": "机关", "职务": "科长"})
    rows[MEDAL].append(
        fresh_person(
            extra,
            200,
            身份类别="其他一线职工和专业技术人员",
            表彰类型="备选",
            备选对象序号=extra["序号"],
            职务="科员",
        )
    )
    nominating = run(rows, rule="ratio.medal.section_chief_cap")
    final = run(rows, stage=Stage.FINAL, rule="ratio.medal.section_chief_cap")
    assert [f.severity for f in nominating] == [Severity.WARNING]
    assert [f.severity for f in final] == [Severity.ERROR]
    assert final[0].hint == "需减少 1 名机关和事业单位科级领导干部"
    assert len(final[0].rows) == 5


def test_presence_rule_warns_when_nobody_is_a_woman(rows, run):
    for row in rows[MEDAL]:
        row["性别"] = "男"
    found = run(rows, rule="ratio.medal.presence_women")
    assert [(f.severity, f.hint) for f in found] == [(Severity.WARNING, "还需 1 名女职工")]


def test_team_enterprise_frontline_minimum(rows, run):
    teams = [r for r in rows[TEAM] if r["是否企业一线班组"] == "是"]
    for row in teams[: len(teams) - 55]:
        row["是否企业一线班组"] = "否"
        row["集体类型"] = "科室"
    found = run(rows, rule="ratio.team.enterprise_frontline")
    assert [f.hint for f in found] == ["还需 1 个企业一线班组"]


def test_unit_level_non_public_share_is_a_unit_warning(rows, run):
    for sheet in rows:
        for row in rows[sheet]:
            if row.get("推荐单位") == "市文教卫工会" and "单位性质" in row:
                row["单位性质"] = "事业单位"
    found = run(rows, rule="ratio.unit.non_public")
    assert [(f.unit, f.scope, f.severity, f.clause) for f in found] == [
        ("市文教卫工会", Scope.UNIT, Severity.WARNING, "附件说明3")
    ]


def test_unit_level_ratio_does_not_apply_to_the_final_list(rows, run):
    for sheet in rows:
        for row in rows[sheet]:
            if row.get("推荐单位") == "市文教卫工会" and "单位性质" in row:
                row["单位性质"] = "事业单位"
    assert run(rows, stage=Stage.FINAL, rule="ratio.unit.non_public") == []


def test_badge_enterprise_share_uses_the_pool_size(rows, run):
    # 74 nominated, pool of 30: at least 15 enterprises must remain choosable.
    enterprises = [r for r in rows["五一劳动奖状"] if r["是否企业"] == "是"]
    for row in enterprises[14:]:
        row.update({"是否企业": "否", "单位性质": "事业单位"})
    found = run(rows, rule="ratio.badge.enterprise")
    assert [(f.severity, f.hint) for f in found] == [(Severity.WARNING, "还需 1 个企业")]


WITHIN = """
[[ratios]]
id = "medal.science_within_offices"
label = "科教人员"
awards = ["五一劳动奖章"]
population = "身份类别 = 科教人员"
within = "单位性质 = 机关|事业单位"
within_label = "机关事业单位推荐对象"
max = 0.20
clause = "三（一）1"
"""


def test_ratio_within_counts_only_its_population(rows):
    """科教人员 at most 20% of the 机关事业单位 nominees: the others do not enlarge the base."""
    spec = parse_spec(SPEC_2024 + WITHIN)
    others = [r for r in rows[MEDAL] if r["表彰类型"] == "综合表彰" and r["身份类别"] != "科教人员"]
    scientists = [r for r in rows[MEDAL] if r["身份类别"] == "科教人员"][:2]
    for row in rows[MEDAL]:
        if row["单位性质"] in ("机关", "事业单位"):
            row["单位性质"] = "国有"
    for row in others[:4] + scientists:
        row["单位性质"] = "事业单位"

    def ratio_findings():
        nominations, reports = build_nominations(spec, rows)
        found = check(spec, nominations, reports)
        return [f.message for f in found if f.rule == "ratio.medal.science_within_offices"]

    assert ratio_findings() == [
        "五一劳动奖章中的机关事业单位推荐对象中科教人员2名，超过20%（按6名计至多1名）"
    ]
    for row in others[4:8]:
        row["单位性质"] = "机关"
    assert ratio_findings() == []  # 2 of 10


def test_ratio_within_without_a_label_is_refused():
    problems = refused(SPEC_2024 + WITHIN.replace('within_label = "机关事业单位推荐对象"\n', ""))
    assert problems == [
        ("ratios[21].within_label", "写了 within 就须写 within_label，例如“机关事业单位推荐对象”")
    ]
