"""Rows of the notices pages: the city office's notices, evidence and calendar, and the public
notice pages (no login)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pingxuan.web.notices.domain.evidence import upload_evidence
from pingxuan.web.notices.domain.notices import NoticeInput, create_notice
from pingxuan.web.notices.models import EvidenceKind
from tests.web.materials.test_images import encode, picture
from tests.web.matrix.common import (
    CITY_STAFF,
    DENIED,
    NOT_ALLOWED,
    OK,
    PERSONAS,
    TO_LOGIN,
    Objects,
    Row,
    everyone,
    office,
    published_as_arranged,
)


def build(objects: Objects) -> dict[str, Any]:
    """A draft and a published county notice of unit A (郑东新区), and evidence of the latter."""
    unit = objects.nomination.unit

    def frame(title: str) -> NoticeInput:
        return NoticeInput(
            level="county",
            unit=unit,
            title=title,
            start=date(2024, 4, 1),
            end=date(2024, 4, 8),
            contact_person="联系人",
            contact_phone="0371-00000000",
            channel_phone="0371-11111111",
        )

    draft = create_notice(objects.campaign, frame("草稿公示"), actor=None, role="reviewer")
    published = create_notice(objects.campaign, frame("已发布公示"), actor=None, role="reviewer")
    published = published_as_arranged(published)
    evidence = upload_evidence(
        published,
        kind=EvidenceKind.SCREENSHOT,
        data=encode(picture(), "JPEG"),
        actor=None,
        role="reviewer",
    )
    return {"notice": draft, "published_notice": published, "notice_evidence": evidence}


# Office POSTs with an empty body: the form comes back with its errors (200), nothing changes.
ROWS: dict[str, Row] = {
    "office:notices": Row(
        "office/<slug:slug>/notices/",
        methods={"GET": office(), "POST": office()},
    ),
    "office:notice": Row(
        "office/<slug:slug>/notices/<int:pk>/",
        pk="notice",
        methods={"GET": office(), "POST": office()},
        shows_names_to=CITY_STAFF,
    ),
    "office:notice_evidence": Row(
        "office/<slug:slug>/notices/<int:pk>/evidence/",
        pk="notice",
        methods={"GET": everyone(NOT_ALLOWED, anonymous=TO_LOGIN), "POST": office()},
        shows_names_to=CITY_STAFF,
    ),
    "office:notice_evidence_file": Row(
        "office/<slug:slug>/notices/evidence/<int:pk>/image.jpg",
        pk="notice_evidence",
        methods={"GET": office()},
    ),
    "office:calendar": Row(
        "office/<slug:slug>/notices/calendar/",
        # Everyone of the city reads it; only the administrator changes it.
        methods={"GET": office(), "POST": office(DENIED, admin=OK)},
    ),
    "public:notices": Row(
        "campaigns/<slug:slug>/notices/",
        methods={"GET": everyone(OK)},
    ),
    "public:notice": Row(
        "campaigns/<slug:slug>/notices/<int:pk>/",
        pk="published_notice",
        methods={"GET": everyone(OK)},
        # A published notice shows its nominees' names (and only what 三（三）1 allows) to all.
        shows_names_to=frozenset(PERSONAS),
    ),
}
