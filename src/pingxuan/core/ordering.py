"""The order of an award's list of nominations, 按姓氏笔画 as official lists print it (issue 5, 2.).

Persons by 姓名, organisations by 单位全称, teams by 所属单位全称 and then 集体名称, each by
``pingxuan.core.strokes``. A row without a name (an unreadable row) goes to the end of its group
rather than failing the whole list; a character without stroke data takes its fallback place
(docs/ordering.md, 缺字): no list ever refuses a name.
"""

from __future__ import annotations

from collections.abc import Iterable

from pingxuan.core.nominations import Nomination
from pingxuan.core.strokes import (
    NameKey,
    PersonKey,
    StrokeOrder,
    organisation_key,
    person_key,
)

# A list mixing subjects (it should not) keeps them apart: 单位, then 集体, then 个人.
SUBJECT_RANK = {"organisation": 0, "team": 1, "person": 2}


def sort_names(nomination: Nomination) -> tuple[str, ...]:
    """The texts a nomination sorts by, most significant first."""
    facts = nomination.facts
    if nomination.subject == "person":
        return (str(facts.get("姓名") or ""),)
    if nomination.subject == "team":
        # A tuple, not one joined string: the teams of one unit stay together even when another
        # unit's name starts with this one's (郑州地铁 and 郑州地铁集团).
        return (str(facts.get("所属单位全称") or ""), str(facts.get("集体名称") or ""))
    return (str(facts.get("单位全称") or ""),)


def nomination_sort_key(
    nomination: Nomination, order: StrokeOrder = StrokeOrder.SURNAME
) -> tuple[int, bool, tuple[PersonKey | tuple[NameKey], ...]]:
    """Sort key of a nomination in its award's list."""
    texts = sort_names(nomination)
    if nomination.subject == "person":
        keys: tuple[PersonKey | tuple[NameKey], ...] = (person_key(texts[0], order),)
    else:
        keys = tuple(organisation_key(text) for text in texts)
    unnamed = not "".join(texts).strip()
    return (SUBJECT_RANK.get(nomination.subject, len(SUBJECT_RANK)), unnamed, keys)


def sort_nominations(
    nominations: Iterable[Nomination], order: StrokeOrder = StrokeOrder.SURNAME
) -> list[Nomination]:
    """The nominations in list order."""
    return sorted(nominations, key=lambda nomination: nomination_sort_key(nomination, order))
