"""Background jobs: starting one (``start_job``), the one access check (``own_job``), confirming an
import's preview (``confirm_job``) or abandoning it (``abandon_job``), the progress a handler
reports (``JobProgress``), jobs a killed worker left behind and previews nobody confirmed
(``fail_stale_jobs``) and removing old jobs with their files (``cleanup_jobs``).

The job row and the queue entry are written in one transaction: a job nobody will run, or a queue
entry without its job, cannot exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.jobs.enums import JobKind, JobState
from pingxuan.web.jobs.models import Job
from pingxuan.web.nominations.domain.importing import STASH_LIFETIME, discard_stash

# No job runs this long (the longest, a national import or selection, takes seconds to a few
# minutes): one still 进行中 after it lost its worker to SIGKILL or a power cut.
STALE_AFTER = timedelta(minutes=30)
STALE = gettext_lazy(
    "后台处理没有在 30 分钟内结束（处理它的后台进程可能已被强行停止），未保存任何内容。请重新提交。"
)
# An import's preview waits this long for its confirmation (as long as the stashed file is kept).
PREVIEW_LIFETIME = STASH_LIFETIME
PREVIEW_EXPIRED = gettext_lazy(
    "预览超过 24 小时未确认，已失效，未导入任何内容。如仍需导入，请重新上传工作簿。"
)
SUPERSEDED = gettext_lazy(
    "本单位之后又上传了工作簿（任务 %(job)s），这次的预览已失效，未导入任何内容。"
    "请在新任务的页面核对预览后确认。"
)
ABANDONED = gettext_lazy("已放弃，未导入任何内容。")
# A pending import: its preview is being made or waits for the owner (not yet confirmed).
_PENDING_IMPORT = Q(kind=JobKind.IMPORT) & (
    Q(state=JobState.AWAITING) | Q(state=JobState.QUEUED, confirmed_at__isnull=True)
)


class JobFailed(Exception):
    """A job that cannot finish for a reason the user can act on; ``message`` is Chinese.
    ``refused``: the input was refused (the job reads 已拒绝), rather than the work breaking off."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.refused = refused


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
    """Record the job, audit who asked for it, and queue it for the worker. A new import of a
    unit voids the unit's earlier previews still pending: only the newest upload can be
    confirmed."""
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
        if kind == JobKind.IMPORT and unit is not None:
            earlier = Job.objects.filter(
                _PENDING_IMPORT, campaign=campaign, unit=unit, pk__lt=job.pk
            )
            for old in earlier.select_related("campaign", "unit"):
                _end_pending(
                    old, JobState.EXPIRED, str(SUPERSEDED % {"job": job.pk}), "job.supersede"
                )
        _enqueue(job)
    return job


def _end_pending(
    job: Job, state: JobState, reason: str, action: str, *, actor: Any = None, role: str = "system"
) -> bool:
    """End a pending import (abandoned, superseded, expired): its stashed file removed, audited.
    False if it was no longer pending (confirmed or ended meanwhile)."""
    before = Job.objects.filter(pk=job.pk).values_list("state", flat=True).first()
    ended = Job.objects.filter(_PENDING_IMPORT, pk=job.pk).update(
        state=state, error=reason, step="", finished_at=timezone.now()
    )
    if not ended:
        return False
    # At once, not on commit: a rollback after this leaves a job whose confirmation finds no
    # file and says so (``handlers.GONE``), never one that saves what was abandoned.
    discard_stash(job.params.get("file", ""))
    record(
        action,
        actor=actor,
        role=role,
        campaign=job.campaign,
        unit_name=job.unit.name if job.unit is not None else "",
        obj=job,
        changes={"状态": [str(JobState(before).label), str(state.label)]},
    )
    job.refresh_from_db()
    return True


def abandon_job(job: Job, *, actor: Any, role: str) -> Job:
    """The owner gives up an import's preview: nothing is imported, the uploaded file is removed,
    and the job can never be confirmed. Only while it waits for the confirmation."""
    with transaction.atomic():
        if not _end_pending(
            job, JobState.ABANDONED, str(ABANDONED), "job.abandon", actor=actor, role=role
        ):
            job.refresh_from_db()
            raise JobRefused(_not_pending(job))
    return job


def _not_pending(job: Job) -> str:
    """Why an import can no longer be confirmed or abandoned, in Chinese."""
    if job.state == JobState.ABANDONED:
        return _("这次导入已放弃，未导入任何内容，不能再确认。如需导入，请重新上传工作簿。")
    if job.state == JobState.EXPIRED:
        return job.error  # says why, and to upload again
    if job.state == JobState.DONE:
        return _("这次导入已经完成，不能再确认或放弃。")
    if job.state in (JobState.QUEUED, JobState.RUNNING):
        return _("这次导入已确认，正在后台保存，不能再放弃。")
    return _("导入确认已失效（可能已导入、已超时或在其他窗口重新上传过），请重新上传工作簿。")


def confirm_job(job: Job, *, actor: Any, role: str) -> Job:
    """An import's preview confirmed: the worker saves it. Only once, only while it waits, only
    the unit's newest upload, and only within ``PREVIEW_LIFETIME``. The worker compares the
    unit's data with those the preview was made from (``unit_fingerprint``) before it saves."""
    _expire_previews(owner=actor)
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
            job.refresh_from_db()
            raise JobRefused(_not_pending(job))
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


def _expire_previews(*, owner: Any = None, now: datetime | None = None) -> int:
    """End every import preview that waited ``PREVIEW_LIFETIME`` for its confirmation."""
    now = now or timezone.now()
    old = Job.objects.filter(
        kind=JobKind.IMPORT, state=JobState.AWAITING, created_at__lt=now - PREVIEW_LIFETIME
    )
    if owner is not None:
        old = old.filter(owner=owner)
    expired = 0
    for job in old.select_related("campaign", "unit"):
        with transaction.atomic():
            expired += _end_pending(job, JobState.EXPIRED, str(PREVIEW_EXPIRED), "job.expire")
    return expired


def fail_stale_jobs(*, owner: Any = None, now: datetime | None = None) -> int:
    """Expire the import previews nobody confirmed within ``PREVIEW_LIFETIME``; mark failed, with
    a Chinese reason, every job still 进行中 ``STALE_AFTER`` after it started:
    its worker was killed without a chance to say so (SIGTERM is handled by the runner). Not
    re-queued: the handler may have stopped half-way through, and the owner decides whether to
    ask again. Each one audited. ``owner`` limits it to one user's jobs (the pages he opens).
    Returns the number of jobs failed."""
    now = now or timezone.now()
    _expire_previews(owner=owner, now=now)
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
