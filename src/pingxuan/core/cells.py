"""Reading one cell of the exchange workbook: a parser per column, with a Chinese complaint.

Each parser takes what the spreadsheet library gives (str, int, float, date, datetime, bool or
None) and returns ``(value, problem)``; problem is ``(message, hint)`` or None. A blank cell is
``(None, None)``: whether a blank is allowed is decided by the rules, not here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pingxuan.core.columns import (
    AWARD_KINDS,
    FALSE,
    NOT_APPLICABLE,
    TRUE,
    Column,
    Kind,
    length_refusal,
    strip_zero_width,
)
from pingxuan.core.identifiers import credit_code_problem, id_number_problem
from pingxuan.core.spec.models import Spec

Problem = tuple[str, str] | None
Parsed = tuple[Any, Problem]
Parser = Callable[[object], Parsed]

_LIST_SPLIT = re.compile(r"[、，,；;\s]+")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_NEGATIVE = re.compile(r"^(.+?)\s*[:：]\s*(.+)$")
_BLANKS = frozenset({"", "无", "—", "-", "/"})
MAX_DIGITS = 9  # every count, 序号, vote or id these files and forms carry fits in nine digits


def whole_number(text: str | None, *, max_digits: int = MAX_DIGITS) -> int | None:
    """``text`` as a non-negative whole number, or None unless it is 1 to ``max_digits`` ASCII
    digits (surrounding spaces allowed). ``"²".isdigit()`` is true and ``int("²")`` raises, and
    ``int`` refuses a string of more than 4,300 digits: neither may reach ``int``."""
    text = (text or "").strip()
    if not (0 < len(text) <= max_digits and text.isascii() and text.isdigit()):
        return None
    return int(text)


def text_of(raw: object) -> str:
    """Cell text as a clerk sees it: 7.0 is "7", strings are stripped."""
    if isinstance(raw, str):  # nearly every cell: asked first
        return raw.strip()
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw).strip()


def stored_text(column: Column, raw: object) -> str:
    """A cell's text as a nomination stores it: as typed, but a name without its zero-width
    characters, so that a form and an import store the same string."""
    text = text_of(raw)
    return strip_zero_width(text).strip() if column.is_name else text


def _text(raw: object) -> Parsed:
    text = raw.strip() if isinstance(raw, str) else text_of(raw)  # most cells of a sheet
    return (text or None), None


# NUL and the bidi controls (U+202A–U+202E, U+2066–U+2069): refused in a cell as in a request.
_FORBIDDEN = re.compile("[\x00\u202a-\u202e\u2066-\u2069]")


def _bounded_text(column: Column) -> Parser:
    """Free text within the column's limit (issue 11); a name loses its zero-width characters."""
    limit = column.max_length

    def parse(raw: object) -> Parsed:
        text, _ = _text(raw)
        if text is None:
            return None, None
        if _FORBIDDEN.search(text):
            return None, (
                f"“{column.name}”含有不可见的控制字符",
                "请删除空字符或文字方向控制字符后重新填写",
            )
        if column.is_name:
            text = strip_zero_width(text).strip() or None
            if text is None:
                return None, None
        refusal = length_refusal(column.name, text, limit)
        return (None, refusal) if refusal else (text, None)

    return parse


def _seq(raw: object) -> Parsed:
    text = raw.strip() if isinstance(raw, str) else text_of(raw)
    return (text or None), None


def _choices(allowed: tuple[str, ...], what: str) -> Parser:
    allowed_set = frozenset(allowed)
    listing = "、".join(allowed)

    def parse(raw: object) -> Parsed:
        text = text_of(raw)
        if not text:
            return None, None
        if text in allowed_set:
            return text, None
        return None, (f"{what}“{text}”不在可选范围内", f"请从下列值中选择：{listing}")

    return parse


def _tags(allowed: tuple[str, ...], what: str) -> Parser:
    allowed_set = frozenset(allowed)
    listing = "、".join(allowed)

    def parse(raw: object) -> Parsed:
        text = text_of(raw)
        if text in _BLANKS:
            return frozenset(), None
        values = frozenset(part for part in _LIST_SPLIT.split(text) if part)
        unknown = values - allowed_set
        if unknown:
            return values & allowed_set, (
                f"{what}中的“{'、'.join(sorted(unknown))}”不在可选范围内",
                f"可选：{listing}，多个用“、”分隔",
            )
        return values, None

    return parse


def parse_date(raw: object) -> Parsed:
    if raw is None or raw == "":
        return None, None
    if isinstance(raw, datetime):
        return raw.date(), None
    if isinstance(raw, date):
        return raw, None
    text = text_of(raw)
    match = _DATE.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])), None
        except ValueError:
            pass
    return None, (f"日期“{text}”无法识别", "请按“YYYY-MM-DD”填写，如 2024-03-01")


def _month(raw: object) -> Parsed:
    if isinstance(raw, (date, datetime)) or (isinstance(raw, str) and _DATE.match(raw.strip())):
        value, problem = parse_date(raw)
        return (value.replace(day=1) if value else None), problem
    text = text_of(raw)
    if not text:
        return None, None
    # 1985.10 typed into a number cell is stored as 1985.1: the month is ambiguous (1 or 10).
    # Checked before the pattern, which would read it as January.
    if isinstance(raw, float) and text.endswith(".1"):
        return None, (
            f"出生年月“{text}”被存为数字，无法区分月份",
            "请把该列设为文本格式，按“YYYY-MM”填写，如 1985-10",
        )
    match = _MONTH.match(text)
    if match and 1 <= int(match[2]) <= 12:
        return date(int(match[1]), int(match[2]), 1), None
    return None, (f"出生年月“{text}”无法识别", "请按“YYYY-MM”或“YYYY.MM”填写，如 1985-10")


def _number_stored(raw: object, what: str) -> Problem:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return (f"{what}被存为数字，末几位可能已丢失", f"请把{what}一列设为文本格式后重新填写")
    return None


def _id_number(raw: object) -> Parsed:
    stored = _number_stored(raw, "身份证号")
    if stored:
        return None, stored
    text = text_of(raw).upper()
    if not text:
        return None, None
    problem = id_number_problem(text)
    if problem:
        return None, (problem, "请核对身份证原件后重新填写")
    return text, None


def _credit_code(raw: object) -> Parsed:
    stored = _number_stored(raw, "统一社会信用代码")
    if stored:
        return None, stored
    text = text_of(raw).upper()
    if not text:
        return None, None
    problem = credit_code_problem(text)
    if problem:
        return None, (problem, "请核对营业执照或登记证书后重新填写")
    return text, None


def _areas(count: int) -> Parser:
    def parse(raw: object) -> Parsed:
        text = text_of(raw)
        if text in _BLANKS:
            return frozenset(), None
        numbers: set[int] = set()
        for part in _LIST_SPLIT.split(text):
            number = whole_number(part.strip("（）()"))
            if number is not None and 1 <= number <= count:
                numbers.add(number)
            elif part:
                return frozenset(numbers), (
                    f"贡献领域“{part}”无法识别",
                    f"请填写通知第二部分所列条件的序号 1–{count}，多个用“、”分隔",
                )
        return frozenset(numbers), None

    return parse


def _years(raw: object) -> Parsed:
    text = text_of(raw)
    if text in _BLANKS:
        return (), None
    years = []
    for part in _LIST_SPLIT.split(text):
        digits = part.removesuffix("年")  # keep ``part`` whole for the message: “去年”, not “去”
        year = whole_number(digits, max_digits=4)
        if len(digits) == 4 and year is not None:
            years.append(year)
        elif digits:  # a lone “年” of “2019 年” is not an error
            return tuple(years), (
                f"年份“{part}”无法识别",
                "请填写四位年份，多个用“、”分隔，如 2019、2022",
            )
    return tuple(sorted(years)), None


def _negatives(types: tuple[str, ...], aliases: dict[str, str]) -> Parser:
    known = frozenset(types)

    def parse(raw: object) -> Parsed:
        text = text_of(raw)
        if text in _BLANKS:
            return (), None
        records: list[tuple[str, date]] = []
        for entry in re.split(r"[；;\n]+", text):
            entry = entry.strip()
            if not entry:
                continue
            match = _NEGATIVE.match(entry)
            kind = match[1].strip() if match else entry
            kind = aliases.get(kind, kind)
            when = parse_date(match[2])[0] if match else None
            if kind not in known or when is None:
                return tuple(records), (
                    f"负面记录“{entry}”无法识别",
                    f"请按“类型:YYYY-MM-DD”填写，多条用“；”分隔；类型为：{'、'.join(types)}",
                )
            records.append((kind, when))
        return tuple(records), None

    return parse


def _count(raw: object) -> Parsed:
    text = text_of(raw)
    if not text:
        return None, None
    number = whole_number(text)
    if number is not None:
        return number, None
    return None, (f"人数“{text}”不是整数", "请填写阿拉伯数字，如 8")


def build_parsers(spec: Spec, columns: tuple[Column, ...]) -> dict[str, Parser]:
    vocabulary = spec.vocabulary.model_dump()
    eligibility = spec.eligibility
    parsers: dict[str, Parser] = {}
    for column in columns:
        kind = column.kind
        if kind == Kind.ENUM and column.choices:
            parsers[column.name] = _choices(column.choices, column.name)
        elif kind == Kind.ENUM:
            assert column.vocabulary
            parsers[column.name] = _choices(tuple(vocabulary[column.vocabulary]), column.name)
        elif kind == Kind.TAGS:
            assert column.vocabulary
            parsers[column.name] = _tags(tuple(vocabulary[column.vocabulary]), column.name)
        elif kind == Kind.BOOL:
            parsers[column.name] = _choices((TRUE, FALSE), column.name)
        elif kind == Kind.BOOL_NA:
            parsers[column.name] = _choices((TRUE, FALSE, NOT_APPLICABLE), column.name)
        elif kind == Kind.UNIT:
            parsers[column.name] = _choices(tuple(spec.unit_names()), column.name)
        elif kind == Kind.AWARD_KIND:
            parsers[column.name] = _choices(AWARD_KINDS, column.name)
        elif kind == Kind.AREAS:
            parsers[column.name] = _areas(len(spec.contribution_areas))
        elif kind == Kind.NEGATIVES:
            parsers[column.name] = _negatives(
                tuple(eligibility.negative_record_types), dict(eligibility.negative_record_aliases)
            )
        elif kind == Kind.TEXT:
            parsers[column.name] = _bounded_text(column)
        else:
            parsers[column.name] = _SIMPLE[kind]
    return parsers


_SIMPLE: dict[Kind, Parser] = {
    Kind.TEXT: _text,
    Kind.SEQ: _seq,
    Kind.MONTH: _month,
    Kind.DATE: parse_date,
    Kind.ID_NUMBER: _id_number,
    Kind.CREDIT_CODE: _credit_code,
    Kind.YEARS: _years,
    Kind.COUNT: _count,
}
