"""Merit and eligibility of one nominee (二, 三（一）5, 三（二）, 三（三）2–3)."""

from datetime import date

import pytest

from pingxuan.core.findings import Reader, Severity, text_for
from tests.core.rules.conftest import BADGE, MEDAL, TEAM, row_number


def _leader(rows):
    return next(r for r in rows[MEDAL] if r["身份类别"] == "企业负责人")


def test_skill_competition_required_for_badge_and_team(rows, run):
    rows[BADGE][0]["开展劳动和技能竞赛"] = "否"
    rows[TEAM][0]["开展劳动和技能竞赛"] = ""
    found = run(rows, rule="eligibility.skill_competition")
    assert [(f.award, f.clause, f.severity) for f in found] == [
        (BADGE, "三（一）5", Severity.ERROR),
        (TEAM, "三（一）5", Severity.ERROR),
    ]


def test_blank_skill_competition_reads_as_not_filled_in_not_as_not_held(rows, run):
    rows[BADGE][0]["开展劳动和技能竞赛"] = "否"
    rows[TEAM][0]["开展劳动和技能竞赛"] = ""
    found = run(rows, rule="eligibility.skill_competition")
    assert [f.message.split("：", 1)[1] for f in found] == [
        "未开展劳动和技能竞赛，不能作为推荐对象",
        "“开展劳动和技能竞赛”未填写",
    ]


def test_contribution_area_required(rows, run):
    rows[MEDAL][0]["贡献领域"] = ""
    found = run(rows, rule="merit.contribution_area")
    assert [(f.clause, f.rows[0].row) for f in found] == [("二", 2)]
    # The workbook says what to type into the column; the web form, where it is ticked.
    assert "多个用“、”分隔" in found[0].hint
    on_form = text_for(found[0], Reader.UNIT, form=True)
    assert on_form.hint == "请在“贡献领域”勾选符合的条件（可多选）"
    assert text_for(found[0], Reader.UNIT) == found[0]


def test_honour_below_county_level_is_a_warning(rows, run):
    rows[MEDAL][0]["荣誉级别"] = "无"
    rows[MEDAL][1]["荣誉级别"] = "区县级"
    found = run(rows, rule="merit.honour_level")
    assert [(f.severity, f.rows[0].row) for f in found] == [(Severity.WARNING, 2)]


def test_repeat_honour_needs_new_contribution(rows, run):
    rows[TEAM][0]["曾获市级荣誉年份"] = "2021"
    rows[TEAM][1]["曾获市级荣誉年份"] = "2020、2022"
    rows[TEAM][1]["新的突出贡献"] = "2023年主持完成国家重点研发项目"
    found = run(rows, rule="merit.repeat_honour")
    assert [(f.severity, f.rows[0].row, f.clause) for f in found] == [(Severity.WARNING, 2, "一")]


def test_congress_approval_date_required_and_not_after_reference(rows, run):
    rows[MEDAL][0]["职代会审议日期"] = ""
    rows[MEDAL][1]["职代会审议日期"] = "2024-04-01"
    found = run(rows, rule="process.congress_approval")
    assert [(f.rows[0].row, f.clause) for f in found] == [(2, "三（二）"), (3, "三（二）")]


def test_union_basics_for_enterprise_badge(rows, run):
    enterprise = next(r for r in rows[BADGE] if r["是否企业"] == "是")
    enterprise["已建工会"] = "否"
    enterprise["签订集体合同"] = "不适用"  # allowed: not every enterprise must have one
    organ = next(r for r in rows[BADGE] if r["是否企业"] == "否")
    organ["劳动关系和谐"] = "否"  # not an enterprise: the rule does not apply
    found = run(rows, rule="eligibility.union_basics")
    assert [(f.rows[0].row, f.clause) for f in found] == [
        (row_number(rows, BADGE, enterprise), "三（三）3")
    ]
    assert "“已建工会”为“否”，不得申报" in found[0].message


def test_union_basics_for_enterprise_leader(rows, run):
    leader = _leader(rows)
    leader["按时缴纳工会经费"] = ""
    found = run(rows, rule="eligibility.union_basics")
    assert [f.message.split("：")[1] for f in found] == ["所在企业“按时缴纳工会经费”未填写"]


@pytest.mark.parametrize(
    ("incident", "as_of", "barred"),
    [
        ("2019-03-21", None, True),  # five years end 2024-03-21, after the 2024-03-20 reference
        ("2019-03-20", None, False),  # exactly five years: eligible again
        ("2021-06-01", None, True),
        ("2019-06-01", date(2024, 6, 2), False),
        ("2020-02-29", date(2025, 2, 27), True),
        ("2020-02-29", date(2025, 2, 28), False),
    ],
)
def test_negative_record_five_year_window(rows, run, incident, as_of, barred):
    _leader(rows)["负面记录"] = f"安全生产事故:{incident}"
    found = run(rows, as_of=as_of, rule="eligibility.negative_record")
    assert bool(found) is barred


def test_negative_record_alias_and_message(rows, run):
    badge = next(r for r in rows[BADGE] if r["是否企业"] == "是")
    badge["负面记录"] = "拖欠职工工资：2022-01-05；能源消耗超标:2015-01-01"
    found = run(rows, rule="eligibility.negative_record")
    assert [(f.message.split("：")[1], f.hint) for f in found] == [
        ("2022-01-05发生拖欠工资，5年内不得申报", "2027-01-05后方可申报，请更换推荐对象")
    ]


def test_negative_record_ignored_for_ordinary_workers(rows, run):
    worker = next(r for r in rows[MEDAL] if r["身份类别"] == "一线产业工人")
    worker["负面记录"] = "群体性事件:2023-01-01"
    assert run(rows, rule="eligibility.negative_record") == []


def test_cross_region_migrant_needs_consent(rows, run):
    rows[MEDAL][0]["跨区域农民工"] = "是"
    rows[MEDAL][1].update({"跨区域农民工": "是", "对方同意": "是"})
    found = run(rows, rule="eligibility.cross_region_consent")
    assert [(f.rows[0].row, f.clause) for f in found] == [(2, "三（三）2")]


def test_blank_consent_reads_as_not_filled_in(rows, run):
    rows[MEDAL][0].update({"跨区域农民工": "是", "对方同意": ""})
    rows[MEDAL][1].update({"跨区域农民工": "是", "对方同意": "否"})
    found = run(rows, rule="eligibility.cross_region_consent")
    assert [f.message.split("：", 1)[1] for f in found] == [
        "跨区域农民工“对方同意”未填写",
        "跨区域农民工未征得对方同意",
    ]
