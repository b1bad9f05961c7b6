"""What a rule reports: one Finding per problem, with its clause and a message for a clerk."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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
