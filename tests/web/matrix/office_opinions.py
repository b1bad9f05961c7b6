"""Rows of the city office's department-opinion pages."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pingxuan.web.materials.images import storage_name
from pingxuan.web.opinions.models import SHEETS_DIR, Opinion, OpinionState
from tests.web.materials.test_images import encode, picture
from tests.web.matrix.common import BAD, CITY_STAFF, Expect, Objects, Row, office


def build(objects: Objects) -> dict[str, Any]:
    """An answered opinion of unit A's nomination with its sheet on disk (stored directly: the
    domain would want the nomination passed first, which other areas' rows do not expect)."""
    name = storage_name()
    default_storage.save(f"{SHEETS_DIR}/{name}", ContentFile(encode(picture(), "JPEG")))
    sheet = Opinion.objects.create(
        nomination=objects.nomination,
        department="公安",
        state=OpinionState.AGREED,
        sheet_name=name,
        sheet_width=60,
        sheet_height=40,
    )
    return {"opinion": sheet}


ROWS: dict[str, Row] = {
    "office:opinions": Row(
        "office/<slug:slug>/opinions/",
        methods={
            "GET": office(),
            # No department chosen: back to the list with a message.
            "POST": office(Expect(302, "office:opinions")),
        },
        shows_names_to=CITY_STAFF,
    ),
    # Many sheets at once: nothing sent, or no batch yet, is back to the board.
    "office:opinions_batch": Row(
        "office/<slug:slug>/opinions/batch/",
        methods={
            "GET": office(Expect(302, "office:opinions")),
            "POST": office(Expect(302, "office:opinions")),
        },
    ),
    "office:opinion": Row(
        "office/<slug:slug>/opinions/<int:pk>/",
        pk="nomination",
        methods={"GET": office(), "POST": office(BAD)},
        shows_names_to=CITY_STAFF,
    ),
    "office:opinion_sheet_file": Row(
        "office/<slug:slug>/opinions/sheets/<int:pk>/",
        pk="opinion",
        methods={"GET": office()},
    ),
}
