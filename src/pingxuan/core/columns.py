"""The exchange workbook's columns (RULES.md §6): the contract between units, the city and us.

Column names are the project's exchange format, not a notice's numbers, so they live in code;
the values an enumerated column accepts come from the campaign spec's vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Kind(StrEnum):
    TEXT = "text"
    SEQ = "seq"
    UNIT = "unit"
    ENUM = "enum"  # one value of a vocabulary list
    TAGS = "tags"  # any values of a vocabulary list, joined with 、
    BOOL = "bool"  # 是 / 否
    BOOL_NA = "bool_na"  # 是 / 否 / 不适用
    MONTH = "month"  # 出生年月: YYYY-MM, YYYY.MM or a full date
    DATE = "date"
    ID_NUMBER = "id_number"
    CREDIT_CODE = "credit_code"
    AREAS = "areas"  # contribution areas 1..n joined with 、
    YEARS = "years"
    NEGATIVES = "negatives"  # 类型:YYYY-MM-DD joined with ；
    COUNT = "count"
    AWARD_KIND = "award_kind"  # 表彰类型


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind
    vocabulary: str | None = None  # attribute of spec.vocabulary for ENUM / TAGS
    required: bool = True  # the column must be present in the sheet
    choices: tuple[str, ...] = ()  # the values of an ENUM a spec declares itself (spec.columns)

    @property
    def max_length(self) -> int:
        """The most characters a cell of this column may hold, on every entry path (issue 11)."""
        return max_length_of(self.name, self.kind)

    @property
    def is_name(self) -> bool:
        """A name (person, unit, team): zero-width characters are removed from it."""
        return self.name in NAME_COLUMNS


# One set of field limits (issue 11): the portal forms, the Excel import and `pingxuan check`
# all read these. 简要事迹 keeps the web form's 4,000 characters (the notice sets no length);
# the 推荐审批表 lays a nomination at these lengths out within its time budget.
LONG_TEXT_COLUMNS = frozenset({"简要事迹", "新的突出贡献"})
LONG_TEXT_MAX = 4000
NAME_COLUMNS = frozenset({"姓名", "推荐单位", "单位全称", "集体名称", "所属单位全称", "工作单位"})
MAX_LENGTH_BY_NAME = {"姓名": 50, "民族": 20, "政治面貌": 20, "职务": 100}
MAX_LENGTH_BY_KIND = {
    Kind.SEQ: 10,
    Kind.MONTH: 10,
    Kind.DATE: 10,
    Kind.ID_NUMBER: 18,
    Kind.CREDIT_CODE: 18,
    Kind.YEARS: 100,
    Kind.COUNT: 10,
    Kind.BOOL: 10,
    Kind.BOOL_NA: 10,
}
TEXT_MAX = 200

# Invisible characters that make two equal-looking names differ.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH_TABLE = str.maketrans("", "", ZERO_WIDTH)


def max_length_of(name: str, kind: Kind) -> int:
    if name in LONG_TEXT_COLUMNS:
        return LONG_TEXT_MAX
    if name in MAX_LENGTH_BY_NAME:
        return MAX_LENGTH_BY_NAME[name]
    return MAX_LENGTH_BY_KIND.get(kind, TEXT_MAX)


def strip_zero_width(text: str) -> str:
    """The name as it looks: zero-width spaces, joiners and byte-order marks removed."""
    return text.translate(_ZERO_WIDTH_TABLE)


def length_refusal(label: str, text: str, limit: int) -> tuple[str, str] | None:
    """What is wrong with text over its limit and what to do, in the one wording every entry
    path uses (a cell, a form field, an office note); None if within."""
    if len(text) <= limit:
        return None
    return f"“{label}”共{len(text)}字，超过上限{limit}字", f"请删减到{limit}字以内"


def too_long(row: int, column: Column, text: str) -> str | None:
    """The refusal for a cell over its limit, naming row, column and limit; None if within."""
    refusal = length_refusal(column.name, text, column.max_length)
    return None if refusal is None else f"第{row}行{refusal[0]}"


def _c(
    name: str, kind: Kind = Kind.TEXT, vocabulary: str | None = None, required: bool = True
) -> Column:
    return Column(name, kind, vocabulary, required)


BOOL = Kind.BOOL
TRUE, FALSE, NOT_APPLICABLE = "是", "否", "不适用"

COMPREHENSIVE, SPECIAL, ALTERNATE = "综合表彰", "专项表彰", "备选"
AWARD_KINDS = (COMPREHENSIVE, SPECIAL, ALTERNATE)

_HEAD = [_c("序号", Kind.SEQ), _c("推荐单位", Kind.UNIT)]
_HONOURS = [
    _c("荣誉级别", Kind.ENUM, "honour_levels"),
    _c("曾获市级荣誉年份", Kind.YEARS),
    _c("新的突出贡献"),
    _c("职代会审议日期", Kind.DATE),
]
_BASICS = [
    _c("已建工会", BOOL),
    _c("按时缴纳工会经费", BOOL),
    _c("建立职代会制度", Kind.BOOL_NA),
    _c("签订集体合同", Kind.BOOL_NA),
    _c("劳动关系和谐", BOOL),
    _c("负面记录", Kind.NEGATIVES),
]
_COMMON_FACTS = [
    _c("单位性质", Kind.ENUM, "ownership"),
]

PERSON = (
    *_HEAD,
    _c("姓名"),
    _c("性别", Kind.ENUM, "genders"),
    _c("民族"),
    _c("出生年月", Kind.MONTH),
    _c("政治面貌"),
    _c("身份证号", Kind.ID_NUMBER),
    _c("工作单位"),
    _c("职务"),
    *_COMMON_FACTS,
    _c("身份类别", Kind.ENUM, "categories"),
    _c("人员标签", Kind.TAGS, "tags"),
    _c("是否重点产业", BOOL),
    _c("贡献领域", Kind.AREAS),
    *_HONOURS,
    _c("表彰类型", Kind.AWARD_KIND),
    _c("备选对象序号", Kind.SEQ),
    _c("跨区域农民工", BOOL),
    _c("对方同意", BOOL),
    _c("涉敏", BOOL),
    _c("简要事迹"),
    *(Column(c.name, c.kind, c.vocabulary, required=False) for c in _BASICS),
)

ORGANISATION = (
    *_HEAD,
    _c("单位全称"),
    _c("统一社会信用代码", Kind.CREDIT_CODE),
    *_COMMON_FACTS,
    _c("是否企业", BOOL),
    _c("是否重点产业", BOOL),
    _c("贡献领域", Kind.AREAS),
    _c("开展劳动和技能竞赛", BOOL),
    *_BASICS,
    *_HONOURS,
    _c("涉敏", BOOL),
    _c("简要事迹"),
)

TEAM = (
    *_HEAD,
    _c("集体名称"),
    _c("所属单位全称"),
    _c("集体类型", Kind.ENUM, "team_types"),
    _c("是否企业一线班组", BOOL),
    *_COMMON_FACTS,
    _c("是否重点产业", BOOL),
    _c("贡献领域", Kind.AREAS),
    _c("开展劳动和技能竞赛", BOOL),
    *_HONOURS,
    _c("涉敏", BOOL),
    _c("简要事迹"),
)

COLUMNS_BY_SUBJECT: dict[str, tuple[Column, ...]] = {
    "person": PERSON,
    "organisation": ORGANISATION,
    "team": TEAM,
}


class ExtraColumn(Protocol):
    """A column a campaign spec adds for its own conditions (spec.columns)."""

    @property
    def name(self) -> str: ...
    @property
    def subjects(self) -> Sequence[str]: ...
    @property
    def values(self) -> Sequence[str]: ...


def sheet_columns(subject: str, extra: Iterable[ExtraColumn] = ()) -> tuple[Column, ...]:
    """The exchange columns of a subject, then the spec's own (optional, one value of a list)."""
    own = tuple(
        Column(c.name, Kind.ENUM, required=False, choices=tuple(c.values))
        for c in extra
        if subject in c.subjects
    )
    return COLUMNS_BY_SUBJECT[subject] + own if own else COLUMNS_BY_SUBJECT[subject]


# Facts computed from other columns, usable in spec conditions like any column.
DERIVED_FACTS: dict[str, dict[str, tuple[str, ...]]] = {
    "person": {"少数民族": (TRUE, FALSE), "民主党派": (TRUE, FALSE)},
    "organisation": {},
    "team": {},
}

# The column that names a nomination on a page or in a message.
NAME_COLUMN = {"person": "姓名", "organisation": "单位全称", "team": "集体名称"}

UNIT_SHEET = "推荐单位情况"
UNIT_SHEET_PLEDGE = "脱密承诺书"


def initial_count_column(short_name: str, subject: str) -> str:
    """推荐单位情况 names its columns after the award: 奖章初始提名人数, 奖状初始提名数."""
    return f"{short_name}初始提名{'人数' if subject == 'person' else '数'}"


def column(subject: str, name: str) -> Column | None:
    for candidate in COLUMNS_BY_SUBJECT[subject]:
        if candidate.name == name:
            return candidate
    return None


# Cells that must not be blank: the rules cannot place or count a nomination without them.
REQUIRED_VALUES: dict[str, tuple[str, ...]] = {
    "person": ("推荐单位", "姓名", "性别", "身份证号", "单位性质", "身份类别", "是否重点产业"),
    "organisation": (
        "推荐单位",
        "单位全称",
        "统一社会信用代码",
        "单位性质",
        "是否企业",
        "是否重点产业",
    ),
    "team": (
        "推荐单位",
        "集体名称",
        "所属单位全称",
        "集体类型",
        "是否企业一线班组",
        "单位性质",
        "是否重点产业",
    ),
}
