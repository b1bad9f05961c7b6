"""Unit places (附件): over quota, unplaced identities, empty reservations, the 奖状 pool."""

from pingxuan.core.findings import Severity, Stage
from tests.core.rules.conftest import (
    BADGE,
    MEDAL,
    TEAM,
    first,
    fresh_person,
    row_number,
    unit_rows,
)


def test_unit_over_quota_is_an_error_on_the_extra_row(rows, run):
    extra = dict(first(rows, MEDAL, "郑东新区", 身份类别="一线产业工人"))
    extra["身份证号"] = "11010519491231002X"
    extra["出生年月"] = "1949-12"
    extra["性别"] = "女"
    rows[MEDAL].append(extra)
    found = run(rows, rule="quota.unit_over")
    assert len(found) == 1
    assert found[0].severity == Severity.ERROR
    assert found[0].unit == "郑东新区"
    assert "名额6个，推荐了7个" in found[0].message
    assert found[0].hint == "请减少1个推荐对象"


def test_wrong_identity_finds_no_place_and_leaves_reservation_empty(rows, run):
    worker = first(rows, MEDAL, "郑东新区", 身份类别="一线产业工人")
    worker["身份类别"] = "科教人员"  # no 一线 tag: fits no reserved place, the open one is taken
    unplaced = run(rows, rule="quota.unit_unplaced")
    empty = run(rows, rule="quota.reserved_unfilled")
    assert len(unplaced) == 1 and unplaced[0].severity == Severity.ERROR
    assert "一线产业工人1个" in unplaced[0].hint
    assert [(f.severity, f.message, f.hint) for f in empty] == [
        (
            Severity.WARNING,
            "五一劳动奖章：一线产业工人名额空缺1个",
            "还需 1 名一线产业工人；如无合适人选，该名额视为放弃",
        )
    ]


def test_empty_reserved_place_is_a_warning(rows, run):
    rows[MEDAL].remove(
        first(rows, MEDAL, "巩义市", 人员标签="农民工", 身份类别="其他一线职工和专业技术人员")
    )
    found = [f for f in run(rows) if f.unit == "巩义市" and f.rule.startswith("quota")]
    assert [(f.rule, f.severity) for f in found] == [("quota.reserved_unfilled", Severity.WARNING)]
    assert found[0].message == "五一劳动奖章：农民工名额空缺1个"


def test_nested_reservation_needs_non_public_enterprise_team(rows, run):
    team = first(rows, TEAM, "郑东新区", 单位性质="非公有制", 是否企业一线班组="是")
    team["单位性质"] = "国有"
    found = run(rows, rule="quota.reserved_unfilled")
    assert [f.message for f in found] == ["工人先锋号：企业班组（其中非公）名额空缺1个"]


def test_unit_without_places_for_an_award(rows, run):
    team = dict(rows[TEAM][0])
    team.update(
        {
            "推荐单位": "黄金叶",
            "集体名称": "卷包车间甲班",
            "所属单位全称": "河南中烟黄金叶生产制造中心",
        }
    )
    rows[TEAM].append(team)
    found = run(rows, rule="quota.no_places")
    assert [(f.unit, f.severity) for f in found] == [("黄金叶", Severity.ERROR)]
    assert found[0].rows[0].row == len(rows[TEAM]) + 1


def test_pool_allows_two_per_unit(rows, run):
    third = dict(first(rows, BADGE, "郑东新区"))
    third["单位全称"] = "郑州郑东新区第三有限公司"
    third["统一社会信用代码"] = "91410100MA44X1XY5J"
    rows[BADGE].append(third)
    found = run(rows, rule="quota.pool_unit_max")
    assert [(f.unit, f.rows[0].row) for f in found] == [
        ("郑东新区", row_number(rows, BADGE, third))
    ]


def test_special_track_takes_no_place_and_counts_in_no_ratio(rows, run):
    champion = fresh_person(
        first(rows, MEDAL, "郑东新区", 身份类别="一线产业工人"), 1, 表彰类型="专项表彰"
    )
    rows[MEDAL].append(champion)
    assert run(rows) == []


def test_final_list_within_totals_passes(rows, run):
    rows[BADGE] = rows[BADGE][:30]
    assert run(rows, stage=Stage.FINAL, rule="quota.award_total") == []


def test_final_stage_reports_empty_reservations_as_info(rows, run):
    rows[MEDAL].remove(first(rows, MEDAL, "巩义市", 人员标签="农民工"))
    found = [f for f in run(rows, stage=Stage.FINAL, rule="quota.reserved_unfilled")]
    assert [f.severity for f in found] == [Severity.INFO]
    assert len(unit_rows(rows, MEDAL, "巩义市")) == 4
