"""Rows of the 差额 rounds (portal), their documents (portal and office) and of forwarding to a
parent campaign (office)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pingxuan.web.rounds.domain.records import RoundInput, record_round
from tests.web.matrix.common import (
    BAD,
    CITY_STAFF,
    NOT_FOUND,
    OK,
    POST_ONLY_GET,
    Objects,
    Row,
    office,
    portal,
)

ROUND_AWARD = "五一劳动奖章"


def build(objects: Objects) -> dict[str, Any]:
    """Unit A's recorded round for the medal: three candidates, one seat."""
    unit = objects.nomination.unit
    record_round(
        objects.campaign,
        unit,
        RoundInput(
            award=ROUND_AWARD,
            body="职代会",
            held_on=date(2024, 3, 1),
            members=100,
            present=90,
            seats=1,
            ballots=[("候选甲", 70), ("候选乙", 15), ("候选丙", 5)],
        ),
        actor=None,
        role="clerk",
        source="网页",
    )
    return {"round_unit": unit}


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
    # Unit A's tally: clerk_b's own unit (巩义市) recorded no round, so there is nothing.
    "portal:round_document": Row(
        "portal/<slug:slug>/rounds/documents/<str:kind>/<str:award>/",
        methods={"GET": portal(OK, clerk_b=NOT_FOUND)},
    ),
    "office:rounds": Row(
        "office/<slug:slug>/rounds/", methods={"GET": office()}, shows_names_to=CITY_STAFF
    ),
    "office:round_document": Row(
        "office/<slug:slug>/rounds/units/<int:pk>/<str:kind>/<str:award>/",
        pk="round_unit",
        methods={"GET": office()},
    ),
    # The 2024 city campaign has no parent: there is nothing to forward, for anyone.
    "office:forward": Row(
        "office/<slug:slug>/forward/",
        methods={"GET": office(NOT_FOUND), "POST": office(NOT_FOUND)},
    ),
    # Forwarding a withdrawn pick again: POST only, and nothing to forward here either.
    "office:forward_again": Row(
        "office/<slug:slug>/forward/again/<int:pk>/",
        pk="nomination",
        methods={"GET": POST_ONLY_GET, "POST": office(NOT_FOUND)},
    ),
}
