"""Rows of the city office's 初审 pages. Unit A is filled but not submitted, so every POST here
is refused as what it is (a form error, or a unit not yet submitted); nothing changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone

from pingxuan.web.materials.domain import save_file
from pingxuan.web.materials.images import storage_name
from pingxuan.web.notices.models import CarriedEvidence, CarriedNotice
from pingxuan.web.notices.models.notice import EVIDENCE_DIR
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
    """Unit A, and a lower notice's photo carried up with its nomination (as if forwarded)."""
    carried = CarriedNotice.objects.create(
        nomination=objects.nomination,
        level="unit",
        source_campaign="下级活动",
        source_level="所在单位公示",
        title="下级公示",
        publisher="下级推荐单位",
        start=date(2024, 3, 25),
        end=date(2024, 3, 29),
        fields=[],
    )
    with default_storage.open(objects.material.path, "rb") as handle:
        jpeg = handle.read()
    name = storage_name()
    save_file(EVIDENCE_DIR, name, jpeg)
    image = CarriedEvidence.objects.create(
        carried=carried,
        kind="近景照片",
        title="近景",
        stored_name=name,
        width=objects.material.width,
        height=objects.material.height,
        size=len(jpeg),
        sha256=objects.material.sha256,
        uploaded_at=timezone.now(),
    )
    return {"review_unit_a": objects.nomination.unit, "carried_evidence": image}


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
    "office:review_carried_evidence": Row(
        "office/<slug:slug>/review/carried/<int:pk>/image.jpg",
        pk="carried_evidence",
        methods={"GET": office(OK)},
    ),
    "office:review_preview": Row(
        "office/<slug:slug>/review/release/",
        methods={"GET": office(OK), "POST": office(REFUSED)},  # nothing prepared
        shows_names_to=CITY_STAFF,
    ),
}
