"""Background jobs: starting one (``start_job``), the one access check (``own_job``), confirming an
import's preview (``confirm_job``), the progress a handler reports (``JobProgress``), jobs a killed
worker left behind (``fail_stale_jobs``) and removing old jobs with their files (``cleanup_jobs``).

The job row and the queue entry are written in one transaction: a job nobody will run, or a queue
entry without its job, cannot exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.jobs.enums import JobKind, JobState
from pingxuan.web.jobs.models import Job

# No job runs this long (the longest, a national import or selection, takes seconds to a few
# minutes): one still 进行中 after it lost its worker to SIGKILL or a power cut.
STALE_AFTER = timedelta(minutes=30)
STALE = gettext_lazy(
    "后台处理没有在 30 分钟内结束（处理它的后台进程可能已被强行停止），未保存任何内容。请重新提交。"
)


class JobFailed(Exception):
    """A job that cannot finish for a reason the user can act on; ``message`` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class JobRefused(Exception):
    """A request about a job that its state does not allow; ``message`` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _enqueue(job: Job) -> None:
    from pingxuan.web.jobs.tasks import run_job  # the task module imports the runner

    run_job.enqueue(job.pk)


def start_job(
    *,
    campaign: Campaign,
    unit: Unit | None,
    kind: JobKind,
    params: dict[str, Any],
    actor: Any,
    role: str,
) -> Job:
    """Record the job, audit who asked for it, and queue it for the worker."""
    with transaction.atomic():
        job = Job.objects.create(
            campaign=campaign,
            owner=actor,
            unit=unit,
            kind=kind,
            params={**params, "role": role},
            step=_("等待后台处理"),
        )
        record(
            "job.start",
            actor=actor,
            role=role,
            campaign=campaign,
            unit_name=unit.name if unit is not None else "",
            obj=job,
            changes={"任务": [None, str(job.get_kind_display())]},
        )
        _enqueue(job)
    return job


def confirm_job(job: Job, *, actor: Any, role: str) -> Job:
    """An import's preview confirmed: the worker saves it. Only once, only while it waits."""
    with transaction.atomic():
        claimed = Job.objects.filter(
            pk=job.pk, owner=actor, state=JobState.AWAITING, kind=JobKind.IMPORT
        ).update(
            state=JobState.QUEUED,
            confirmed_at=timezone.now(),
            done=0,
            total=0,
            step=_("已确认，等待后台保存"),
        )
        if not claimed:
            raise JobRefused(
                _("导入确认已失效（可能已导入、已超时或在其他窗口重新上传过），请重新上传工作簿。")
            )
        job.refresh_from_db()
        record(
            "job.confirm",
            actor=actor,
            role=role,
            campaign=job.campaign,
            unit_name=job.unit.name if job.unit is not None else "",
            obj=job,
            changes={"任务": [None, str(job.get_kind_display())]},
        )
        _enqueue(job)
    return job


def own_job(request: HttpRequest, job_id: int) -> Job:
    """The signed-in user's own job; anyone else's (or none) is a 404."""
    user = request.user
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Job.objects.select_related("campaign", "unit"),
        pk=job_id,
        owner=user,
    )


class JobProgress:
    """What a handler tells the page while it works: written at once (outside any transaction of
    the handler's own), so that the polling page sees it."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def step(self, text: str) -> None:
        self.job.step = text[:200]
        Job.objects.filter(pk=self.job.pk).update(step=self.job.step)

    def count(self, done: int, total: int) -> None:
        self.job.done, self.job.total = done, total
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total)


def fail_stale_jobs(*, owner: Any = None, now: datetime | None = None) -> int:
    """Mark failed, with a Chinese reason, every job still 进行中 ``STALE_AFTER`` after it started:
    its worker was killed without a chance to say so (SIGTERM is handled by the runner). Not
    re-queued: the handler may have stopped half-way through, and the owner decides whether to
    ask again. Each one audited. ``owner`` limits it to one user's jobs (the pages he opens)."""
    now = now or timezone.now()
    stale = Job.objects.filter(state=JobState.RUNNING, started_at__lt=now - STALE_AFTER)
    if owner is not None:
        stale = stale.filter(owner=owner)
    failed = 0
    for job in stale.select_related("campaign", "unit"):
        with transaction.atomic():
            # Only if it is still running: the worker may have finished it meanwhile.
            if not Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
                state=JobState.FAILED, error=str(STALE), step="", finished_at=now
            ):
                continue
            record(
                "job.stale",
                actor=None,
                role="system",
                campaign=job.campaign,
                unit_name=job.unit.name if job.unit is not None else "",
                obj=job,
                changes={"状态": [str(JobState.RUNNING.label), str(JobState.FAILED.label)]},
            )
            failed += 1
    return failed


@dataclass(frozen=True)
class Cleanup:
    jobs: int
    files: int


def cleanup_jobs(*, days: int, now: datetime | None = None) -> Cleanup:
    """Delete the jobs created more than ``days`` days ago and their result files, audited in one
    row. Stale jobs are failed first; a job still queued or running is never deleted under its
    worker, however old."""
    fail_stale_jobs(now=now)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = Job.objects.filter(created_at__lt=cutoff).exclude(
        state__in=(JobState.QUEUED, JobState.RUNNING)
    )
    files = 0
    for name in old.exclude(result="").values_list("result", flat=True):
        if default_storage.exists(name):
            default_storage.delete(name)
            files += 1
    with transaction.atomic():
        _total, by_model = old.delete()
        jobs = by_model.get(Job._meta.label, 0)
        record(
            "job.cleanup",
            actor=None,
            role="system",
            changes={"删除任务": [None, jobs], "删除文件": [None, files], "保留天数": [None, days]},
        )
    return Cleanup(jobs=jobs, files=files)
