"""A nomination as the rules see it, built from raw cell values by the column parsers.

The exchange workbook, the web forms and the test generators all build nominations through
``NominationBuilder``, so a value is read the same way wherever it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pingxuan.core.cells import Parsed, Parser, build_parsers, text_of
from pingxuan.core.columns import (
    ALTERNATE,
    COMPREHENSIVE,
    FALSE,
    NAME_COLUMN,
    REQUIRED_VALUES,
    SPECIAL,
    TRUE,
    Kind,
    sheet_columns,
)
from pingxuan.core.findings import RowRef
from pingxuan.core.rounds import Round
from pingxuan.core.spec.models import Award, Spec

# Column kinds whose parse depends on the text alone and whose texts repeat down a sheet.
REPEATING = frozenset(
    {
        Kind.UNIT,
        Kind.ENUM,
        Kind.TAGS,
        Kind.BOOL,
        Kind.BOOL_NA,
        Kind.AWARD_KIND,
        Kind.AREAS,
        Kind.YEARS,
        Kind.NEGATIVES,
        Kind.DATE,
        Kind.MONTH,
        Kind.COUNT,
    }
)


@dataclass(frozen=True, slots=True)
class CellProblem:
    column: str
    message: str
    hint: str
    # The cell's text as given: a form prints a value it could not read as it was typed
    # (an ID number that fails its check digit is printed, its finding stays a finding).
    text: str = ""


@dataclass(slots=True)
class Nomination:
    award: str
    subject: str
    ref: RowRef
    unit: str
    facts: dict[str, Any]
    problems: tuple[CellProblem, ...] = ()
    # Failed at 初审 or revoked after a complaint: the row keeps its place (a place once lost is
    # never refilled) but is judged no more and counts in no ratio and no final list.
    withdrawn: bool = False

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
        return None not in map(self.facts.get, REQUIRED_VALUES[self.subject])

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
    # The pledge counts only as the uploaded signed document (the portal), never as a 是 in
    # the sheet: the hints then point to the upload alone.
    pledge_by_upload: bool = False
    # Award → the recorded 差额 round; when there is one, 三（二） reads it, not initial_counts.
    rounds: dict[str, Round] = field(default_factory=dict)


class NominationBuilder:
    """Parses raw cells of one award's rows; build once per sheet, call per row.

    Columns of a closed vocabulary (choices, dates, counts) repeat a few texts all the way down
    a sheet, so the builder remembers what it made of each text: a 是/否 column of 100,000 rows
    is parsed twice, not 100,000 times. Only ``str`` cells are remembered, because 1, 1.0 and
    True are equal keys of a dict but different cells.
    """

    def __init__(self, spec: Spec, award: Award):
        self.award = award
        self.columns = sheet_columns(award.subject, spec.columns)
        self.parsers: dict[str, Parser] = build_parsers(spec, self.columns)
        self.parties = frozenset(spec.vocabulary.democratic_parties)
        self.blank = {name: parser("")[0] for name, parser in self.parsers.items()}
        self._plan: list[tuple[str, Parser, Any, dict[str, Parsed] | None]] = [
            (c.name, self.parsers[c.name], self.blank[c.name], {} if c.kind in REPEATING else None)
            for c in self.columns
        ]
        self._unit_at = [c.name for c in self.columns].index("推荐单位")

    def build(self, ref: RowRef, cells: Mapping[str, object]) -> Nomination:
        """One row as column name → raw cell: a form, a generated row."""
        return self.build_values(ref, [cells.get(column.name) for column in self.columns])

    def build_values(self, ref: RowRef, raws: Sequence[object]) -> Nomination:
        """One row as raw cells in the order of ``self.columns``: a sheet row, no dict between."""
        facts: dict[str, Any] = {}
        problems: list[CellProblem] = []
        for (name, parser, blank, seen), raw in zip(self._plan, raws, strict=True):
            if raw is None or raw == "":
                facts[name] = blank
                continue
            if seen is None or type(raw) is not str:
                value, problem = parser(raw)
            else:
                parsed = seen.get(raw)
                if parsed is None:
                    parsed = seen[raw] = parser(raw)
                value, problem = parsed
            facts[name] = value
            if problem:
                problems.append(CellProblem(name, problem[0], problem[1], text_of(raw)))
        if self.award.subject == "person":
            ethnicity = facts.get("民族")
            facts["少数民族"] = None if not ethnicity else (FALSE if ethnicity == "汉族" else TRUE)
            politics = facts.get("政治面貌")
            facts["民主党派"] = TRUE if politics in self.parties else FALSE
        unit = facts.get("推荐单位") or str(raws[self._unit_at] or "").strip()
        return Nomination(
            award=self.award.name,
            subject=self.award.subject,
            ref=ref,
            unit=unit,
            facts=facts,
            problems=tuple(problems),
        )
