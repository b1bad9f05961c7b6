"""Rows of the accounts, the unit portal and the campaign pages."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.matrix.common import (
    BAD,
    DENIED,
    JOB,
    NOT_ALLOWED,
    OK,
    POST_ONLY_GET,
    TO_LOGIN,
    Expect,
    Objects,
    Row,
    everyone,
    office,
    portal,
    unit_a_object,
)


def junk_image_for_nomination(objects: Objects) -> dict[str, Any]:
    # Valid as a form, so the view looks the nomination up; not a picture, so nothing is stored.
    return {
        "requirement": "简表",
        "nomination": str(objects.nomination.pk),
        "file": SimpleUploadedFile("x.jpg", b"not a picture", content_type="image/jpeg"),
    }


ROWS: dict[str, Row] = {
    "accounts:login": Row(
        "accounts/login/",
        methods={
            "GET": everyone(Expect(302, "portal:home"), anonymous=OK),
            # An empty form: a form error for a stranger, the portal for the signed in.
            "POST": everyone(Expect(302, "portal:home"), anonymous=OK),
        },
    ),
    "accounts:logout": Row(
        "accounts/logout/",
        methods={
            "GET": everyone(NOT_ALLOWED),
            "POST": everyone(TO_LOGIN),
        },
    ),
    "portal:home": Row(
        "portal/",
        methods={
            "GET": portal(
                Expect(302, "portal:unit"),
                # The city has no unit page: its 工作台 instead.
                city=Expect(302, "office:landing"),
            ),
        },
    ),
    # The city staff's 工作台: what waits in each campaign; unit staff have none.
    "office:landing": Row("office/", methods={"GET": office()}),
    "portal:unit": Row("portal/<slug:slug>/", methods={"GET": portal(OK)}),
    "portal:nomination_new": Row(
        "portal/<slug:slug>/new/<str:subject>/",
        methods={"GET": portal(OK), "POST": portal(OK)},  # the empty form again, with errors
    ),
    "portal:nomination_edit": Row(
        "portal/<slug:slug>/nominations/<int:pk>/",
        pk="nomination",
        methods={"GET": unit_a_object(OK), "POST": unit_a_object(OK)},
    ),
    "portal:nomination_delete": Row(
        "portal/<slug:slug>/nominations/<int:pk>/delete/",
        pk="nomination",
        methods={
            "GET": unit_a_object(OK),
            "POST": unit_a_object(Expect(302, "portal:unit")),
        },
    ),
    "portal:reveal_id": Row(
        "portal/<slug:slug>/nominations/<int:pk>/reveal-id/",
        pk="nomination",
        methods={"GET": POST_ONLY_GET, "POST": unit_a_object(OK)},
    ),
    "portal:live_check": Row(
        "portal/<slug:slug>/live-check/<str:subject>/",
        methods={"GET": POST_ONLY_GET, "POST": unit_a_object(OK)},
        # Checking a draft of unit A's nomination is a lookup of unit A's object.
        body=lambda objects: {"nomination": str(objects.nomination.pk)},
        body_names_unit_a_object=True,
    ),
    "portal:submit": Row(
        "portal/<slug:slug>/submit/",
        methods={
            "GET": portal(OK),
            # Only an approver submits; the 2024 deadline has passed, so it is refused (200).
            "POST": portal(DENIED, approver_a=OK),
        },
    ),
    "portal:import": Row(
        "portal/<slug:slug>/import/",
        methods={"GET": portal(OK), "POST": portal(BAD)},  # no workbook attached
    ),
    "portal:template": Row(
        "portal/<slug:slug>/import/template.xlsx",
        methods={"GET": portal(OK)},  # each unit's own template
    ),
    "portal:import_filled": Row(
        "portal/<slug:slug>/import/filled/",
        methods={"GET": POST_ONLY_GET, "POST": portal(JOB)},  # each unit's own data, as a job
    ),
    "portal:materials": Row(
        "portal/<slug:slug>/materials/",
        methods={"GET": portal(OK), "POST": unit_a_object(BAD)},
        body=junk_image_for_nomination,
        body_names_unit_a_object=True,
    ),
    # 复审 materials: unit A has not handed in for 初审, so an upload is refused (400) too.
    "portal:materials_second": Row(
        "portal/<slug:slug>/materials/second/",
        methods={"GET": portal(OK), "POST": unit_a_object(BAD)},
        body=junk_image_for_nomination,
        body_names_unit_a_object=True,
    ),
    # Many files at once: an empty post is refused; with no batch yet, back to the checklist.
    "portal:materials_batch": Row(
        "portal/<slug:slug>/materials/batch/",
        methods={"GET": portal(Expect(302, "portal:materials")), "POST": portal(BAD)},
    ),
    "portal:materials_batch_second": Row(
        "portal/<slug:slug>/materials/second/batch/",
        methods={"GET": portal(Expect(302, "portal:materials_second")), "POST": portal(BAD)},
    ),
    "portal:material_file": Row(
        "portal/<slug:slug>/materials/<int:pk>/image.jpg",
        pk="material",
        methods={"GET": unit_a_object(OK)},
    ),
    "portal:material_delete": Row(
        "portal/<slug:slug>/materials/<int:pk>/delete/",
        pk="material",
        methods={"GET": POST_ONLY_GET, "POST": unit_a_object(Expect(302, "portal:materials"))},
    ),
    "portal:material_convert": Row(
        "portal/<slug:slug>/materials/pending/<int:pk>/convert/",
        pk="pending",
        methods={"GET": POST_ONLY_GET, "POST": unit_a_object(Expect(302, "portal:materials"))},
    ),
    "portal:material_discard": Row(
        "portal/<slug:slug>/materials/pending/<int:pk>/discard/",
        pk="pending",
        methods={"GET": POST_ONLY_GET, "POST": unit_a_object(Expect(302, "portal:materials"))},
    ),
    "public:campaign_list": Row(
        "",
        # One campaign: straight to its page.
        methods={"GET": everyone(Expect(302, "public:campaign_detail"))},
    ),
    "public:campaign_detail": Row("campaigns/<slug:slug>/", methods={"GET": everyone(OK)}),
    "public:health": Row("healthz/", methods={"GET": everyone(OK)}),
}
