"""/jobs/: the user's own recent jobs; /jobs/<id>/: a job's page (progress, then its result), the
JSON the page polls, an import's confirmation and the result file. Every view of one job starts at
``own_job``: anyone else's job is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from pingxuan.web.documents.interfaces import targets
from pingxuan.web.documents.interfaces.exports import Export, download
from pingxuan.web.jobs.domain import (
    JobRefused,
    abandon_job,
    confirm_job,
    fail_stale_jobs,
    own_job,
)
from pingxuan.web.jobs.enums import JobKind, JobState
from pingxuan.web.jobs.models import Job
from pingxuan.web.office.access import city_access
from pingxuan.web.portal.access import unit_access
from pingxuan.web.review.domain.selection import NOT_CHOSEN_REASON

_VOID = (JobState.ABANDONED, JobState.EXPIRED)


def _state(job: Job) -> dict[str, object]:
    return {
        "state": job.state,
        "label": str(job.get_state_display()),
        "active": job.active,
        "done": job.done,
        "total": job.total,
        "step": job.step,
    }


def _check_role(request: HttpRequest, job: Job) -> str:
    """The owner must still hold the role the job was started with: a clerk moved off the unit
    cannot confirm its import any more."""
    if job.unit is not None:
        access = unit_access(request, job.campaign.slug)
        if access.unit.pk != job.unit.pk:
            raise Http404
        return access.role
    return city_access(request, job.campaign.slug).role


def _template(job: Job) -> str:
    """A city job belongs to a campaign's office: its page keeps the office's tab bar."""
    return "jobs/job.html" if job.unit is not None else "jobs/job_office.html"


def _context(job: Job) -> dict[str, object]:
    return {
        "job": job,
        "campaign": job.campaign,
        "unit": job.unit,
        "section": "selection" if job.kind == JobKind.SELECTION else "documents",
        "title": targets.title(job.params) if job.kind == JobKind.DOCUMENT else "",
        "state": _state(job),
    }


@never_cache
@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own jobs of the last weeks, newest first (``cleanup_jobs`` removes
    older ones)."""
    fail_stale_jobs(owner=request.user)
    jobs = list(Job.objects.filter(owner=request.user).select_related("campaign", "unit")[:100])
    for job in jobs:
        job.title = targets.title(job.params) if job.kind == JobKind.DOCUMENT else ""  # type: ignore[attr-defined]
    return render(request, "jobs/list.html", {"jobs": jobs})


@never_cache
@login_required
@require_GET
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    fail_stale_jobs(owner=request.user)
    job = own_job(request, pk)
    return render(
        request,
        _template(job),
        {
            **_context(job),
            # Rendered by the worker from portal/_import_preview.html, autoescaped there.
            # An abandoned or expired preview is not shown: nothing of it can happen any more.
            "detail": mark_safe(job.detail_html) if job.state not in _VOID else "",
            "can_confirm": job.kind == JobKind.IMPORT and job.state == JobState.AWAITING,
            "not_chosen_reason": NOT_CHOSEN_REASON,
        },
    )


@never_cache
@login_required
@require_GET
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    fail_stale_jobs(owner=request.user)
    return JsonResponse(_state(own_job(request, pk)))


@never_cache
@login_required
@require_POST
def job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = own_job(request, pk)
    role = _check_role(request, job)
    try:
        confirm_job(job, actor=request.user, role=role)
    except JobRefused as refusal:
        return render(
            request, _template(job), {**_context(job), "refused": refusal.message}, status=409
        )
    return redirect("jobs:job", pk=job.pk)


@never_cache
@login_required
@require_POST
def job_abandon(request: HttpRequest, pk: int) -> HttpResponse:
    """放弃，重新上传: the preview is voided (nothing imported, the file removed), then the import
    page for the next upload."""
    job = own_job(request, pk)
    role = _check_role(request, job)
    try:
        abandon_job(job, actor=request.user, role=role)
    except JobRefused as refusal:
        return render(
            request, _template(job), {**_context(job), "refused": refusal.message}, status=409
        )
    messages.info(
        request,
        _("已放弃任务 %(job)s 的导入，未导入任何内容。可以重新上传工作簿。") % {"job": job.pk},
    )
    return redirect("portal:import", slug=job.campaign.slug)


@never_cache
@login_required
@require_GET
def job_result(request: HttpRequest, pk: int) -> HttpResponse:
    job = own_job(request, pk)
    role = _check_role(request, job)
    if job.state != JobState.DONE or not job.result or not default_storage.exists(job.result.name):
        raise Http404
    with job.result.open("rb") as handle:
        content = handle.read()
    unit_name, obj = job.unit.name if job.unit is not None else "", job
    if job.kind == JobKind.DOCUMENT:
        # Audited as the download in the request was: under the document's unit and object.
        try:
            target = targets.resolve(job.campaign, job.unit, job.params)
        except targets.Gone:
            pass
        else:
            unit_name, obj = target.unit_name, target.obj
    return download(
        Export(job.result_name, content),
        actor=request.user,
        role=role,
        campaign=job.campaign,
        unit_name=unit_name,
        obj=obj,
    )
