"""Rows of the city office's overview, 复审 and final list."""

from __future__ import annotations

from tests.web.matrix.common import CITY_STAFF, Row, office

ROWS: dict[str, Row] = {
    "office:dashboard": Row(
        "office/<slug:slug>/", methods={"GET": office()}, shows_names_to=CITY_STAFF
    ),
    "office:final_list": Row(
        "office/<slug:slug>/final/", methods={"GET": office()}, shows_names_to=CITY_STAFF
    ),
}
