"""What a rule reports: one Finding per problem, with its clause and a message for a clerk."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class Scope(StrEnum):
    NOMINEE = "nominee"
    UNIT = "unit"
    CITY = "city"


class Reader(StrEnum):
    """Who reads a finding. The organiser's office reads every unit's data; a nominating unit
    never reads another unit's unpublished nominees (a duplicate across units is told to it
    without naming the other unit or its nominee)."""

    ORGANISER = "organiser"
    UNIT = "unit"


class Stage(StrEnum):
    NOMINATION = "nomination"
    FINAL = "final"


@dataclass(frozen=True, slots=True, order=True)
class RowRef:
    sheet: str
    row: int


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    clause: str
    severity: Severity
    scope: Scope
    award: str | None
    unit: str | None
    message: str
    hint: str
    rows: tuple[RowRef, ...] = field(default=())
    # What a unit reads instead of message and hint when they name other units' data (empty:
    # the same text); what a web form says instead of hint, where the workbook's words (a column
    # to type into) do not fit the form's fields (empty: the same hint). Read through ``text_for``.
    unit_message: str = ""
    unit_hint: str = ""
    form_hint: str = ""

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["scope"] = self.scope.value
        data["rows"] = [{"sheet": r.sheet, "row": r.row} for r in self.rows]
        return {
            key: data[key]
            for key in (
                "rule",
                "clause",
                "severity",
                "scope",
                "award",
                "unit",
                "rows",
                "message",
                "hint",
            )
        }


def text_for(finding: Finding, reader: Reader, *, form: bool = False) -> Finding:
    """The finding as ``reader`` may read it, on a web form (``form``) or in a workbook report:
    the one place where a finding's words are chosen for an audience."""
    if reader is Reader.UNIT and finding.unit_message:
        return replace(
            finding, message=finding.unit_message, hint=finding.unit_hint or finding.hint
        )
    if form and finding.form_hint:
        return replace(finding, hint=finding.form_hint)
    return finding


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def sort_key(finding: Finding) -> tuple[object, ...]:
    """Stable report order: by unit, then severity, then the first row concerned."""
    first_row = finding.rows[0] if finding.rows else RowRef("", 0)
    return (
        finding.unit or "",
        SEVERITY_ORDER[finding.severity],
        first_row,
        finding.rule,
        finding.message,
    )


def summarise(findings: list[Finding]) -> dict[str, int]:
    counts = {"errors": 0, "warnings": 0, "infos": 0}
    for finding in findings:
        counts[finding.severity.value + "s"] += 1
    return counts
