"""Leaders and alternates (三（一）1)."""

from pingxuan.core.findings import Severity, Stage
from tests.core.rules.conftest import MEDAL, first, fresh_person, row_number


def _leader(rows):
    return next(r for r in rows[MEDAL] if r["身份类别"] == "企业负责人")


def _alternate(rows, leader):
    return next(r for r in rows[MEDAL] if r["备选对象序号"] == leader["序号"])


def test_leader_without_alternate_loses_the_place(rows, run):
    leader = _leader(rows)
    rows[MEDAL].remove(_alternate(rows, leader))
    found = run(rows, rule="leader.alternate_missing")
    assert [(f.severity, f.rows[0].row) for f in found] == [
        (Severity.ERROR, row_number(rows, MEDAL, leader))
    ]
    assert "按规定取消该名额" in found[0].message
    assert f"备选对象序号填“{leader['序号']}”" in found[0].hint


def test_alternate_must_be_front_line(rows, run):
    alternate = _alternate(rows, _leader(rows))
    alternate["身份类别"] = "其他"
    found = run(rows, rule="leader.alternate_not_frontline")
    assert [f.rows[0].row for f in found] == [row_number(rows, MEDAL, alternate)]


def test_alternate_must_name_a_leader_of_its_unit(rows, run):
    alternate = _alternate(rows, _leader(rows))
    alternate["备选对象序号"] = "9999"
    found = run(rows, rule="leader.alternate_unlinked")
    assert [f.severity for f in found] == [Severity.ERROR]
    assert run(rows, rule="leader.alternate_missing") != []


def test_second_alternate_is_an_error(rows, run):
    leader = _leader(rows)
    second = fresh_person(_alternate(rows, leader), 7)
    rows[MEDAL].append(second)
    found = run(rows, rule="leader.alternate_extra")
    assert [f.rows[0].row for f in found] == [row_number(rows, MEDAL, second)]


def test_alternates_take_no_place(rows, run):
    assert run(rows, rule="quota.unit_over") == []


def test_final_list_needs_no_alternate(rows, run):
    leader = _leader(rows)
    rows[MEDAL].remove(_alternate(rows, leader))
    assert [f for f in run(rows, stage=Stage.FINAL) if f.rule.startswith("leader.")] == []


def test_second_leader_finds_no_open_place(rows, run):
    unit = _leader(rows)["推荐单位"]
    worker = first(rows, MEDAL, unit, 身份类别="一线产业工人")
    worker.update(
        {
            "身份类别": "企业负责人",
            "职务": "总经理",
            "已建工会": "是",
            "按时缴纳工会经费": "是",
            "建立职代会制度": "是",
            "签订集体合同": "是",
            "劳动关系和谐": "是",
        }
    )
    rows[MEDAL].append(
        fresh_person(
            worker,
            9,
            身份类别="一线产业工人",
            表彰类型="备选",
            备选对象序号=worker["序号"],
            职务="班组长",
        )
    )
    found = run(rows, rule="quota.unit_unplaced")
    assert len(found) == 1 and found[0].unit == unit


def test_alternate_rows_count_for_nothing_in_a_final_list(rows, run):
    alternate = _alternate(rows, _leader(rows))
    alternate["身份证号"] = "not an id"
    alternate["贡献领域"] = ""
    assert run(rows, stage=Stage.FINAL, rule="data.id_number") == []
    assert run(rows, rule="data.id_number") != []


def test_leader_without_sequence_number_cannot_have_an_alternate(rows, run):
    leader = _leader(rows)
    alternate = _alternate(rows, leader)
    leader["序号"] = ""
    alternate["备选对象序号"] = ""
    found = run(rows, rule="leader.alternate_missing")
    assert [(f.rows[0].row, f.severity) for f in found] == [
        (row_number(rows, MEDAL, leader), Severity.ERROR)
    ]
    assert "未填写序号" in found[0].message
