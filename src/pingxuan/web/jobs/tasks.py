"""The one task the worker runs: a job, by its id (``domain.runner.execute`` does the rest)."""

from __future__ import annotations

from django_tasks import task

from pingxuan.web.jobs.domain.runner import execute


@task()
def run_job(job_id: int) -> None:
    execute(job_id)
