"""What a public notice may show (三（三）1, 三（六）): which nominations appear at each level and
which of their fields. Pages, exports and the API all ask here, so that a 涉敏 nominee is left out
of every county, city and public output by one rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pingxuan.core.columns import TRUE
from pingxuan.core.nominations import Nomination
from pingxuan.core.spec.models import PublicityLevel, Spec

SENSITIVE = "涉敏"


class Exposure(Enum):
    SHOWN = "shown"
    HIDDEN = "hidden"  # 涉敏, at a level that must not show it
    BLOCKED = "blocked"  # 涉敏 not answered: nothing may be published until it is


@dataclass(frozen=True)
class NoticeRow:
    """One line of a notice: the allowed fields only, in the order the spec lists them."""

    award: str
    fields: tuple[tuple[str, str], ...]

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


def exposure(level: PublicityLevel, nomination: Nomination) -> Exposure:
    sensitive = nomination.facts.get(SENSITIVE)
    if sensitive is None:
        return Exposure.BLOCKED
    # The cell parser keeps a 是/否 column as its text: "否" is a truthy string, not an answer of
    # "yes" (True is accepted too, for facts built by hand).
    if sensitive in (TRUE, True) and not level.shows_sensitive:
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
    """The rows of a notice at ``level_key``, in the order given: withdrawn and hidden 涉敏
    nominations left out, every nomination with an unanswered 涉敏 listed as blocking. 备选 rows
    stay in: an alternate may yet be awarded, and only a noticed nominee may be."""
    level = level_of(spec, level_key)
    rows: list[NoticeRow] = []
    blocked: list[Nomination] = []
    for nomination in nominations:
        if nomination.withdrawn:
            continue
        seen = exposure(level, nomination)
        if seen is Exposure.BLOCKED:
            blocked.append(nomination)
        elif seen is Exposure.SHOWN:
            fields = tuple(
                (name, _text(nomination.facts.get(name)))
                for name in public_fields(spec, nomination.award)
            )
            rows.append(NoticeRow(nomination.award, fields))
    return NoticeContent(level, tuple(rows), tuple(blocked))
