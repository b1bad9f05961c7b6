"""Rows of the documents area: the unit's download page and files in the portal, the city's in
the office. A file names unit A's object (a nomination, a notice, the unit) only for unit A's
staff and the city. A file is made by the background worker: POST starts the job (a redirect to
its page), GET is no way to start one."""

from __future__ import annotations

from datetime import date
from typing import Any

from pingxuan.web.notices.domain.notices import NoticeInput, create_notice
from tests.web.matrix.common import (
    CITY_STAFF,
    JOB,
    OK,
    POST_ONLY_GET,
    Cells,
    Objects,
    Row,
    office,
    portal,
    published_as_arranged,
    unit_a_object,
)


def build(objects: Objects) -> dict[str, Any]:
    """A published unit-level notice of unit A (郑东新区), the organiser's published notice (its
    公示情况说明), and unit A itself."""
    unit = objects.nomination.unit
    notice = create_notice(
        objects.campaign,
        NoticeInput(
            level="unit",
            unit=unit,
            title="单位公示",
            start=date(2024, 4, 1),
            end=date(2024, 4, 8),
            contact_person="联系人",
            contact_phone="0371-00000000",
        ),
        actor=None,
        role="reviewer",
    )
    top = create_notice(
        objects.campaign,
        NoticeInput(
            level="city",
            unit=None,
            title="主办方公示",
            start=date(2024, 4, 9),
            end=date(2024, 4, 15),
            contact_person="联系人",
            contact_phone="0371-00000000",
        ),
        actor=None,
        role="reviewer",
    )
    return {
        "documents_notice": published_as_arranged(notice),
        "documents_top_notice": published_as_arranged(top),
        "unit_a": unit,
    }


PORTAL = "portal/<slug:slug>/documents/"
OFFICE = "office/<slug:slug>/documents/"


def _start(cells: Cells) -> dict[str, Cells]:
    return {"GET": POST_ONLY_GET, "POST": cells}


def _format(fmt: str) -> Any:
    return lambda objects: {"format": fmt}


def _sheet_rows(namespace: str, prefix: str, cells: Cells) -> dict[str, Row]:
    return {
        f"{namespace}:document_{kind}": Row(
            f"{prefix}{kind}/", pk="nomination", methods=_start(cells), body=_format("pdf")
        )
        for kind in ("brief", "approval", "opinions")
    }


ROWS: dict[str, Row] = {
    "portal:documents": Row(PORTAL, methods={"GET": portal(OK)}),
    # Each unit's own table: clerk_b gets 巩义市's, never 郑东新区's.
    "portal:document_summary": Row(
        f"{PORTAL}summary/<str:subject>/", methods=_start(portal(JOB)), body=_format("xlsx")
    ),
    **_sheet_rows("portal", f"{PORTAL}<int:pk>/", unit_a_object(JOB)),
    "portal:document_notice": Row(
        f"{PORTAL}notices/<int:pk>/",
        pk="documents_notice",
        methods=_start(unit_a_object(JOB)),
        body=_format("docx"),
    ),
    # A unit's procedure documents: clerk_b gets 巩义市's own, never 郑东新区's.
    "portal:document_procedure": Row(
        f"{PORTAL}procedure/<str:kind>/", methods=_start(portal(JOB)), body=_format("docx")
    ),
    "office:documents": Row(OFFICE, methods={"GET": office()}, shows_names_to=CITY_STAFF),
    # The city's table: GET shows the button, POST starts the worker's job (a redirect to it).
    "office:document_summary": Row(
        f"{OFFICE}summary/<str:subject>/",
        methods={"GET": office(), "POST": office(JOB)},
        body=lambda objects: {"format": "xlsx"},
    ),
    "office:document_unit_summary": Row(
        f"{OFFICE}units/<int:pk>/summary/<str:subject>/",
        pk="unit_a",
        methods=_start(office(JOB)),
        body=_format("pdf"),
    ),
    **_sheet_rows("office", f"{OFFICE}nominations/<int:pk>/", office(JOB)),
    "office:document_notice": Row(
        f"{OFFICE}notices/<int:pk>/",
        pk="documents_notice",
        methods=_start(office(JOB)),
        body=_format("pdf"),
    ),
    "office:document_notice_statement": Row(
        f"{OFFICE}notices/<int:pk>/statement/",
        pk="documents_top_notice",
        methods=_start(office(JOB)),
        body=_format("docx"),
    ),
    "office:document_unit_procedure": Row(
        f"{OFFICE}units/<int:pk>/procedure/<str:kind>/",
        pk="unit_a",
        methods=_start(office(JOB)),
        body=_format("docx"),
    ),
    "office:document_final_list": Row(
        f"{OFFICE}final-list/", methods=_start(office(JOB)), body=_format("xlsx")
    ),
    "office:document_decision": Row(
        f"{OFFICE}decision/", methods=_start(office(JOB)), body=_format("docx")
    ),
    "office:document_final_list_released": Row(
        f"{OFFICE}final-list/<int:pk>/",
        pk="final_list",
        methods=_start(office(JOB)),
        body=_format("pdf"),
    ),
    "office:document_decision_released": Row(
        f"{OFFICE}decision/<int:pk>/",
        pk="final_list",
        methods=_start(office(JOB)),
        body=_format("pdf"),
    ),
}
