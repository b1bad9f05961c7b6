"""The order of an award's list: persons by 姓名, organisations by 单位全称, teams by unit, name."""

from __future__ import annotations

import random
from pathlib import Path
from typing import get_args

import pytest

from pingxuan.core.findings import RowRef
from pingxuan.core.nominations import Nomination
from pingxuan.core.ordering import nomination_sort_key, sort_nominations
from pingxuan.core.spec.loader import SpecError, campaigns_dir, parse_spec
from pingxuan.core.spec.models import Documents, Spec
from pingxuan.core.strokes import StrokeOrder

ZHENGZHOU = campaigns_dir() / "zhengzhou-2024.toml"
COUNTY = Path(__file__).parent / "data" / "demo-county-2025.toml"

PUBLISHED = ["王填", "成新湘", "向文波", "刘习明", "刘令安", "李涛", "唐纯玉", "黄小玲"]


def nomination(subject: str, row: int = 2, **facts: str | None) -> Nomination:
    return Nomination(
        award="award", subject=subject, ref=RowRef("sheet", row), unit="unit", facts=dict(facts)
    )


def person(name: str | None, row: int = 2) -> Nomination:
    return nomination("person", row, 姓名=name)


def names(nominations: list[Nomination]) -> list[str]:
    return [n.label for n in nominations]


def test_persons_follow_the_published_list() -> None:
    shuffled = [person(name, row) for row, name in enumerate(PUBLISHED, start=2)]
    random.Random(7).shuffle(shuffled)

    assert names(sort_nominations(shuffled)) == PUBLISHED


def test_padded_names_sort_as_bare_names() -> None:
    listed = [person("黄小玲"), person("王　填"), person("李　涛")]

    assert names(sort_nominations(listed)) == ["王　填", "李　涛", "黄小玲"]


def test_setting_chooses_between_surname_and_full_name_order() -> None:
    listed = [person("王二小"), person("王五")]

    assert names(sort_nominations(listed, StrokeOrder.SURNAME)) == ["王五", "王二小"]
    assert names(sort_nominations(listed, StrokeOrder.FULL_NAME)) == ["王二小", "王五"]


def test_organisations_sort_by_full_name() -> None:
    listed = [
        nomination("organisation", 单位全称=n) for n in ["郑州宇通客车", "中原银行", "河南移动"]
    ]

    # 中 has 4 strokes; 郑 (43113452) and 河 (44112512) both 8, told apart at the second stroke.
    assert names(sort_nominations(listed)) == ["中原银行", "郑州宇通客车", "河南移动"]


def test_teams_sort_by_unit_then_team_name() -> None:
    listed = [
        nomination("team", 所属单位全称="郑州地铁", 集体名称="乘务一班"),
        nomination("team", 所属单位全称="中原银行", 集体名称="营业部"),
        nomination("team", 所属单位全称="郑州地铁", 集体名称="二号线车站"),
    ]

    assert names(sort_nominations(listed)) == [
        "中原银行营业部",
        "郑州地铁二号线车站",
        "郑州地铁乘务一班",
    ]


def test_teams_of_one_unit_stay_together() -> None:
    listed = [
        nomination("team", 所属单位全称="郑州地铁", 集体名称="二车间"),
        nomination("team", 所属单位全称="郑州地铁一公司", 集体名称="甲班"),
        nomination("team", 所属单位全称="郑州地铁", 集体名称="一车间"),
    ]

    # Joined into one string, 郑州地铁一公司甲班 would fall between 一车间 and 二车间.
    assert names(sort_nominations(listed)) == [
        "郑州地铁一车间",
        "郑州地铁二车间",
        "郑州地铁一公司甲班",
    ]


def test_rows_without_a_name_go_last() -> None:
    listed = [person(None, 5), person("黄小玲", 3), person("", 4), person("王填", 2)]

    assert [n.ref.row for n in sort_nominations(listed)] == [2, 3, 5, 4]


def test_mixed_subjects_are_grouped() -> None:
    listed = [
        person("王填"),
        nomination("team", 集体名称="一班"),
        nomination("organisation", 单位全称="丁厂"),
    ]

    assert [n.subject for n in sort_nominations(listed)] == ["organisation", "team", "person"]


def test_no_name_is_refused_and_unknown_characters_go_last() -> None:
    listed = [
        person("张\U0002cc56", row=2),
        person("劉德華", row=3),
        person("张三", row=4),
        nomination("organisation", row=5, 单位全称="李㐀厂"),
        nomination("organisation", row=6, 单位全称="\U00020000厂"),
        nomination("organisation", row=7, 单位全称="丁厂"),
    ]

    assert [n.ref.row for n in sort_nominations(listed)] == [7, 5, 6, 3, 4, 2]


def test_sort_key_of_a_single_nomination_places_unknown_character() -> None:
    assert nomination_sort_key(person("张\U0002cc56")) > nomination_sort_key(person("张龘"))


def test_spec_sets_surname_order(spec: Spec) -> None:
    assert StrokeOrder(spec.documents.name_order) is StrokeOrder.SURNAME


def test_spec_without_documents_section_defaults_to_surname_order() -> None:
    county = parse_spec(COUNTY.read_text(encoding="utf-8"))

    assert county.documents.name_order == "姓氏笔画"


def test_spec_may_choose_full_name_order() -> None:
    text = ZHENGZHOU.read_text(encoding="utf-8").replace(
        'name_order = "姓氏笔画"', 'name_order = "姓名笔画"'
    )

    assert StrokeOrder(parse_spec(text).documents.name_order) is StrokeOrder.FULL_NAME


def test_spec_with_unknown_order_is_refused_with_key_path() -> None:
    text = ZHENGZHOU.read_text(encoding="utf-8").replace(
        'name_order = "姓氏笔画"', 'name_order = "拼音"'
    )

    with pytest.raises(SpecError, match=r"documents\.name_order"):
        parse_spec(text)


def test_spec_values_are_the_stroke_orders() -> None:
    values = get_args(Documents.model_fields["name_order"].annotation)

    assert values == tuple(order.value for order in StrokeOrder)
