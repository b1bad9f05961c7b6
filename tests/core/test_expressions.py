"""The condition language of a campaign spec."""

from __future__ import annotations

import pytest

from pingxuan.core.spec.expressions import ALWAYS, ExpressionError, parse
from pingxuan.core.spec.expressions import Test as Condition  # "Test*" would be collected
from pingxuan.core.spec.loader import load_spec

WORKER = {"身份类别": "一线产业工人", "人员标签": frozenset(), "单位性质": "国有", "性别": "男"}
SCIENTIST = {
    "身份类别": "科教人员",
    "人员标签": frozenset({"一线"}),
    "单位性质": "事业单位",
    "性别": "女",
}
COURIER = {
    "身份类别": "其他",
    "人员标签": frozenset({"农民工", "新就业形态"}),
    "单位性质": "非公有制",
    "性别": "男",
}


def test_parse_equals_matches_one_value() -> None:
    expression = parse("身份类别 = 一线产业工人")

    assert [expression(WORKER), expression(SCIENTIST)] == [True, False]


def test_parse_equals_with_alternatives_matches_any() -> None:
    expression = parse("身份类别 = 一线产业工人|科教人员")

    assert [expression(WORKER), expression(SCIENTIST), expression(COURIER)] == [True, True, False]


def test_parse_not_equals_rejects_listed_values() -> None:
    expression = parse("单位性质 != 国有|国有控股")

    assert [expression(WORKER), expression(SCIENTIST), expression(COURIER)] == [False, True, True]


def test_parse_not_equals_is_false_for_a_blank_fact() -> None:
    expression = parse("单位性质 != 国有")

    assert expression({"单位性质": None}) is False


def test_parse_has_tests_a_list_column() -> None:
    expression = parse("人员标签 has 一线|农民工")

    assert [expression(WORKER), expression(SCIENTIST), expression(COURIER)] == [False, True, True]


def test_parse_has_is_false_on_a_plain_value() -> None:
    expression = parse("身份类别 has 一线产业工人")

    assert expression(WORKER) is False


def test_parse_and_binds_tighter_than_or() -> None:
    # (科教人员 and 女) or 非公有制 — not 科教人员 and (女 or 非公有制)
    expression = parse("身份类别 = 科教人员 and 性别 = 女 or 单位性质 = 非公有制")
    male_scientist = {**SCIENTIST, "性别": "男"}

    assert [expression(SCIENTIST), expression(COURIER), expression(male_scientist)] == [
        True,
        True,
        False,
    ]
    assert [len(conjunction) for conjunction in expression.alternatives] == [2, 1]


def test_parse_all_of_a_conjunction_must_hold() -> None:
    expression = parse("单位性质 = 非公有制 and 人员标签 has 新就业形态 and 人员标签 has 农民工")
    not_migrant = {**COURIER, "人员标签": frozenset({"新就业形态"})}

    assert [expression(COURIER), expression(not_migrant)] == [True, False]


def test_parse_missing_field_is_false() -> None:
    expression = parse("是否企业 = 是")

    assert expression({}) is False


def test_parse_extra_spaces_and_line_breaks_are_ignored() -> None:
    expression = parse("  身份类别   =  一线产业工人 |  科教人员\n or  人员标签 has 一线 ")

    assert expression.source == "身份类别 = 一线产业工人 | 科教人员 or 人员标签 has 一线"
    assert expression.tests == (
        Condition("身份类别", "=", frozenset({"一线产业工人", "科教人员"})),
        Condition("人员标签", "has", frozenset({"一线"})),
    )


def test_parse_words_containing_or_and_are_not_connectives() -> None:
    expression = parse("单位性质 = organ|android")

    assert expression.tests == (Condition("单位性质", "=", frozenset({"organ", "android"})),)


@pytest.mark.parametrize("source", ["", "   ", "\n"])
def test_parse_empty_expression_is_always_true(source: str) -> None:
    expression = parse(source)

    assert expression is ALWAYS
    assert [expression({}), expression(WORKER)] == [True, True]


def test_conjoin_requires_both() -> None:
    enterprise_team = parse("是否企业一线班组 = 是")
    non_public = parse("单位性质 = 非公有制")

    both = enterprise_team.conjoin(non_public)

    assert [
        both({"是否企业一线班组": "是", "单位性质": "非公有制"}),
        both({"是否企业一线班组": "是", "单位性质": "国有"}),
        both({"是否企业一线班组": "否", "单位性质": "非公有制"}),
    ] == [True, False, False]
    assert both.source == "(是否企业一线班组 = 是) and (单位性质 = 非公有制)"


def test_conjoin_distributes_over_or() -> None:
    left = parse("身份类别 = 一线产业工人 or 人员标签 has 一线")
    right = parse("性别 = 女")

    both = left.conjoin(right)

    assert [len(conjunction) for conjunction in both.alternatives] == [2, 2]
    assert [both(SCIENTIST), both(WORKER), both({**WORKER, "性别": "女"})] == [True, False, True]


def test_conjoin_with_always_is_the_other_expression() -> None:
    expression = parse("性别 = 女")

    assert (ALWAYS.conjoin(expression), expression.conjoin(ALWAYS)) == (expression, expression)


@pytest.mark.parametrize(
    ("source", "piece"),
    [
        ("身份类别 一线产业工人", "身份类别 一线产业工人"),
        ("= 一线产业工人", "= 一线产业工人"),
        ("身份类别 =", "身份类别 ="),
        ("身份类别 = |", "身份类别 = |"),
        ("人员标签 has", "人员标签 has"),
        ("身份类别 = 一线产业工人 and 女", "女"),
    ],
)
def test_parse_malformed_condition_raises_with_chinese_message(source: str, piece: str) -> None:
    with pytest.raises(ExpressionError) as raised:
        parse(source)

    assert str(raised.value) == (
        f"条件“{piece}”无法识别（在“{source}”中）：应写作“列名 = 值”“列名 != 值”或“列名 has 值”，"
        "多个值用 | 分隔，条件之间用 and / or 连接，可用括号分组"
    )


@pytest.mark.parametrize(
    "source",
    [
        "身份类别 = 一线产业工人 and",
        "or 身份类别 = 一线产业工人",
        "身份类别 = 科教人员 and and 性别 = 女",
        "身份类别 = 科教人员 or",
    ],
)
def test_parse_dangling_connective_raises(source: str) -> None:
    with pytest.raises(ExpressionError) as raised:
        parse(source)

    assert str(raised.value) == f"条件“{source}”中 and / or 的前后缺少条件"


def test_parse_2024_reservations_read_as_the_notice_means() -> None:
    spec = load_spec("zhengzhou-2024")
    frontline = parse(spec.reservations["一线职工"])
    frontline_science = parse(spec.reservations["一线科教"])
    gig_migrant = parse(spec.reservations["非公新业态农民工"])
    office_scientist = {**SCIENTIST, "人员标签": frozenset()}

    assert [
        frontline(WORKER),
        frontline(SCIENTIST),
        frontline(office_scientist),
        frontline(COURIER),
    ] == [True, True, False, False]
    assert [frontline_science(SCIENTIST), frontline_science(office_scientist)] == [True, False]
    assert [gig_migrant(COURIER), gig_migrant(WORKER)] == [True, False]


def test_parse_parentheses_are_multiplied_out() -> None:
    expression = parse("(身份类别 = 科教人员 or 单位性质 = 非公有制) and 性别 = 女")
    female_courier = {**COURIER, "性别": "女"}

    assert [expression(SCIENTIST), expression(COURIER), expression(female_courier)] == [
        True,
        False,
        True,
    ]
    assert [len(conjunction) for conjunction in expression.alternatives] == [2, 2]


def test_parse_full_width_parentheses_group_too() -> None:
    expression = parse("性别 = 女 and （单位性质 = 非公有制 or 人员标签 has 一线）")

    assert [expression(SCIENTIST), expression(COURIER)] == [True, False]


def test_parse_connectives_in_capitals_mean_the_same() -> None:
    assert parse("性别 = 女 AND 身份类别 = 科教人员 OR 单位性质 = 国有").alternatives == (
        parse("性别 = 女 and 身份类别 = 科教人员 or 单位性质 = 国有").alternatives
    )


def test_parse_double_equals_is_refused_with_the_right_spelling() -> None:
    with pytest.raises(ExpressionError, match="“==”应写作一个等号“=”"):
        parse("性别 == 女")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("(性别 = 女", "左括号“\\(”没有对应的右括号"),
        ("性别 = 女)", "多了一个右括号"),
        ("性别 = 女 and ()", "括号里缺少条件"),
        ("性别 = 女 AND", "前后缺少条件"),
    ],
)
def test_parse_unbalanced_parentheses_are_refused(source: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message):
        parse(source)
