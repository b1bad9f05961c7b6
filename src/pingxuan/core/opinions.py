"""Which departments must sign their opinion on a nomination (三（三）2), read from the spec's
department-opinion matrix: every entry whose award and condition match adds its departments."""

from __future__ import annotations

from pingxuan.core.nominations import Nomination
from pingxuan.core.spec.expressions import parse
from pingxuan.core.spec.models import Spec


def required_departments(spec: Spec, nomination: Nomination) -> list[str]:
    """The departments in the order the matrix names them, each once."""
    departments: dict[str, None] = {}
    for entry in spec.department_opinions:
        if nomination.award in entry.awards and parse(entry.when)(nomination.facts):
            departments.update(dict.fromkeys(entry.departments))
    return list(departments)
