"""Rows of the city office's opinions pages (and their public pages)."""

from __future__ import annotations

from tests.web.matrix.common import Row

ROWS: dict[str, Row] = {}
