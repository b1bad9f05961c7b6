"""Shared fixtures of the core tests: the 2024 spec and a compliant generated campaign."""

from __future__ import annotations

from pathlib import Path

import pytest

from pingxuan.core.spec.loader import load_spec
from pingxuan.core.spec.models import Spec
from tests.factories.campaign import Generator, Rows, write_workbook


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec("zhengzhou-2024")


@pytest.fixture
def rows(spec: Spec) -> Rows:
    """A fully compliant 2024 campaign (0 findings); each test may spoil its own copy."""
    return Generator(spec).rows()


@pytest.fixture
def compliant_workbook(tmp_path: Path, spec: Spec, rows: Rows) -> Path:
    return write_workbook(tmp_path / "推荐汇总.xlsx", spec, rows)
