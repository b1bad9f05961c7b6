"""Numbers in cells are read as ASCII digits only. ``"²".isdigit()`` is true and ``int("²")``
raises, and ``int`` refuses more than 4,300 digits: a workbook cell holding either once took the
reader down instead of giving the clerk a message."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pingxuan.core.cells import build_parsers, whole_number
from pingxuan.core.columns import COLUMNS_BY_SUBJECT
from pingxuan.core.rounds_workbook import read_round_workbook
from pingxuan.core.spec.models import Spec
from tests.core.test_rounds_workbook import AWARDS, filled

TRICKY = st.sampled_from(["²", "2²24", "٣", "１２", "1" * 5000, " 7 ", "0", "-3", "3.0", "Ⅻ"])


@given(st.one_of(TRICKY, st.text(max_size=30)))
def test_whole_number_is_none_or_the_ascii_digits(text: str) -> None:
    number = whole_number(text)

    stripped = text.strip()
    if number is None:
        assert not (stripped.isascii() and stripped.isdigit() and len(stripped) <= 9)
    else:
        assert str(number) == stripped.lstrip("0") or (number == 0 and set(stripped) == {"0"})


def test_whole_number_refuses_superscripts_and_floods() -> None:
    texts = ("²", "٣", "1" * 5000, "12", " 8 ")

    assert [whole_number(text) for text in texts] == [None, None, None, 12, 8]


@given(text=st.one_of(TRICKY, st.text(max_size=20)))
def test_no_cell_parser_raises_on_any_text(spec: Spec, text: str) -> None:
    for columns in COLUMNS_BY_SUBJECT.values():
        for parse in build_parsers(spec, columns).values():
            parse(text)  # a value or a problem for the clerk, never an exception


def test_superscript_figures_in_cells_are_problems_not_crashes(spec: Spec) -> None:
    problems = []
    for columns in COLUMNS_BY_SUBJECT.values():
        for name, parse in build_parsers(spec, columns).items():
            for text in ("²", "2²24"):
                _value, problem = parse(text)
                if problem is not None and any(
                    figure in problem[0] for figure in ("人数", "年份", "贡献领域")
                ):
                    problems.append(name)
    assert problems  # the count, year and area columns each say the cell cannot be read


def test_a_vote_written_as_a_superscript_is_a_problem(tmp_path: Path) -> None:
    path = filled(
        tmp_path,
        {"表决日期": "2024-03-01", "应到人数": 120, "实到人数": 90},
        [("张三", "²"), ("李四", 80)],
    )

    [sheet] = read_round_workbook(path, AWARDS)

    assert sheet.round is None
    assert any("应为整数" in problem and "²" in problem for problem in sheet.problems)
