"""Names in 姓氏笔画 / 姓名笔画 order, as official lists print them (issue 5, 2.; docs/ordering.md).

A character compares by its number of strokes, then stroke by stroke in the order 横竖撇点折,
then, for characters of identical strokes, by 字形结构: 左右形 before 上下形 before 整体形 (叶
before 申, both 25112), and last by code point (甲 before 申, both 整体), which is arbitrary but
stable. A name compares character by character.

Why our own module: the rules below (姓氏 or 姓名, 复姓, padding, the place of a character
without data) are the office's practice and must stay visible; only the per-character data comes
from outside (npm cnchar-order and cnchar-radical 3.2.6, rime-stroke, Unihan), converted by
tools/strokes/make_strokes.py into ``data/strokes.tsv``: every character of CJK Unified Ideographs
and Extension A, a traditional character with its simplified form's data (劉 as 刘).

Characters other than those:
- spaces of any kind (the full-width padding of ``贺　彪``) and the middle dots of minority names
  (``阿依古丽·买买提``) are ignored;
- a compatibility form (⾦ the Kangxi radical, 豈 the compatibility ideograph) orders as the
  character NFKC makes of it (金, 豈);
- a Han character without data (Extension B and later) or a private-use character (a 造字) sorts
  after every character with data, by code point: a defined place, never a refusal;
- anything else (Latin letters, digits, brackets of organisation names) sorts after those, by its
  NFKC form case-folded, then by code point.
``unknown_characters`` names what has no data, so that ``pingxuan check`` and the unit page
can warn (``pingxuan.core.rules.data.check_name_orderable``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import TypeVar

T = TypeVar("T")

# One character: (0 Han | 1 Han without data | 2 other, stroke count, strokes as digits 1-6,
# structure 1-3, code point). 6 is a stroke of unknown shape (only the count is known).
CharKey = tuple[int, int, str, int, int]
NameKey = tuple[CharKey, ...]
# 姓氏笔画: (surname, length of the given name, given name); 姓名笔画: (whole name,).
PersonKey = tuple[NameKey, int, NameKey] | tuple[NameKey]

HAN = 0
UNKNOWN = 1
OTHER = 2

FULL_WIDTH_SPACE = "\u3000"

# Middle dots separating the parts of transliterated minority names, in the spellings clerks type.
MIDDLE_DOTS = frozenset("\u00b7\u30fb\u2027\uff65\u2022\u2219\u22c5")

# Blocks of Han ideographs (CJK Unified and extensions, compatibility ideographs, radicals).
# A character from these without stroke data is missing data, not "other".
HAN_BLOCKS = (
    (0x2E80, 0x2FDF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
    (0x30000, 0x323AF),
)
# Private use: the 造字 of a clerk's font for a character no standard encodes.
PRIVATE_USE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))

# Two-character surnames (复姓) met in practice; a name starting with one of them (and longer than
# it) has it as surname, so 司马光 is 司马 + 光, not 司 + 马光.
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "令狐",
        "司徒",
        "夏侯",
        "轩辕",
        "长孙",
        "宇文",
        "端木",
        "西门",
        "澹台",
        "公冶",
        "濮阳",
        "淳于",
        "单于",
        "太史",
        "申屠",
        "闻人",
        "呼延",
        "百里",
        "东郭",
        "南宫",
        "万俟",
        "钟离",
        "宗政",
        "独孤",
        "左丘",
    }
)


class StrokeOrder(StrEnum):
    # 姓氏笔画: surname first, a one-character given name before a two-character one
    # (全国政协、党代会名单的排法). 姓名笔画: the whole name character by character (人大的排法).
    SURNAME = "姓氏笔画"
    FULL_NAME = "姓名笔画"


@cache
def _data() -> dict[str, tuple[str, int]]:
    """{character: (strokes as digits 1-5, structure 1 左右 / 2 上下 / 3 整体)}, read once."""
    text = files("pingxuan.core").joinpath("data/strokes.tsv").read_text(encoding="utf-8")
    start = text.index("\n", text.rindex("\n#") + 1) + 1  # past the comment lines of the header
    fields = text[start:].split()
    characters, sequences, structures = fields[0::3], fields[1::3], fields[2::3]
    return {
        character: (sequence, int(structure))
        for character, sequence, structure in zip(characters, sequences, structures, strict=True)
    }


@cache
def stroke_table() -> dict[str, str]:
    """{character: strokes as digits 1-6}: 27,584 characters, loaded once in about 40 ms."""
    return {character: sequence for character, (sequence, _) in _data().items()}


def strokes(character: str) -> str | None:
    """The character's strokes as digits 1-5 (横竖撇点折, 6 unknown), or None without data."""
    known = _known(character)
    return None if known is None else known[0]


def _known(character: str) -> tuple[str, int] | None:
    data = _data()
    known = data.get(character)
    if known is None and not character.isascii():
        # ⾦ (Kangxi radical) and 豈 (compatibility ideograph) are 金 and 豈 to a reader.
        normal = unicodedata.normalize("NFKC", character)
        known = data.get(normal) if normal != character else None
    return known


def is_han(character: str) -> bool:
    point = ord(character)
    return any(low <= point <= high for low, high in HAN_BLOCKS)


def is_private_use(character: str) -> bool:
    point = ord(character)
    return any(low <= point <= high for low, high in PRIVATE_USE)


def is_ignored(character: str) -> bool:
    return character.isspace() or character in MIDDLE_DOTS


def strip_padding(name: str) -> str:
    """The name without the spaces that pad it for print (``贺　彪`` → ``贺彪``) or any other."""
    return "".join(ch for ch in name if not ch.isspace())


def pad_name(name: str) -> str:
    """A two-character Han name with a full-width space between (``贺　彪``); others unchanged."""
    bare = strip_padding(name)
    if len(bare) == 2 and all(map(is_han, bare)):
        return bare[0] + FULL_WIDTH_SPACE + bare[1]
    return name


def _significant(name: str) -> str:
    return "".join(ch for ch in name if not is_ignored(ch))


def missing_characters(names: Iterable[str]) -> list[str]:
    """Han and private-use characters of the names without stroke data, each once, by code
    point: what an organisation's name may carry only by mistake or as a rare character."""
    return sorted(
        {
            ch
            for name in names
            for ch in name
            if (is_han(ch) or is_private_use(ch)) and _known(ch) is None
        }
    )


def unknown_characters(name: str) -> list[str]:
    """The characters of a person's name without stroke data, each once, in the name's order:
    a Han character without data, a 造字, or a Latin letter or digit typed by mistake."""
    found = [ch for ch in name if not is_ignored(ch) and _known(ch) is None]
    return list(dict.fromkeys(found))


def _char_key(character: str) -> CharKey:
    known = _known(character)
    if known is not None:
        sequence, structure = known
        return (HAN, len(sequence), sequence, structure, ord(character))
    if is_han(character) or is_private_use(character):
        return (UNKNOWN, 0, "", 0, ord(character))
    return (OTHER, 0, unicodedata.normalize("NFKC", character).casefold(), 0, ord(character))


def _name_key(text: str) -> NameKey:
    return tuple(_char_key(ch) for ch in text)


def split_surname(name: str) -> tuple[str, str]:
    """(surname, given name) of a bare name: 司马光 → (司马, 光), 王填 → (王, 填)."""
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def person_key(name: str, order: StrokeOrder = StrokeOrder.SURNAME) -> PersonKey:
    """Sort key of a person's name; a character without data takes its fallback place.

    姓氏笔画: the surname (a compound surname as one unit, so 欧 before 欧阳), then the length of
    the given name (高富 before 高大富), then the given name stroke by stroke.
    姓名笔画: the whole name character by character (高大富 before 高富: 大 has fewer strokes).
    """
    text = _significant(name)
    if order is StrokeOrder.FULL_NAME:
        return (_name_key(text),)
    surname, given = split_surname(text)
    return (_name_key(surname), len(given), _name_key(given))


def organisation_key(name: str) -> tuple[NameKey]:
    """Sort key of an organisation's full name, character by character."""
    text = _significant(name)
    return (_name_key(text),)


def sort_people(
    items: Iterable[T],
    *,
    name: Callable[[T], str] = str,
    order: StrokeOrder = StrokeOrder.SURNAME,
) -> list[T]:
    """The items by their person's name."""
    return sorted(items, key=lambda item: person_key(name(item), order))


def sort_organisations(items: Iterable[T], *, name: Callable[[T], str] = str) -> list[T]:
    """The items by their organisation's full name."""
    return sorted(items, key=lambda item: organisation_key(name(item)))
