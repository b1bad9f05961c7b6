"""The line model of a form's boxes (core/documents/flow.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pingxuan.core.documents.flow import (
    ASCII_ADVANCE,
    CONTINUED,
    Font,
    advance,
    fitting_prefix,
    line_count,
    split,
)

NOTO_SERIF = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


def test_ascii_advances_are_those_of_the_installed_font() -> None:
    if not NOTO_SERIF.is_file():
        pytest.fail(f"缺少字体 {NOTO_SERIF}（make install 安装 fonts-noto-cjk）")
    from fontTools.ttLib import TTCollection

    font = next(
        f for f in TTCollection(str(NOTO_SERIF)).fonts if f["name"].getDebugName(1).endswith("SC")
    )
    glyphs, metrics = font.getBestCmap(), font["hmtx"]
    measured = {char: metrics[glyphs[ord(char)]][0] / 1000 for char in ASCII_ADVANCE}
    assert measured == ASCII_ADVANCE


def test_a_chinese_character_is_one_em_and_a_combining_mark_none() -> None:
    assert (advance("劳"), advance("，"), advance("\u0301"), advance("W")) == (1.0, 1.0, 0.0, 1.053)


def test_lines_break_anywhere_but_before_a_closing_mark() -> None:
    assert line_count("一二三四五六", 3) == 2
    # "，" may not start the second line: "三" goes down with it.
    assert line_count("一二三，五六", 3) == 3
    assert line_count("一二“三四", 3) == 2  # and "“" does not end the first
    assert line_count("一\n\n二", 3) == 3  # an empty paragraph is a line


def test_a_latin_word_or_number_goes_down_whole_unless_longer_than_a_line() -> None:
    assert line_count("一二三12345", 5) == 2  # "12345" goes down: "一二三" then "12345"
    assert fitting_prefix("一二三12345六", 5, 1) == 3
    assert fitting_prefix("1234567890123", 5, 1) == 9  # 4.93 em of digits fill the line


def test_fitting_prefix_counts_whole_lines_across_paragraphs() -> None:
    assert fitting_prefix("一二三四五\n六七", 3, 2) == 5
    assert fitting_prefix("一二三四五\n六七", 3, 3) == 8
    assert fitting_prefix("一二\n三四", 3, 1) == 2


def test_split_keeps_a_text_that_fits() -> None:
    assert split("  一二三四  ", 4, 1) == ("一二三四", "")


def test_split_marks_the_cut_and_starts_the_rest_with_a_sentence() -> None:
    text = "一二三四五六七八九十。甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未。" * 2
    head, rest = split(text, 20, 2)
    assert head.endswith(CONTINUED)
    assert head.removesuffix(CONTINUED) + rest == text
    assert head.removesuffix(CONTINUED).endswith("。")
    assert line_count(head, 20) <= 2


def test_font_converts_millimetres_to_ems_and_lines() -> None:
    cell = Font(11, 1.4)
    assert round(cell.width_em(cell.em_mm * 10), 6) == 10
    assert cell.lines_in(cell.line_mm * 3.5) == 3
    assert cell.lines_in(-1) == 0


def test_split_without_a_full_stop_in_the_last_line_cuts_where_the_line_ends() -> None:
    text = "劳动创造幸福" * 10
    head, rest = split(text, 10, 3)
    assert head == text[:25] + CONTINUED  # two lines of 10, then 5 beside the mark
    assert rest == text[25:]
