"""Running the background worker inside a test: the library's own worker loop (django-tasks-db's
``Worker``, what ``manage.py db_worker --batch`` runs), for every job queued so far, then back."""

from __future__ import annotations

from unittest import mock

from django_tasks_db.management.commands import db_worker


def run_worker() -> None:
    """Run every queued task, as the worker process would, and return once the queue is empty.

    The worker closes "old" connections between tasks, as Django does between requests; inside a
    test's transaction that would close the test's own connection, so it is skipped here, just as
    Django's test client skips it for requests."""
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()
