"""What a public notice may show (三（三）1, 三（六）): which nominations appear at each level and
which of their fields. Pages, exports and the API all ask here, so that a 涉敏 nominee is left out
of every county, city and public output by one rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pingxuan.core.columns import TRUE
from pingxuan.core.nominations import Nomination
from pingxuan.core.ordering import sort_nominations
from pingxuan.core.spec.models import PublicityLevel, Spec
from pingxuan.core.strokes import StrokeOrder

SENSITIVE = "涉敏"


class Exposure(Enum):
    SHOWN = "shown"
    HIDDEN = "hidden"  # 涉敏, at a level that must not show it
    BLOCKED = "blocked"  # 涉敏 not answered: nothing may be published until it is


@dataclass(frozen=True)
class NoticeRow:
    """One line of a notice: the allowed fields only, in the order the spec lists them.
    ``sensitive`` marks a 涉敏 nominee, present only at a level that shows them (the unit's
    own notice): such a row is for the unit's notice board, never for an anonymous reader."""

    award: str
    fields: tuple[tuple[str, str], ...]
    source: Nomination = field(compare=False, repr=False)
    sensitive: bool = False

    def get(self, name: str) -> str:
        return dict(self.fields).get(name, "")


@dataclass(frozen=True)
class NoticeContent:
    level: PublicityLevel
    rows: tuple[NoticeRow, ...]
    blocked: tuple[Nomination, ...]  # whose 涉敏 answer is missing; publication must wait

    @property
    def publishable(self) -> bool:
        return not self.blocked


def level_of(spec: Spec, key: str) -> PublicityLevel:
    for level in spec.publicity.levels:
        if level.key == key:
            return level
    raise KeyError(key)


# The three kinds of level a spec may name (``PublicityLevel.key``): a unit's own notice, the
# middle one published by the units of some levels (``published_by``), the organiser's.
UNIT_KEY, MIDDLE_KEY, TOP_KEY = "unit", "county", "city"


def carried_levels(child: Spec, parent: Spec, unit_level: str) -> dict[str, str]:
    """Which of the parent's levels each of a child campaign's notices stands for, for the picks
    the child forwards as a parent unit of level ``unit_level`` (三（二）: the lower rounds feed
    the upper one). The child's unit notices are the parent's unit notices. The child's top
    notice, published by its organiser (the parent's unit itself), is the parent's middle notice
    when the parent lets units of that level publish one (its ``published_by``). Nothing else
    is carried: a level missing on either side maps to nothing, and the parent's top notice is
    always its own."""
    child_keys = {level.key for level in child.publicity.levels}
    parent_levels: dict[str, PublicityLevel] = {lv.key: lv for lv in parent.publicity.levels}
    found: dict[str, str] = {}
    if UNIT_KEY in child_keys and UNIT_KEY in parent_levels:
        found[UNIT_KEY] = UNIT_KEY
    middle = parent_levels.get(MIDDLE_KEY)
    if TOP_KEY in child_keys and middle is not None and unit_level in middle.published_by:
        found[TOP_KEY] = MIDDLE_KEY
    return found


_COUNTS = "零一两三四五六七八九"


def levels_word(spec: Spec) -> str:
    """How many notices the procedure has, as 两审三公示 says it: 三 in Zhengzhou, 两 in a county
    whose own round has the unit's and the county's notices only."""
    count = len(spec.publicity.levels)
    return _COUNTS[count] if count < len(_COUNTS) else str(count)


def is_sensitive(nomination: Nomination) -> bool:
    """Answered 涉敏 = 是. The cell parser keeps a 是/否 column as its text: "否" is a truthy
    string, not an answer of "yes" (True is accepted too, for facts built by hand)."""
    return nomination.facts.get(SENSITIVE) in (TRUE, True)


def exposure(level: PublicityLevel, nomination: Nomination) -> Exposure:
    if nomination.facts.get(SENSITIVE) is None:
        return Exposure.BLOCKED
    if is_sensitive(nomination) and not level.shows_sensitive:
        return Exposure.HIDDEN
    return Exposure.SHOWN


def public_fields(spec: Spec, award: str) -> list[str]:
    """The fields a notice shows for ``award`` (奖状/先锋号: unit and deeds; 奖章: name, unit,
    职务 and deeds), as the spec's [publicity] lists them."""
    return list(spec.publicity.fields.get(award, []))


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def notice_content(spec: Spec, level_key: str, nominations: Iterable[Nomination]) -> NoticeContent:
    """The rows of a notice at ``level_key``: award by award in the spec's order, each award's
    rows in the order of the spec's printed lists (姓氏笔画, ``pingxuan.core.ordering``).
    Withdrawn and hidden 涉敏 nominations are left out, every nomination with an unanswered 涉敏
    is listed as blocking. 备选 rows stay
    in: an alternate may yet be awarded, and only a noticed nominee may be."""
    level = level_of(spec, level_key)
    shown: list[Nomination] = []
    blocked: list[Nomination] = []
    for nomination in nominations:
        if nomination.withdrawn:
            continue
        seen = exposure(level, nomination)
        if seen is Exposure.BLOCKED:
            blocked.append(nomination)
        elif seen is Exposure.SHOWN:
            shown.append(nomination)
    order = StrokeOrder(spec.documents.name_order)
    rows: list[NoticeRow] = []
    for award in spec.awards:
        listed = sort_nominations((n for n in shown if n.award == award.name), order)
        rows.extend(_row(spec, nomination) for nomination in listed)
    return NoticeContent(level, tuple(rows), tuple(blocked))


def _row(spec: Spec, nomination: Nomination) -> NoticeRow:
    fields = tuple(
        (name, _text(nomination.facts.get(name))) for name in public_fields(spec, nomination.award)
    )
    return NoticeRow(nomination.award, fields, nomination, is_sensitive(nomination))
