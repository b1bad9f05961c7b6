"""Cells of the 附件 allocation table: ``6（一线产业工人4、一线科教1）`` and friends."""

from __future__ import annotations

import pytest

from pingxuan.core.spec.loader import load_spec
from pingxuan.core.spec.places import Places, PlacesError, Reservation, parse_places


def test_parse_places_plain_number_is_all_open() -> None:
    places = parse_places("2")

    assert places == Places("2", 2)
    assert places.slots() == [((), 2)]


def test_parse_places_reservations_leave_the_rest_open() -> None:
    places = parse_places("6（一线产业工人4、一线科教1）")

    assert places.total == 6
    assert places.reserved == (Reservation("一线产业工人", 4), Reservation("一线科教", 1))
    assert places.slots() == [(("一线产业工人",), 4), (("一线科教",), 1), ((), 1)]


def test_parse_places_qizhong_narrows_the_reservation_before_it() -> None:
    places = parse_places("4（企业班组3，其中非公2）")

    assert places.reserved == (Reservation("企业班组", 3, (Reservation("非公", 2),)),)
    assert places.slots() == [
        (("企业班组",), 1),
        (("企业班组", "非公"), 2),
        ((), 1),
    ]


def test_parse_places_qizhong_filling_the_whole_parent_leaves_no_plain_parent_place() -> None:
    places = parse_places("3（企业班组2，其中非公2）")

    assert places.slots() == [(("企业班组", "非公"), 2), ((), 1)]


def test_parse_places_single_reservation_of_a_collective() -> None:
    places = parse_places("2（非公1）")

    assert places.slots() == [(("非公",), 1), ((), 1)]


def test_parse_places_comma_separates_like_the_enumeration_comma() -> None:
    places = parse_places("6（一线产业工人1、一线科教2，非公新业态农民工2）")

    assert places.slots() == [
        (("一线产业工人",), 1),
        (("一线科教",), 2),
        (("非公新业态农民工",), 2),
        ((), 1),
    ]


def test_parse_places_fully_reserved_cell_has_no_open_place() -> None:
    places = parse_places("4（一线职工4）")

    assert places.slots() == [(("一线职工",), 4)]


def test_parse_places_three_reservations() -> None:
    places = parse_places("5（一线产业工人2、一线科教1、农民工1）")

    assert places.slots() == [
        (("一线产业工人",), 2),
        (("一线科教",), 1),
        (("农民工",), 1),
        ((), 1),
    ]


def test_parse_places_half_width_parentheses_and_spaces_are_accepted() -> None:
    places = parse_places(" 4 (企业班组3, 其中非公2) ")

    assert places.total == 4
    assert places.slots() == [(("企业班组",), 1), (("企业班组", "非公"), 2), ((), 1)]


def test_parse_places_line_breaks_of_the_paper_table_are_ignored() -> None:
    places = parse_places("6（一线产业工人4、\n一线科教1）")

    assert places.slots() == [(("一线产业工人",), 4), (("一线科教",), 1), ((), 1)]


def test_parse_places_labels_include_nested_ones() -> None:
    places = parse_places("4（企业班组3，其中非公2）")

    assert places.labels() == {"企业班组", "非公"}


def test_parse_places_every_cell_of_the_2024_table_adds_up() -> None:
    spec = load_spec("zhengzhou-2024")

    sums = {
        (unit.name, award): sum(count for _, count in places.slots())
        for unit in spec.units
        for award, places in unit.places.items()
    }
    totals = {
        (unit.name, award): places.total
        for unit in spec.units
        for award, places in unit.places.items()
    }

    assert sums == totals
    assert len(sums) == 70  # 37 units × 2 awards, less 4 empty cells


def test_parse_places_2024_columns_sum_to_the_award_totals() -> None:
    spec = load_spec("zhengzhou-2024")

    medal = sum(u.places["五一劳动奖章"].total for u in spec.units if "五一劳动奖章" in u.places)
    team = sum(u.places["工人先锋号"].total for u in spec.units if "工人先锋号" in u.places)

    assert (medal, team) == (120, 80)


def test_parse_places_reserved_more_than_total_is_refused() -> None:
    with pytest.raises(PlacesError) as raised:
        parse_places("4（一线产业工人3、一线科教2）")

    assert str(raised.value) == "名额“4（一线产业工人3、一线科教2）”中预留名额合计5个，超过总数4个"


def test_parse_places_qizhong_more_than_parent_is_refused() -> None:
    with pytest.raises(PlacesError) as raised:
        parse_places("4（企业班组2，其中非公3）")

    assert str(raised.value) == (
        "名额“4（企业班组2，其中非公3）”中“企业班组2”的“其中”合计3个，超过2个"
    )


def test_parse_places_two_qizhong_together_more_than_parent_is_refused() -> None:
    with pytest.raises(PlacesError) as raised:
        parse_places("4（企业班组3，其中非公2，其中新业态2）")

    assert str(raised.value) == (
        "名额“4（企业班组3，其中非公2，其中新业态2）”中“企业班组3”的“其中”合计4个，超过3个"
    )


def test_parse_places_qizhong_first_is_refused() -> None:
    with pytest.raises(PlacesError) as raised:
        parse_places("4（其中非公2）")

    assert str(raised.value) == "名额“4（其中非公2）”中的“其中非公2”前面没有可细分的预留名额"


@pytest.mark.parametrize("text", ["六", "", "（非公1）", "4个", "4（非公1", "abc"])
def test_parse_places_garbage_is_refused(text: str) -> None:
    with pytest.raises(PlacesError) as raised:
        parse_places(text)

    assert str(raised.value) == f"名额“{text}”无法识别：应写作“6”或“6（一线产业工人4、一线科教1）”"


def test_parse_places_reservation_without_count_is_refused() -> None:
    with pytest.raises(PlacesError) as raised:
        parse_places("6（一线产业工人、一线科教1）")

    assert str(raised.value) == (
        "名额“6（一线产业工人、一线科教1）”中的“一线产业工人”无法识别：应写作“身份+人数”，如“一线科教1”"
    )
