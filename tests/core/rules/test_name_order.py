"""A name the stroke data cannot place: listed all the same, and warned about (issue 13, 3.)."""

from pingxuan.core.findings import Severity, Stage
from tests.core.rules.conftest import BADGE, MEDAL, TEAM

EXT_B = "\U00020000"  # 𠀀, CJK Extension B: no stroke data


def test_traditional_and_extension_a_names_raise_nothing(rows, run):
    rows[MEDAL][0]["姓名"] = "劉德華"
    rows[MEDAL][1]["姓名"] = "刘䶮"
    assert run(rows, rule="data.stroke_unknown") == []


def test_unknown_character_in_a_person_name_is_a_warning_naming_it(rows, run):
    rows[MEDAL][0]["姓名"] = "张" + EXT_B
    found = run(rows, rule="data.stroke_unknown")
    assert [(f.rows[0].row, f.severity, f.clause) for f in found] == [(2, Severity.WARNING, "数据")]
    assert found[0].message == (
        f"张{EXT_B}：“姓名”中的“{EXT_B}”（U+20000）没有笔画数据，"
        "名单照常生成，按笔画排序时该字排在一切有笔画数据的字之后"
    )
    assert "请改为正确的规范汉字" in found[0].hint


def test_latin_letter_in_a_person_name_is_warned(rows, run):
    rows[MEDAL][0]["姓名"] = "王A"
    found = run(rows, rule="data.stroke_unknown")
    assert [f.message.split("：")[1][:17] for f in found] == ["“姓名”中的“A”（U+0041）"]


def test_organisation_and_team_names_are_warned_for_han_only(rows, run):
    rows[BADGE][0]["单位全称"] = "郑州" + EXT_B + "有限公司（A区）"
    rows[TEAM][0]["集体名称"] = "一班" + EXT_B
    found = run(rows, rule="data.stroke_unknown")
    assert sorted((f.award, f.message.count("U+")) for f in found) == [(BADGE, 1), (TEAM, 1)]
    assert "“单位全称”中的" in next(f.message for f in found if f.award == BADGE)


def test_the_warning_holds_on_the_final_list(rows, run):
    rows[MEDAL][0]["姓名"] = "张" + EXT_B
    found = run(rows, stage=Stage.FINAL, rule="data.stroke_unknown")
    assert [f.severity for f in found] == [Severity.WARNING]
