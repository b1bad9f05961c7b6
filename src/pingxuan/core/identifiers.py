"""Check digits of the two national identifiers a nomination carries.

Our own code rather than python-stdnum: ``stdnum.cn.ric.validate()`` rejects genuine cards whose
area code is newer than the holder's birth year, and we need Chinese messages for each failure.
"""

from __future__ import annotations

import operator
from datetime import date

_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_ID_CHECK = "10X98765432"
# The checksum over the ASCII codes of the 17 digits, minus what the code of "0" adds to it: no
# int() per character, which was most of the time spent reading 100,000 ID numbers.
_ASCII_ZERO_TOTAL = ord("0") * sum(_ID_WEIGHTS)
_PROVINCES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
        "91",
    }
)

_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUE = {char: index for index, char in enumerate(_CREDIT_ALPHABET)}
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_number_problem(number: str, today: date | None = None) -> str | None:
    """Why an 18-character resident ID number fails GB 11643, or None when it is valid."""
    if len(number) != 18:
        return f"身份证号应为18位，现为{len(number)}位"
    body, check = number[:17], number[17]
    if not (body.isascii() and body.isdigit()) or check not in "0123456789X":
        return "身份证号前17位应为数字，最后一位为数字或X"
    if number[:2] not in _PROVINCES:
        return f"身份证号开头“{number[:2]}”不是有效的省级行政区划代码"
    birth = id_birth_date(number)
    if birth is None:
        return f"身份证号中的出生日期“{number[6:14]}”不是有效日期"
    if birth.year < 1900 or birth > (today or date.today()):
        return f"身份证号中的出生日期“{number[6:14]}”不合理"
    # both 17 long, and ASCII digits only (checked above)
    total = sum(map(operator.mul, body.encode("ascii"), _ID_WEIGHTS)) - _ASCII_ZERO_TOTAL
    if _ID_CHECK[total % 11] != check:
        return "身份证号校验位不正确，请核对是否抄错"
    return None


def id_birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def id_gender(number: str) -> str:
    return "男" if int(number[16]) % 2 else "女"


def id_check_char(body: str) -> str:
    """The 18th character for 17 digits: used by test data generators."""
    total = sum(int(digit) * weight for digit, weight in zip(body, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def credit_code_problem(code: str) -> str | None:
    """Why a 统一社会信用代码 fails GB 32100, or None when it is valid."""
    if len(code) != 18:
        return f"统一社会信用代码应为18位，现为{len(code)}位"
    bad = sorted({char for char in code if char not in _CREDIT_VALUE})
    if bad:
        return f"统一社会信用代码含有不允许的字符“{''.join(bad)}”（不使用 I、O、S、V、Z）"
    if credit_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确，请核对是否抄错"
    return None


def credit_check_char(body: str) -> str:
    total = sum(
        _CREDIT_VALUE[char] * weight for char, weight in zip(body, _CREDIT_WEIGHTS, strict=True)
    )
    return _CREDIT_ALPHABET[(31 - total % 31) % 31]


def mask_id_number(number: str) -> str:
    """6 digits + ******** + 4, as every page shows an ID number."""
    if len(number) != 18:
        return "*" * len(number)
    return f"{number[:6]}********{number[-4:]}"
