"""Stroke order of names and organisations: the published lists, the data, the properties."""

from __future__ import annotations

import csv
import itertools
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pingxuan.core.strokes import (
    COMPOUND_SURNAMES,
    FULL_WIDTH_SPACE,
    StrokeOrder,
    is_ignored,
    missing_characters,
    organisation_key,
    pad_name,
    person_key,
    sort_organisations,
    sort_people,
    split_surname,
    strip_padding,
    stroke_table,
    strokes,
    unknown_characters,
)

# 118 common surnames in 姓氏笔画 order, with their strokes (copied from the shared research data).
SURNAME_TABLE = Path(__file__).parent / "data" / "surname-stroke-order.tsv"

# 全国劳动模范（名单按姓氏笔画排序）, as published.
PUBLISHED = ["王填", "成新湘", "向文波", "刘习明", "刘令安", "李涛", "唐纯玉", "黄小玲"]

# Beyond GB 2312 but common in given names.
COMMON_NAME_CHARACTERS = "喆堃昇珺玥祎彧翀赟頔璟旻"

# A character outside the data: 𬱖 (U+2CC56, CJK Extension E, the simplified form of 頔).
UNKNOWN = "\U0002cc56"
# Another, of Extension B: 𠀀 (U+20000). And a private-use 造字.
EXT_B = "\U00020000"
PRIVATE = "\ue000"

# The characters the data must cover (issue 13, 3.): CJK Unified Ideographs and Extension A.
BASIC = [chr(point) for point in range(0x4E00, 0x9FA5 + 1)]
EXTENSION_A = [chr(point) for point in range(0x3400, 0x4DBF + 1)]


def gb2312_hanzi() -> list[str]:
    """Every hanzi of GB 2312, decoded from its byte pairs (rows 16-87: levels 1 and 2)."""
    found = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def surname_rows() -> list[dict[str, str]]:
    with SURNAME_TABLE.open(encoding="utf-8") as table:
        return list(csv.DictReader(table, delimiter="\t"))


# ── data ───────────────────────────────────────────────────────────────────────────────────


def test_data_covers_all_of_gb2312() -> None:
    hanzi = gb2312_hanzi()

    assert len(hanzi) == 6763
    assert missing_characters(hanzi) == []


def test_data_covers_common_name_characters_beyond_gb2312() -> None:
    assert missing_characters([COMMON_NAME_CHARACTERS]) == []


def test_data_covers_the_cjk_unified_block_with_strokes() -> None:
    assert len(BASIC) == 20902
    assert missing_characters(BASIC) == []
    assert {digit for ch in BASIC for digit in strokes(ch) or "?"} == set("12345")


def test_data_covers_extension_a() -> None:
    assert len(EXTENSION_A) == 6592
    assert missing_characters(EXTENSION_A) == []
    # Only the ten characters Unicode 13 added (U+4DB6-4DBF) are known by their count alone.
    count_only = [ch for ch in EXTENSION_A if "6" in (strokes(ch) or "")]
    assert count_only == [chr(point) for point in range(0x4DB6, 0x4DC0)]
    assert all(set(strokes(ch) or "") == {"6"} for ch in count_only)


def test_data_holds_the_five_stroke_classes_and_counts_alone() -> None:
    table = stroke_table()

    assert len(table) == 27584
    assert {digit for sequence in table.values() for digit in sequence} == set("123456")
    assert all("6" not in sequence or set(sequence) == {"6"} for sequence in table.values())


def test_traditional_characters_take_their_simplified_form() -> None:
    assert [strokes(ch) for ch in "劉德華"] == [strokes(ch) for ch in "刘德华"]
    assert [strokes(ch) for ch in "鍾漢良"] == [strokes(ch) for ch in "钟汉良"]
    # A standard character that is also a traditional form keeps its own strokes (乾, not 干).
    assert strokes("乾") != strokes("干")


def test_compatibility_forms_read_as_their_character() -> None:
    # ⾦ (U+2FA6, Kangxi radical) pasted from a PDF; 豈 (U+F900, compatibility ideograph).
    assert strokes("⾦") == strokes("金")
    assert strokes("\uf900") == strokes("\u8c48")
    assert missing_characters(["⾦华", "\uf900"]) == []


def test_data_matches_the_surname_table() -> None:
    rows = surname_rows()

    assert len(rows) == 118
    assert [(r["surname"], strokes(r["surname"])) for r in rows] == [
        (r["surname"], r["stroke_classes"]) for r in rows
    ]


def test_data_carries_the_hand_checked_corrections() -> None:
    # cnchar 3.2.6 has 12 strokes for 皙 and writes 十 in 德 as 横撇.
    assert strokes("皙") == "1234331232511"
    assert strokes("德") == "332122522114544"


# ── published orders ───────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("seed", range(20))
def test_published_list_is_reproduced_from_a_shuffle(seed: int) -> None:
    shuffled = PUBLISHED[:]
    random.Random(seed).shuffle(shuffled)

    assert sort_people(shuffled) == PUBLISHED


@pytest.mark.parametrize("seed", range(5))
def test_surname_table_order_is_reproduced(seed: int) -> None:
    expected = [r["surname"] for r in sorted(surname_rows(), key=lambda r: int(r["order"]))]
    shuffled = expected[:]
    random.Random(seed).shuffle(shuffled)

    assert sort_people(shuffled) == expected


def test_same_strokes_fall_back_to_structure() -> None:
    # 叶 (左右) before 申 (整体), both 25112, as the surname table has it.
    assert strokes("叶") == strokes("申")
    assert sort_people(["申", "叶"]) == ["叶", "申"]
    # 旦 (上下) before 且 and 目 (整体), all 25111; 右 and 石 (both 半包围, 整体) by code point.
    assert sort_people(["目", "且", "旦"]) == ["旦", "且", "目"]
    assert sort_people(["石", "右"]) == ["右", "石"]


def test_same_strokes_and_structure_fall_back_to_code_point() -> None:
    # 叮 (U+53EE) before 叶 (U+53F6), both 左右; 甲 (U+7532) before 申 (U+7533), both 整体.
    assert sort_people(["申", "甲", "叶", "叮"]) == ["叮", "叶", "甲", "申"]


# ── 姓氏笔画 and 姓名笔画 ─────────────────────────────────────────────────────────────────────


def test_surname_order_puts_one_character_given_name_first() -> None:
    assert sort_people(["王二小", "王五"], order=StrokeOrder.SURNAME) == ["王五", "王二小"]


def test_full_name_order_compares_every_character() -> None:
    # 二 (2 strokes) before 五 (4 strokes), whatever the length of the given name.
    assert sort_people(["王五", "王二小"], order=StrokeOrder.FULL_NAME) == ["王二小", "王五"]


def test_orders_agree_on_different_surnames() -> None:
    names = ["田富", "丁大利", "田大利"]

    assert sort_people(names, order=StrokeOrder.SURNAME) == ["丁大利", "田富", "田大利"]
    assert sort_people(names, order=StrokeOrder.FULL_NAME) == ["丁大利", "田大利", "田富"]


def test_order_is_read_from_its_setting_value() -> None:
    assert StrokeOrder("姓氏笔画") is StrokeOrder.SURNAME
    assert StrokeOrder("姓名笔画") is StrokeOrder.FULL_NAME


# ── compound surnames ─────────────────────────────────────────────────────────────────────


def test_compound_surname_is_one_unit() -> None:
    assert split_surname("司马光") == ("司马", "光")
    assert split_surname("欧阳明高") == ("欧阳", "明高")
    assert split_surname("王填") == ("王", "填")


def test_two_character_name_is_never_a_bare_compound_surname() -> None:
    # 欧阳 alone is a person named 阳 of the family 欧.
    assert split_surname("欧阳") == ("欧", "阳")


def test_single_surname_before_compound_surname_of_same_first_character() -> None:
    assert sort_people(["欧阳明", "欧明亮", "欧亮"]) == ["欧亮", "欧明亮", "欧阳明"]


def test_compound_surname_sorts_by_its_first_character() -> None:
    # 欧 has 8 strokes: after 王 (4), before 洪 (9).
    assert sort_people(["洪少东", "欧阳少东", "王少东"]) == ["王少东", "欧阳少东", "洪少东"]


def test_compound_surnames_all_have_data() -> None:
    assert missing_characters(COMPOUND_SURNAMES) == []


# ── padding and other characters ───────────────────────────────────────────────────────────


def test_pad_name_pads_two_character_names_only() -> None:
    assert pad_name("贺彪") == "贺" + FULL_WIDTH_SPACE + "彪"
    assert pad_name("贺　彪") == "贺　彪"
    assert pad_name("王小玲") == "王小玲"
    assert pad_name("Li") == "Li"


def test_strip_padding_drops_every_kind_of_space() -> None:
    assert strip_padding(" 贺　彪 ") == "贺彪"
    assert strip_padding("贺  彪") == "贺彪"


def test_middle_dot_of_minority_names_is_ignored() -> None:
    assert person_key("阿依古丽·买买提") == person_key("阿依古丽买买提")
    assert person_key("阿依古丽・买买提") == person_key("阿依古丽买买提")


def test_latin_letters_and_digits_sort_after_han_and_never_raise() -> None:
    names = ["郑州2号店", "郑州A店", "郑州店", "郑州a店", "郑州１号店"]

    # Full-width １ reads as 1; A and a read alike, then by code point.
    assert sort_organisations(names) == ["郑州店", "郑州１号店", "郑州2号店", "郑州A店", "郑州a店"]


def test_organisations_sort_by_full_name_stroke_by_stroke() -> None:
    names = ["郑州市第一人民医院", "巩义市人民医院", "中原区总工会", "郑州市二七区总工会"]

    # 中 (4 strokes), 巩 (6), 郑 (8); under 郑州市, 二 (2) before 第 (11).
    assert sort_organisations(names) == [
        "中原区总工会",
        "巩义市人民医院",
        "郑州市二七区总工会",
        "郑州市第一人民医院",
    ]


def test_organisation_brackets_sort_after_han() -> None:
    assert sort_organisations(["郑州（东区）", "郑州市"]) == ["郑州市", "郑州（东区）"]


def test_sorting_items_by_a_name_function() -> None:
    people = [("黄小玲", 1), ("王填", 2)]

    assert sort_people(people, name=lambda p: p[0]) == [("王填", 2), ("黄小玲", 1)]
    assert sort_organisations(people, name=lambda p: p[0]) == [("王填", 2), ("黄小玲", 1)]


# ── traditional forms, rare and unknown characters ─────────────────────────────────────────


def test_traditional_names_sort_where_their_simplified_form_does() -> None:
    listed = sort_people(["鍾漢良", *PUBLISHED, "劉德華"])

    # 劉 as 刘 (6 strokes), 德 (15) after 习 and 令; 鍾 as 钟 (9): after 李 (7), before 唐 (10).
    assert listed == [
        "王填",
        "成新湘",
        "向文波",
        "刘习明",
        "刘令安",
        "劉德華",
        "李涛",
        "鍾漢良",
        "唐纯玉",
        "黄小玲",
    ]


def test_extension_a_characters_sort_by_their_strokes() -> None:
    # 㐀 (5 strokes) < 㑇 (7) < 㛃 (9) = 䶮 (9; 䶮 starts with 撇, 㛃 with 横).
    assert sort_people(["李䶮", "李㛃", "李㑇", "李㐀"]) == ["李㐀", "李㑇", "李㛃", "李䶮"]
    assert sort_people(["龚䶮", "刘䶮", "王䶮"]) == ["王䶮", "刘䶮", "龚䶮"]


def test_unknown_characters_sort_after_known_ones_by_code_point() -> None:
    names = ["Li Wei", "张" + UNKNOWN, PRIVATE + "明", "黄小玲", EXT_B + "华", "张三", "王填"]

    # Unknown Han characters and 造字 after every known character, by code point; Latin last.
    assert sort_people(names) == [
        "王填",
        "张三",
        "张" + UNKNOWN,
        "黄小玲",
        PRIVATE + "明",
        EXT_B + "华",
        "Li Wei",
    ]


def test_every_entry_point_places_unknown_characters() -> None:
    assert person_key("张" + UNKNOWN) > person_key("张龘")
    assert person_key("张" + UNKNOWN, StrokeOrder.FULL_NAME) > person_key(
        "张龘", StrokeOrder.FULL_NAME
    )
    assert organisation_key("郑州" + UNKNOWN) > organisation_key("郑州龘")
    assert sort_organisations(["郑州" + UNKNOWN, "郑州市"]) == ["郑州市", "郑州" + UNKNOWN]


def test_unknown_characters_of_a_person_name() -> None:
    assert unknown_characters("张" + UNKNOWN + UNKNOWN) == [UNKNOWN]
    assert unknown_characters("王A1") == ["A", "1"]
    assert unknown_characters("阿依古丽·买买提") == []
    assert unknown_characters("劉德華") == []
    assert unknown_characters("贺　" + PRIVATE) == [PRIVATE]


def test_missing_characters_names_han_and_private_use_only() -> None:
    assert missing_characters(["A·B 12", "王填", "郑州" + EXT_B, PRIVATE]) == [PRIVATE, EXT_B]


# ── properties ─────────────────────────────────────────────────────────────────────────────

KNOWN = sorted(stroke_table())
han = st.sampled_from(
    KNOWN[:300]
    + KNOWN[-300:]
    + list("王填成新湘向文波刘习明令安李涛唐纯玉黄小玲叶申司马欧阳劉德華鍾漢良䶮㐀⾦\uf900")
    + [UNKNOWN, EXT_B, PRIVATE, "\u4db6"]
)
other = st.sampled_from(list("·・ 　Aa1１-（）"))
names = st.lists(st.one_of(han, han, han, other, st.characters()), min_size=1, max_size=6).map(
    "".join
)
orders = st.sampled_from(list(StrokeOrder))


def core(name: str) -> str:
    """What a key sees of a name: no spaces, no middle dots."""
    return "".join(ch for ch in name if not is_ignored(ch))


@given(names, names, orders)
def test_every_pair_is_comparable_and_antisymmetric(a: str, b: str, order: StrokeOrder) -> None:
    ka, kb = person_key(a, order), person_key(b, order)

    assert [ka < kb, ka == kb, ka > kb].count(True) == 1
    # Equal keys only for names that differ in padding or dots alone.
    assert (ka == kb) == (core(a) == core(b))


@given(names, orders)
def test_key_is_deterministic(name: str, order: StrokeOrder) -> None:
    assert person_key(name, order) == person_key(str(name), order)
    assert sort_people([name, name + "王"], order=order) == sort_people(
        [name + "王", name], order=order
    )


@given(names, names, names, orders)
def test_order_is_transitive(a: str, b: str, c: str, order: StrokeOrder) -> None:
    keys = [person_key(n, order) for n in (a, b, c)]

    # One of the six arrangements is ascending, so the implication is tested, not assumed.
    for x, y, z in itertools.permutations(keys):
        if x <= y and y <= z:
            assert x <= z


@given(names, st.integers(min_value=0, max_value=6), orders)
def test_padding_anywhere_changes_nothing(name: str, at: int, order: StrokeOrder) -> None:
    padded = name[:at] + FULL_WIDTH_SPACE + name[at:]

    assert person_key(padded, order) == person_key(name, order)
    assert organisation_key(padded) == organisation_key(name)


@given(st.lists(names, max_size=12), orders, st.randoms())
def test_sort_ignores_padding_and_input_order(
    people: list[str], order: StrokeOrder, rnd: random.Random
) -> None:
    shuffled = people[:]
    rnd.shuffle(shuffled)
    padded = [pad_name(strip_padding(n)) for n in shuffled]

    expected = [core(n) for n in sort_people(people, order=order)]
    assert [core(n) for n in sort_people(padded, order=order)] == expected
    assert [core(n) for n in sort_people(shuffled, order=order)] == expected


@given(st.lists(han, min_size=1, max_size=4).map("".join))
def test_pad_then_strip_is_identity(name: str) -> None:
    assert strip_padding(pad_name(name)) == name
    assert pad_name(pad_name(name)) == pad_name(name)
