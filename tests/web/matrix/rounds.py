"""Rows of the 差额 rounds (portal) and of forwarding to a parent campaign (office)."""

from __future__ import annotations

from tests.web.matrix.common import BAD, NOT_FOUND, OK, POST_ONLY_GET, Row, office, portal

ROWS: dict[str, Row] = {
    # Each unit's own rounds; an empty POST names no award of the unit: the form again.
    "portal:rounds": Row(
        "portal/<slug:slug>/rounds/", methods={"GET": portal(OK), "POST": portal(BAD)}
    ),
    "portal:rounds_import": Row(
        "portal/<slug:slug>/rounds/import/",
        methods={"GET": POST_ONLY_GET, "POST": portal(BAD)},  # no workbook attached
    ),
    "portal:rounds_template": Row(
        "portal/<slug:slug>/rounds/template.xlsx", methods={"GET": portal(OK)}
    ),
    # The 2024 city campaign has no parent: there is nothing to forward, for anyone.
    "office:forward": Row(
        "office/<slug:slug>/forward/",
        methods={"GET": office(NOT_FOUND), "POST": office(NOT_FOUND)},
    ),
}
