"""GB 11643 resident ID numbers and GB 32100 统一社会信用代码."""

from __future__ import annotations

from datetime import date

import pytest

from pingxuan.core.identifiers import (
    credit_check_char,
    credit_code_problem,
    id_birth_date,
    id_check_char,
    id_gender,
    id_number_problem,
    mask_id_number,
)

TODAY = date(2024, 3, 20)


def _id(body: str) -> str:
    """A complete ID number for 17 digits, with the correct check character."""
    return body + id_check_char(body)


def _wrong_check(body: str) -> str:
    right = id_check_char(body)
    return body + ("1" if right != "1" else "2")


def _credit(body: str) -> str:
    return body + credit_check_char(body)


# ── GB 11643 ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "body",
    [
        "41010219850301123",
        "11010519491231002",
        "44030419850815123",
        "65010220001129456",
    ],
)
def test_id_number_with_correct_check_digit_is_valid(body: str) -> None:
    number = _id(body)

    problem = id_number_problem(number, today=TODAY)

    assert problem is None


def test_id_number_ending_in_x_is_valid() -> None:
    body = "41010219850301000"
    assert id_check_char(body) == "X"

    problem = id_number_problem(body + "X", today=TODAY)

    assert problem is None


def test_id_number_published_sample_is_valid() -> None:
    # The worked example of GB 11643-1999 appendix.
    problem = id_number_problem("11010519491231002X", today=TODAY)

    assert problem is None


def test_id_number_with_area_code_newer_than_birth_year_is_accepted() -> None:
    # 460400 儋州市 became a prefecture-level city in 2015; people born there in 1980 were
    # re-issued cards with the new code, and those cards are genuine.
    number = _id("46040019800101001")

    problem = id_number_problem(number, today=TODAY)

    assert problem is None


def test_id_number_with_wrong_check_digit_is_refused() -> None:
    number = _wrong_check("41010219850301123")

    problem = id_number_problem(number, today=TODAY)

    assert problem == "身份证号校验位不正确，请核对是否抄错"


def test_id_number_with_x_where_a_digit_belongs_is_refused() -> None:
    body = "44030419850815123"
    assert id_check_char(body) != "X"

    problem = id_number_problem(body + "X", today=TODAY)

    assert problem == "身份证号校验位不正确，请核对是否抄错"


@pytest.mark.parametrize(
    ("number", "length"),
    [
        ("4101021985030112", 16),
        ("41010219850301123", 17),
        ("4101021985030112345", 19),
        ("", 0),
    ],
)
def test_id_number_of_wrong_length_is_refused(number: str, length: int) -> None:
    problem = id_number_problem(number, today=TODAY)

    assert problem == f"身份证号应为18位，现为{length}位"


def test_id_number_with_letters_in_the_body_is_refused() -> None:
    problem = id_number_problem("4101021985O3011231", today=TODAY)

    assert problem == "身份证号前17位应为数字，最后一位为数字或X"


def test_id_number_with_lowercase_x_is_refused_by_the_checker() -> None:
    # The cell parser upper-cases before checking; the checker itself is strict.
    problem = id_number_problem("41010219850301000x", today=TODAY)

    assert problem == "身份证号前17位应为数字，最后一位为数字或X"


@pytest.mark.parametrize("birth", ["19990230", "19991301", "19990000", "20230229"])
def test_id_number_with_impossible_birth_date_is_refused(birth: str) -> None:
    number = _id(f"410102{birth}123")

    problem = id_number_problem(number, today=TODAY)

    assert problem == f"身份证号中的出生日期“{birth}”不是有效日期"


def test_id_number_born_on_29_february_of_a_leap_year_is_valid() -> None:
    number = _id("41010220000229123")

    problem = id_number_problem(number, today=TODAY)

    assert problem is None


def test_id_number_with_future_birth_date_is_refused() -> None:
    number = _id("41010220240321123")

    problem = id_number_problem(number, today=TODAY)

    assert problem == "身份证号中的出生日期“20240321”不合理"


def test_id_number_born_today_is_valid() -> None:
    number = _id("41010220240320123")

    problem = id_number_problem(number, today=TODAY)

    assert problem is None


def test_id_number_born_before_1900_is_refused() -> None:
    number = _id("41010218991231123")

    problem = id_number_problem(number, today=TODAY)

    assert problem == "身份证号中的出生日期“18991231”不合理"


@pytest.mark.parametrize("province", ["00", "10", "47", "99"])
def test_id_number_with_unknown_province_is_refused(province: str) -> None:
    number = _id(f"{province}010219850301123")

    problem = id_number_problem(number, today=TODAY)

    assert problem == f"身份证号开头“{province}”不是有效的省级行政区划代码"


def test_id_birth_date_reads_digits_7_to_14() -> None:
    birth = id_birth_date(_id("41010219850301123"))

    assert birth == date(1985, 3, 1)


@pytest.mark.parametrize(("sequence", "gender"), [("123", "男"), ("124", "女")])
def test_id_gender_is_the_parity_of_digit_17(sequence: str, gender: str) -> None:
    number = _id(f"41010219850301{sequence}")

    assert id_gender(number) == gender


# ── GB 32100 ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the example printed on GB 32100 specimen licences
        _credit("91410100MA3XYKGT1"),
        _credit("12410000415800160"),
        _credit("51410000MJY000000"),
    ],
)
def test_credit_code_with_correct_check_character_is_valid(code: str) -> None:
    problem = credit_code_problem(code)

    assert problem is None


def test_credit_code_with_wrong_check_character_is_refused() -> None:
    body = "91350100M000100Y4"
    wrong = "0" if credit_check_char(body) != "0" else "1"

    problem = credit_code_problem(body + wrong)

    assert problem == "统一社会信用代码校验位不正确，请核对是否抄错"


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_credit_code_with_forbidden_letter_is_refused(letter: str) -> None:
    code = f"91410100MA3{letter}YKGT1A"

    problem = credit_code_problem(code)

    assert problem == f"统一社会信用代码含有不允许的字符“{letter}”（不使用 I、O、S、V、Z）"


def test_credit_code_with_lowercase_letters_is_refused_by_the_checker() -> None:
    problem = credit_code_problem("91350100m000100y43")

    assert problem == "统一社会信用代码含有不允许的字符“my”（不使用 I、O、S、V、Z）"


@pytest.mark.parametrize(
    ("code", "length"),
    [
        ("91350100M000100Y4", 17),
        ("91350100M000100Y433", 19),
        ("", 0),
    ],
)
def test_credit_code_of_wrong_length_is_refused(code: str, length: int) -> None:
    problem = credit_code_problem(code)

    assert problem == f"统一社会信用代码应为18位，现为{length}位"


# ── masking ──────────────────────────────────────────────────────────────


def test_mask_id_number_keeps_six_and_four() -> None:
    masked = mask_id_number("11010519491231002X")

    assert masked == "110105********002X"


def test_mask_id_number_of_wrong_length_hides_everything() -> None:
    masked = mask_id_number("4101021985")

    assert masked == "**********"


def test_id_number_with_full_width_digits_is_refused() -> None:
    from pingxuan.core.identifiers import id_number_problem

    full_width = "４１０１０２１９８５０１０１１２３４"
    assert id_number_problem(full_width) == "身份证号前17位应为数字，最后一位为数字或X"
