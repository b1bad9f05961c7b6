"""Rows of the city office's overview, 复审 and final list."""

from __future__ import annotations

from datetime import date
from typing import Any

from pingxuan.web.finals.models import FinalList, FinalListRow
from pingxuan.web.nominations.models import Nomination
from tests.web.matrix.common import (
    BAD,
    CITY_STAFF,
    JOB,
    OK,
    POST_ONLY_GET,
    Expect,
    Objects,
    Row,
    office,
)

BAD_FORM = Expect(400)  # an empty form: no scores file / no proposal shown
REFUSED = Expect(409)  # the domain said no: the nomination has not passed 初审, nothing prepared


def decide_on_unit_a_nomination(objects: Objects) -> dict[str, Any]:
    return {"nomination": str(objects.nomination.pk), "outcome": "fail", "reason": "材料不实"}


ROWS: dict[str, Row] = {
    "office:second_review": Row(
        "office/<slug:slug>/second-review/", methods={"GET": office()}, shows_names_to=CITY_STAFF
    ),
    "office:second_decide": Row(
        "office/<slug:slug>/second-review/decide/",
        methods={"GET": POST_ONLY_GET, "POST": office(REFUSED)},
        body=decide_on_unit_a_nomination,
        body_names_unit_a_object=True,
        shows_names_to=CITY_STAFF,
    ),
    "office:second_release": Row(
        "office/<slug:slug>/second-review/release/",
        methods={"GET": office(OK), "POST": office(REFUSED)},
        shows_names_to=CITY_STAFF,
    ),
    "office:selection": Row(
        "office/<slug:slug>/selection/", methods={"GET": office()}, shows_names_to=CITY_STAFF
    ),
    "office:selection_scores": Row(
        "office/<slug:slug>/selection/scores/",
        methods={"GET": POST_ONLY_GET, "POST": office(BAD_FORM)},
        shows_names_to=CITY_STAFF,
    ),
    "office:selection_run": Row(
        "office/<slug:slug>/selection/run/",
        methods={"GET": POST_ONLY_GET, "POST": office(JOB)},  # the worker runs it
    ),
    "office:selection_adopt": Row(
        "office/<slug:slug>/selection/adopt/",
        methods={"GET": POST_ONLY_GET, "POST": office(BAD_FORM)},
        shows_names_to=CITY_STAFF,
    ),
    "office:extensions": Row(
        "office/<slug:slug>/extensions/",
        # Any office role grants an extension; the harmless body is an empty form (400).
        methods={"GET": office(), "POST": office(BAD_FORM)},
    ),
    "office:dashboard": Row(
        "office/<slug:slug>/", methods={"GET": office()}, shows_names_to=CITY_STAFF
    ),
    "office:final_list": Row(
        "office/<slug:slug>/final/", methods={"GET": office()}, shows_names_to=CITY_STAFF
    ),
    "office:final_release": Row(
        "office/<slug:slug>/final/release/",
        # The harmless body is an empty form: no 文号 (400, the form kept).
        methods={"GET": POST_ONLY_GET, "POST": office(BAD)},
        shows_names_to=CITY_STAFF,  # the refused form is shown on the page with the list
    ),
    "office:final_released": Row(
        "office/<slug:slug>/final/<int:pk>/",
        pk="final_list",
        methods={"GET": office()},
        shows_names_to=CITY_STAFF,
    ),
}


def build(objects: Objects) -> dict[str, Any]:
    """A released final list listing unit A's nominee, arranged without the procedure (复审 and
    release are tests/web/finals' business); its documents are in ``documents``."""
    final = FinalList.objects.create(
        campaign=objects.campaign,
        number="郑工〔2024〕8号",
        issued_on=date(2024, 4, 28),
        title="最终名单",
        name_order="姓氏笔画",
        awards=[],
        decision={"title": "决定", "paragraphs": [], "issuer": "", "sections": []},
    )
    # Another of unit A's nominations: the row protects its nomination, and the matrix deletes
    # ``objects.nomination``.
    nomination = (
        Nomination.objects.filter(unit=objects.nomination.unit)
        .exclude(pk=objects.nomination.pk)
        .first()
    )
    assert nomination is not None
    FinalListRow.objects.create(
        final_list=final,
        position=1,
        award=nomination.award,
        kind="综合表彰",
        nomination=nomination,
        name=nomination.display_name,
        unit=nomination.unit.name,
        cells={},
    )
    return {"final_list": final}
