"""Running the background worker inside a test: the library's own worker loop (django-tasks-db's
``Worker``, what ``manage.py db_worker`` runs), for every job queued so far (``run_worker``), or
in a thread while a browser test drives the live server (``worker_running``); a document through
its job, as a page gives it (``through_job``)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.db import connection
from django.test import Client
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


@contextmanager
def worker_running() -> Iterator[None]:
    """The worker loop in a thread on its own connection, stopped when the block ends (its
    signal handlers only work in the main thread, so the loop runs without them)."""
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker-thread",
        excluded_queue_names=[],
    )

    def run() -> None:
        try:
            worker.run()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield
    finally:
        worker.running = False
        thread.join(30)


def through_job(client: Client, url: str, data: dict[str, str] | None = None) -> Any:
    """A document as a page gives it now: the button (a POST) starts a job and goes to its page,
    the worker writes the file, the job page offers it to its owner; the file's response."""
    started = client.post(url, data or {})
    assert started.status_code == 302, started.status_code
    assert started["Location"].startswith("/jobs/"), started["Location"]
    run_worker()
    page = client.get(started["Location"]).content.decode()
    assert "已完成" in page, page
    return client.get(started["Location"] + "result/")
