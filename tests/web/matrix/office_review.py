"""Rows of the city office's 初审 pages. Unit A is filled but not submitted, so every POST here
is refused as what it is (a form error, or a unit not yet submitted); nothing changes."""

from __future__ import annotations

from typing import Any

from tests.web.matrix.common import (
    BAD,
    CITY_STAFF,
    OK,
    POST_ONLY_GET,
    Expect,
    Objects,
    Row,
    office,
)

REFUSED = Expect(409)  # the domain said no (unit not submitted, nothing to release)


def build(objects: Objects) -> dict[str, Any]:
    return {"review_unit_a": objects.nomination.unit}


def decide_on_unit_a_nomination(objects: Objects) -> dict[str, Any]:
    return {"nomination": str(objects.nomination.pk), "outcome": "pass", "reason": ""}


ROWS: dict[str, Row] = {
    "office:review_units": Row(
        "office/<slug:slug>/review/",
        methods={"GET": office(OK)},
    ),
    "office:review_unit": Row(
        "office/<slug:slug>/review/units/<int:pk>/",
        pk="review_unit_a",
        methods={"GET": office(OK)},
        shows_names_to=CITY_STAFF,
    ),
    "office:review_decide": Row(
        "office/<slug:slug>/review/units/<int:pk>/decide/",
        pk="review_unit_a",
        methods={"GET": POST_ONLY_GET, "POST": office(REFUSED)},
        body=decide_on_unit_a_nomination,
        body_names_unit_a_object=True,
        shows_names_to=CITY_STAFF,
    ),
    "office:review_return": Row(
        "office/<slug:slug>/review/units/<int:pk>/return/",
        pk="review_unit_a",
        methods={"GET": POST_ONLY_GET, "POST": office(BAD)},  # no note
        shows_names_to=CITY_STAFF,
    ),
    "office:review_material": Row(
        "office/<slug:slug>/review/materials/<int:pk>/image.jpg",
        pk="material",
        methods={"GET": office(OK)},
    ),
    "office:review_preview": Row(
        "office/<slug:slug>/review/release/",
        methods={"GET": office(OK), "POST": office(REFUSED)},  # nothing prepared
        shows_names_to=CITY_STAFF,
    ),
}
