"""Fixtures for rule tests: a checker over the compliant campaign (``spec`` and ``rows`` come from
tests/core/conftest.py), and helpers to pick and copy rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from pingxuan.core.findings import Finding, Stage
from pingxuan.core.rules.engine import check
from pingxuan.core.spec.models import Spec
from tests.core.helpers import BADGE, MEDAL, TEAM
from tests.factories.campaign import Rows, build_nominations

__all__ = ["BADGE", "MEDAL", "TEAM", "first", "fresh_person", "row_number", "unit_rows"]

Run = Callable[..., list[Finding]]


@pytest.fixture
def run(spec: Spec) -> Run:
    def _run(
        rows: Rows,
        stage: Stage = Stage.NOMINATION,
        as_of: date | None = None,
        rule: str | None = None,
    ) -> list[Finding]:
        nominations, reports = build_nominations(spec, rows)
        found = check(spec, nominations, reports, stage=stage, as_of=as_of)
        return [f for f in found if rule is None or f.rule == rule]

    return _run


def unit_rows(rows: Rows, sheet: str, unit: str) -> list[dict[str, str]]:
    return [row for row in rows[sheet] if row["推荐单位"] == unit]


def first(rows: Rows, sheet: str, unit: str, **facts: str) -> dict[str, str]:
    """The first row of a unit whose cells equal ``facts``."""
    for row in unit_rows(rows, sheet, unit):
        if all(row.get(key) == value for key, value in facts.items()):
            return row
    raise LookupError((sheet, unit, facts))


def row_number(rows: Rows, sheet: str, row: dict[str, str]) -> int:
    return rows[sheet].index(row) + 2


def fresh_person(row: dict[str, str], seed: int, **changes: str) -> dict[str, str]:
    """A copy of a person row with a new, valid identity (birth 1990-01, male)."""
    import random

    from tests.factories.campaign import id_number

    copy = dict(row)
    copy.update(
        {
            "身份证号": id_number(random.Random(seed), date(1990, 1, 1), female=False),
            "出生年月": "1990-01",
            "性别": "男",
        }
    )
    copy.update(changes)
    return copy
