"""The worker's side of a job: claim it, run its kind's handler, record how it ended.

Every exception ends here. The user reads a Chinese sentence, never a traceback; the log gets the
job's number, its kind, the exception's class and the line it came from, never its message (a
message may quote a cell of the workbook: a name, an ID number).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pingxuan.web.jobs.domain import JobFailed, JobProgress
from pingxuan.web.jobs.enums import JobState
from pingxuan.web.jobs.models import Job

log = logging.getLogger(__name__)

# A handler does the job's work and returns the state it ends in (DONE, or AWAITING for a
# preview); it raises JobFailed for a reason the user can act on.
Handler = Callable[[Job, JobProgress], JobState]

INTERNAL_ERROR = gettext_lazy(
    "处理时出现内部错误，未保存任何内容。请稍后重试；如仍不成功，请联系系统管理员，"
    "并告知任务编号 %(job)s。"
)
INTERRUPTED = gettext_lazy("后台处理被中断（服务器正在重启或停止），未保存任何内容。请重新提交。")

FIELDS = [
    *("state", "params", "summary", "detail_html", "result", "result_name", "error"),
    *("confirmed_at", "finished_at"),
]


def _where(exc: BaseException) -> str:
    """The innermost frame's file and line: enough to find the bug, nothing of the data."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno}"


def _handlers() -> dict[str, Handler]:
    from pingxuan.web.jobs.handlers import HANDLERS  # handlers import the data apps

    return HANDLERS


def _end(job: Job, state: JobState, *, error: str = "") -> None:
    job.state = state
    job.error = error
    job.finished_at = timezone.now()
    job.save(update_fields=[*FIELDS, "step"])


def execute(job_id: int) -> None:
    """Run the job if it is still queued (a job confirmed twice, or already taken, is left)."""
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=timezone.now(), step=_("正在处理")
    )
    if not claimed:
        return
    job = Job.objects.select_related("campaign", "unit", "owner").get(pk=job_id)
    try:
        state = _handlers()[job.kind](job, JobProgress(job))
    except JobFailed as failure:
        job.step = ""
        _end(job, JobState.REFUSED if failure.refused else JobState.FAILED, error=failure.message)
    except Exception as exc:
        log.error(
            "后台任务 %s（%s）出错：%s，位于 %s", job.pk, job.kind, type(exc).__name__, _where(exc)
        )
        job.step = ""
        _end(job, JobState.FAILED, error=INTERNAL_ERROR % {"job": job.pk})
    except BaseException:
        # The worker is being stopped: say so on the page, then let it stop.
        job.step = ""
        _end(job, JobState.FAILED, error=str(INTERRUPTED))
        raise
    else:
        job.step = ""
        _end(job, state)
