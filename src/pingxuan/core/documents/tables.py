"""THE data of a 推荐对象情况汇总表 (附件 of the notice), for the xlsx and the PDF alike.

A unit's table lists its nominations of one award 按姓氏笔画 (``pingxuan.core.ordering``); the
city's table lists every unit's, unit by unit in the order of the notice's 附件, with a
推荐单位 column. Each unit's place usage is the engine's seating (``Checker`` →
``quota.seat``), never a count of our own. 序号 is the unit's own number of the row (1..n per
unit and award, as its workbook and every page show it), so it need not rise down the page; a
row without a usable one is numbered on from the unit's highest. 备选对象序号 is the printed
number of the leader, so that the paper refers to its own rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from pingxuan.core.cells import whole_number
from pingxuan.core.columns import ALTERNATE, COLUMNS_BY_SUBJECT, SPECIAL, Column, Kind
from pingxuan.core.gcpause import gc_paused
from pingxuan.core.nominations import Nomination
from pingxuan.core.ordering import sort_nominations
from pingxuan.core.rules.engine import Checker
from pingxuan.core.rules.quota import Seating
from pingxuan.core.spec.models import Award, Spec
from pingxuan.core.strokes import StrokeOrder, pad_name, strip_padding

SEQ, UNIT, ALTERNATE_OF, NAME = "序号", "推荐单位", "备选对象序号", "姓名"
LAST = "简要事迹"  # the long text: last, where the column may be wide
KIND = "推荐对象情况汇总表"
_YEAR_AND_CITY = re.compile(r"^(\d{4}年)?(.{1,8}?[市县区])")


# Column kinds whose facts are the text itself (or None).
PLAIN = frozenset(
    {
        Kind.TEXT,
        Kind.SEQ,
        Kind.UNIT,
        Kind.ENUM,
        Kind.BOOL,
        Kind.BOOL_NA,
        Kind.ID_NUMBER,
        Kind.CREDIT_CODE,
        Kind.AWARD_KIND,
    }
)


def printed_columns(subject: str, *, city: bool) -> list[Column]:
    """序号, (推荐单位 for the city,) then the exchange workbook's columns, 简要事迹 last."""
    columns = COLUMNS_BY_SUBJECT[subject]
    by_name = {c.name: c for c in columns}
    middle = [c for c in columns if c.name not in (SEQ, UNIT, LAST)]
    head = [by_name[SEQ], by_name[UNIT]] if city else [by_name[SEQ]]
    return [*head, *middle, by_name[LAST]]


class CellText:
    """A fact as the exchange workbook writes it, so that reading it back gives the same fact."""

    def __init__(self, spec: Spec):
        self.tags = {tag: i for i, tag in enumerate(spec.vocabulary.tags)}

    def __call__(self, column: Column, value: Any) -> str:
        return "" if value is None else self.formatter(column)(value)

    def formatter(self, column: Column) -> Callable[[Any], str]:
        """How a column's (non-None) fact becomes text; chosen once per column, not per cell."""
        kind = column.kind
        if column.name == NAME:
            return _name_text
        if kind == Kind.MONTH:
            return _month_text
        if kind == Kind.DATE:
            return _date_text
        if kind == Kind.TAGS:
            return self._tags_text
        if kind in (Kind.AREAS, Kind.YEARS):
            return _numbers_text
        if kind == Kind.NEGATIVES:
            return _negatives_text
        return str

    def _tags_text(self, value: Any) -> str:
        if isinstance(value, str):
            return value
        order = self.tags
        return "、".join(sorted(value, key=lambda tag: (order.get(tag, len(order)), tag)))


def _name_text(value: Any) -> str:
    return pad_name(str(value))


def _month_text(value: Any) -> str:
    return f"{value.year:04d}-{value.month:02d}" if isinstance(value, date) else str(value)


def _date_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _numbers_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return "、".join(str(number) for number in sorted(value))


def _negatives_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return "；".join(f"{what}:{when:%Y-%m-%d}" for what, when in value) or "无"


def read_name(text: str) -> str:
    """The 姓名 of a printed cell: the padding ``pad_name`` added is not part of the name."""
    bare = strip_padding(text)
    return bare if pad_name(bare) == text else text


@dataclass
class UnitGroup:
    """One unit's rows of a table, in printed order, and how it used its places."""

    unit: str
    nominations: list[Nomination]
    numbers: list[str]  # the printed 序号 of each row
    usage: str  # 名额 6 个，推荐 6 个，其中…
    comprehensive: int
    special: int
    alternates: int

    @property
    def count(self) -> int:
        return len(self.nominations)

    @property
    def subtotal(self) -> str:
        counts = counts_text(self.count, self.comprehensive, self.special, self.alternates)
        return f"{self.unit}小计：{counts}"


def counts_text(count: int, comprehensive: int, special: int, alternates: int) -> str:
    parts = [f"综合表彰 {comprehensive} 个"]
    if special:
        parts.append(f"专项表彰 {special} 个")
    if alternates:
        parts.append(f"备选 {alternates} 个")
    return f"共 {count} 个（{'、'.join(parts)}）"


@dataclass
class SummaryTable:
    """Read ``columns`` (header texts), ``rows`` (or ``iter_rows()``), ``groups`` (a unit's rows,
    subtotal and ``usage``), ``totals``; ``fields`` are the columns' exchange definitions."""

    title: str
    award: Award
    unit: str | None  # None: the city's table
    fields: list[Column]
    groups: list[UnitGroup]
    order: StrokeOrder
    text: CellText = field(repr=False)
    whole: str = "全市"  # the spec's campaign.whole_name: who signs a campaign-wide table

    @property
    def columns(self) -> list[str]:
        """The header texts, 序号 first."""
        return [column.name for column in self.fields]

    headers = columns

    @property
    def subject(self) -> str:
        return self.award.subject

    @property
    def count(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def totals(self) -> str:
        groups = self.groups
        return "合计：" + counts_text(
            self.count,
            sum(g.comprehensive for g in groups),
            sum(g.special for g in groups),
            sum(g.alternates for g in groups),
        )

    @property
    def usage(self) -> dict[str, str]:
        """Place usage per unit."""
        return {group.unit: group.usage for group in self.groups}

    def group_rows(self, group: UnitGroup) -> Iterator[list[str]]:
        """The printed cells of a group's rows."""
        numbers = {
            nomination.seq: printed
            for nomination, printed in zip(group.nominations, group.numbers, strict=True)
            if nomination.seq is not None
        }
        names = self.columns
        at = {name: index for index, name in enumerate(names)}
        # Most facts are already their text (or None): only the others are formatted. One C
        # call takes a row's facts in column order; a city has 2.7 million cells.
        formatted = [
            (index, self.text.formatter(column))
            for index, column in enumerate(self.fields)
            if (column.kind not in PLAIN or column.name == NAME) and column.name not in (SEQ, UNIT)
        ]
        pick = itemgetter(*names)
        alternate_at = at.get(ALTERNATE_OF)
        unit_at = at.get(UNIT)
        for index, nomination in enumerate(group.nominations):
            facts = nomination.facts
            try:
                values = pick(facts)
            except KeyError:  # a nomination built by hand, without every column
                values = tuple(facts.get(name) for name in names)
            cells = ["" if value is None else value for value in values]
            for position, format_text in formatted:
                value = values[position]
                if value is not None:
                    cells[position] = format_text(value)
            for problem in nomination.problems:
                # A value the core could not read is printed as it is stored, never dropped:
                # the table is what the unit signs, and read back it must be the same row.
                where = at.get(problem.column)
                if where is not None and problem.text and problem.column not in (SEQ, UNIT):
                    cells[where] = problem.text
            cells[0] = group.numbers[index]
            if unit_at is not None:
                cells[unit_at] = nomination.unit
            if alternate_at is not None and cells[alternate_at]:
                leader = cells[alternate_at]
                cells[alternate_at] = numbers.get(leader, leader)
            yield cells

    def iter_rows(self) -> Iterator[list[str]]:
        for group in self.groups:
            yield from self.group_rows(group)

    @property
    def rows(self) -> list[list[str]]:
        """Every printed row (no subtotals); for a city of 100,000 prefer ``iter_rows``."""
        return list(self.iter_rows())


def table_title(spec: Spec, award: Award) -> str:
    """2024年郑州市五一劳动奖章推荐对象情况汇总表: the campaign's year and city, the award."""
    match = _YEAR_AND_CITY.match(spec.campaign.title)
    prefix = "".join(part for part in match.groups() if part) if match else ""
    return f"{prefix}{award.name}{KIND}"


def place_usage(award: Award, seating: Seating | None, held: int, places: int = 0) -> str:
    """名额 6 个，推荐 6 个，其中一线产业工人 4 个… (附件), from the engine's seating."""
    if award.allocation == "per_unit" and seating is None:  # nothing put forward
        return f"名额 {places} 个，推荐 {held} 个"
    if award.allocation == "pool" or seating is None:
        limit = f"每单位限推 {award.per_unit_max} 个，" if award.per_unit_max else ""
        return f"{limit}推荐 {held} 个"
    placed = sum(len(kind.holders) for kind in seating.kinds)
    text = f"名额 {seating.total} 个，推荐 {placed + len(seating.unplaced)} 个"
    within = [f"{kind.name} {len(kind.holders)} 个" for kind in seating.kinds if kind.holders]
    if within and any(kind.labels for kind in seating.kinds):
        text += "，其中" + "、".join(within)
    empty = [f"{kind.name}空缺 {kind.empty} 个" for kind in seating.kinds if kind.empty > 0]
    if empty:
        text += "；" + "、".join(empty)
    if seating.unplaced:
        text += f"；另有 {len(seating.unplaced)} 个未能安排名额"
    return text


def unit_order(
    nominations: Sequence[Nomination], order: StrokeOrder
) -> tuple[list[Nomination], list[str]]:
    """A unit's rows of one award 按姓氏笔画, and the 序号 each is printed with: its own number;
    a row without a usable one (blank, not a number, taken twice) is numbered on from the
    highest, in the printed order."""
    rows = sort_nominations(nominations, order)
    own: dict[int, str] = {}
    taken: set[int] = set()
    for index, nomination in enumerate(rows):
        seq = whole_number(nomination.seq)
        if seq is not None and seq not in taken:
            taken.add(seq)
            own[index] = str(seq)
    following = iter(range(max(taken, default=0) + 1, max(taken, default=0) + len(rows) + 1))
    return rows, [own[i] if i in own else str(next(following)) for i in range(len(rows))]


@gc_paused()  # sorting 100,000 names makes many tuples; the collector would scan them in vain
def summary_table(
    spec: Spec,
    award_name: str,
    nominations: Sequence[Nomination],
    *,
    unit: str | None = None,
    order: StrokeOrder | None = None,
    checker: Checker | None = None,
) -> SummaryTable:
    """The 汇总表 of one award: of ``unit``, or of the city when ``unit`` is None.

    ``nominations`` may hold other awards and units: only the award's (and unit's) rows are
    listed. ``checker`` is the engine already loaded with them (the web has one); without it
    one is loaded here.
    """
    award = spec.award(award_name)
    order = order or StrokeOrder(spec.documents.name_order)
    listed = [n for n in nominations if n.award == award.name and (unit is None or n.unit == unit)]
    if checker is None:
        checker = Checker(spec).load(listed)
    by_unit: dict[str, list[Nomination]] = {}
    for nomination in listed:
        by_unit.setdefault(nomination.unit, []).append(nomination)
    if unit is not None:  # a unit without rows still prints its (empty) table and its places
        by_unit.setdefault(unit, [])
    known = [name for name in spec.unit_names() if name in by_unit]
    listed_units = set(known)
    units = [*known, *(name for name in by_unit if name not in listed_units)]
    groups: list[UnitGroup] = []
    for name in units:
        rows, numbers = unit_order(by_unit[name], order)
        result = checker.results.get(name)
        seating = None
        held = 0
        if result is not None:
            seating = next((s for s in result.seatings if s.award == award.name), None)
            held = result.comprehensive.get(award.name, 0)
        special = sum(1 for n in rows if n.kind == SPECIAL)
        alternates = sum(1 for n in rows if n.kind == ALTERNATE)
        groups.append(
            UnitGroup(
                unit=name,
                nominations=rows,
                numbers=numbers,
                usage=place_usage(award, seating, held, spec.capacity(name, award.name)),
                comprehensive=len(rows) - special - alternates,
                special=special,
                alternates=alternates,
            )
        )
    return SummaryTable(
        title=table_title(spec, award),
        award=award,
        unit=unit,
        fields=printed_columns(award.subject, city=unit is None),
        groups=groups,
        order=order,
        text=CellText(spec),
        whole=spec.campaign.whole_name,
    )
