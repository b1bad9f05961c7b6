"""A nomination as the rules see it, built from raw cell values by the column parsers.

The exchange workbook, the web forms and the test generators all build nominations through
``NominationBuilder``, so a value is read the same way wherever it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pingxuan.core.cells import Parser, build_parsers
from pingxuan.core.columns import (
    ALTERNATE,
    COLUMNS_BY_SUBJECT,
    COMPREHENSIVE,
    FALSE,
    NAME_COLUMN,
    REQUIRED_VALUES,
    SPECIAL,
    TRUE,
)
from pingxuan.core.findings import RowRef
from pingxuan.core.spec.models import Award, Spec


@dataclass(frozen=True, slots=True)
class CellProblem:
    column: str
    message: str
    hint: str


@dataclass(slots=True)
class Nomination:
    award: str
    subject: str
    ref: RowRef
    unit: str
    facts: dict[str, Any]
    problems: tuple[CellProblem, ...] = ()

    @property
    def seq(self) -> str | None:
        value = self.facts.get("序号")
        return value if isinstance(value, str) else None

    @property
    def kind(self) -> str:
        value = self.facts.get("表彰类型")
        return value if isinstance(value, str) else COMPREHENSIVE

    @property
    def comprehensive(self) -> bool:
        """Takes a place and counts in ratios (not 专项表彰, not 备选)."""
        return self.kind == COMPREHENSIVE

    @property
    def is_alternate(self) -> bool:
        return self.kind == ALTERNATE

    @property
    def is_special(self) -> bool:
        return self.kind == SPECIAL

    @property
    def readable(self) -> bool:
        """No unreadable cell and no blank where the rules need a value."""
        if self.problems:
            return False
        return all(self.facts.get(name) is not None for name in REQUIRED_VALUES[self.subject])

    @property
    def label(self) -> str:
        name = self.facts.get(NAME_COLUMN[self.subject]) or f"第{self.ref.row}行"
        if self.subject == "team" and self.facts.get("所属单位全称"):
            return f"{self.facts['所属单位全称']}{name}"
        return str(name)

    def get(self, column: str) -> Any:
        return self.facts.get(column)


@dataclass(slots=True)
class UnitReport:
    """A row of the optional 推荐单位情况 sheet: initial candidates and the secrecy pledge."""

    unit: str
    ref: RowRef | None = None
    initial_counts: dict[str, int | None] = field(default_factory=dict)
    pledge_signed: bool | None = None
    problems: tuple[CellProblem, ...] = ()


class NominationBuilder:
    """Parses raw cells of one award's rows; build once per sheet, call per row."""

    def __init__(self, spec: Spec, award: Award):
        self.award = award
        self.columns = COLUMNS_BY_SUBJECT[award.subject]
        self.parsers: dict[str, Parser] = build_parsers(spec, self.columns)
        self.parties = frozenset(spec.vocabulary.democratic_parties)
        self.blank = {name: parser("")[0] for name, parser in self.parsers.items()}

    def build(self, ref: RowRef, cells: Mapping[str, object]) -> Nomination:
        facts: dict[str, Any] = {}
        problems: list[CellProblem] = []
        for name, parser in self.parsers.items():
            raw = cells.get(name)
            if raw is None or raw == "":
                facts[name] = self.blank[name]
                continue
            value, problem = parser(raw)
            facts[name] = value
            if problem:
                problems.append(CellProblem(name, problem[0], problem[1]))
        if self.award.subject == "person":
            ethnicity = facts.get("民族")
            facts["少数民族"] = None if not ethnicity else (FALSE if ethnicity == "汉族" else TRUE)
            politics = facts.get("政治面貌")
            facts["民主党派"] = TRUE if politics in self.parties else FALSE
        unit = facts.get("推荐单位") or str(cells.get("推荐单位") or "").strip()
        return Nomination(
            award=self.award.name,
            subject=self.award.subject,
            ref=ref,
            unit=unit,
            facts=facts,
            problems=tuple(problems),
        )
