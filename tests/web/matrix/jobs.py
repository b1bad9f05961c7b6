"""Rows of the background jobs: a job is its owner's alone (clerk A's import here); anyone else,
the same unit's approver too, is told it does not exist."""

from __future__ import annotations

from typing import Any

from pingxuan.web.jobs.enums import JobKind, JobState
from pingxuan.web.jobs.models import Job
from tests.web.matrix.common import (
    CONFLICT,
    NOT_FOUND,
    OK,
    POST_ONLY_GET,
    TO_LOGIN,
    Cells,
    Objects,
    Row,
    everyone,
)


def build(objects: Objects) -> dict[str, Any]:
    """An import of clerk A that the worker refused (so a confirmation is a conflict)."""
    clerk_a = objects.material.uploaded_by
    job = Job.objects.create(
        campaign=objects.campaign,
        owner=clerk_a,
        unit=objects.nomination.unit,
        kind=JobKind.IMPORT,
        state=JobState.FAILED,
        params={"file": "0" * 32 + ".xlsx", "label": "book.xlsx", "role": "clerk"},
        error="郑东新区推荐.xlsx：不是 Excel 工作簿（.xlsx）",
    )
    return {"job": job}


def owner_only(owner: Any) -> Cells:
    return everyone(NOT_FOUND, anonymous=TO_LOGIN) | {"clerk_a": owner}


ROWS: dict[str, Row] = {
    # Everyone signed in has a list of jobs: his own (tests/web/jobs checks the scoping).
    "jobs:list": Row("jobs/", methods={"GET": everyone(OK, anonymous=TO_LOGIN)}),
    "jobs:job": Row("jobs/<int:pk>/", pk="job", methods={"GET": owner_only(OK)}),
    "jobs:status": Row("jobs/<int:pk>/status.json", pk="job", methods={"GET": owner_only(OK)}),
    "jobs:confirm": Row(
        "jobs/<int:pk>/confirm/",
        pk="job",
        methods={
            "GET": POST_ONLY_GET,
            "POST": owner_only(CONFLICT),  # refused by the worker: nothing to confirm
        },
    ),
    "jobs:abandon": Row(
        "jobs/<int:pk>/abandon/",
        pk="job",
        methods={
            "GET": POST_ONLY_GET,
            "POST": owner_only(CONFLICT),  # refused by the worker: nothing to abandon
        },
    ),
    # Only a finished job has a file.
    "jobs:result": Row("jobs/<int:pk>/result/", pk="job", methods={"GET": owner_only(NOT_FOUND)}),
}
