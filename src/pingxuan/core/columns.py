"""The exchange workbook's columns (RULES.md §6): the contract between units, the city and us.

Column names are the project's exchange format, not a notice's numbers, so they live in code;
the values an enumerated column accepts come from the campaign spec's vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
