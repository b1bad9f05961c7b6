"""What the portal's and the office's download views share: the format asked for, and starting
the background job that writes the document (``pingxuan.web.jobs``): the request only checks
access and records the job, the job page offers the file to its owner."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.documents.interfaces.targets import FORMATS
from pingxuan.web.jobs.domain import start_job
from pingxuan.web.jobs.enums import JobKind


def chosen_format(request: HttpRequest, doc: str) -> str:
    """``format`` among the document's formats (the first when absent); anything else does not
    exist."""
    allowed = FORMATS[doc]
    fmt = request.POST.get("format") or allowed[0]
    if fmt not in allowed:
        raise Http404
    return fmt


def start_document(
    request: HttpRequest,
    *,
    campaign: Campaign,
    unit: Unit | None,
    role: str,
    doc: str,
    **params: Any,
) -> HttpResponse:
    """Start the job writing one document and go to its page. ``unit`` is the unit whose clerk
    asked (its job never reaches another unit); the office's jobs have none."""
    job = start_job(
        campaign=campaign,
        unit=unit,
        kind=JobKind.DOCUMENT,
        params={"doc": doc, "format": chosen_format(request, doc), **params},
        actor=request.user,
        role=role,
    )
    return redirect("jobs:job", pk=job.pk)
