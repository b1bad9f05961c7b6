"""Rows of the complaints pages: the public form and the city office's register."""

from __future__ import annotations

from typing import Any

from pingxuan.web.complaints.domain import file_complaint, link_nomination
from pingxuan.web.complaints.enums import ComplainantKind
from pingxuan.web.nominations.models import Nomination
from tests.web.matrix.common import BAD, CITY_STAFF, OK, Expect, Objects, Row, everyone, office


def build(objects: Objects) -> dict[str, Any]:
    # About another nominee of unit A than the one the portal rows delete: a linked nomination
    # can no longer be deleted by its unit.
    nominee = (
        Nomination.objects.filter(campaign=objects.campaign, unit=objects.nomination.unit)
        .exclude(pk=objects.nomination.pk)
        .first()
    )
    assert nominee is not None
    complaint = file_complaint(
        objects.campaign,
        kind=ComplainantKind.PERSON,
        name="王举报",
        contact="13800000000",
        about=nominee.display_name,
        content="该推荐对象隐瞒了企业负责人的身份，按一线职工申报。",
    )
    link_nomination(complaint, nominee, actor=None, role="reviewer")
    return {"complaint": complaint}


ROWS: dict[str, Row] = {
    "public:complaint_new": Row(
        "campaigns/<slug:slug>/complaints/new/",
        # An empty form: refused with the form's messages, to everyone alike.
        methods={"GET": everyone(OK), "POST": everyone(BAD)},
    ),
    "public:complaint_done": Row(
        "campaigns/<slug:slug>/complaints/thanks/",
        # Nothing filed in this session: back to the form.
        methods={"GET": everyone(Expect(302, "public:complaint_new"))},
    ),
    "office:complaints": Row(
        "office/<slug:slug>/complaints/",
        methods={"GET": office()},
        shows_names_to=CITY_STAFF,
    ),
    "office:complaint": Row(
        "office/<slug:slug>/complaints/<int:pk>/",
        pk="complaint",
        methods={"GET": office(), "POST": office(BAD)},
        shows_names_to=CITY_STAFF,
    ),
}
