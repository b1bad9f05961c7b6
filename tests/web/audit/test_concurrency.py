"""Appenders in separate processes never fork the chain (issue 4, item 6): 8 processes on their
own connections, released together, append 50 rows each.

Outside a test transaction (``transaction=True``) so that the processes see one another's
commits; on SQLite the test database is a file for the same reason (tests/conftest.py).
"""

from __future__ import annotations

import multiprocessing

import pytest
from django.db import connection

from pingxuan.web.audit.domain.chain import VerifyResult, verify_chain
from pingxuan.web.audit.models import AuditEvent
from tests.web.audit.appender import PATIENCE, append_rows

pytestmark = pytest.mark.django_db(transaction=True)

PROCESSES = 8
ROWS_EACH = 50


def test_eight_processes_appending_leave_one_unbroken_chain() -> None:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    name = connection.settings_dict["NAME"]
    processes = [
        context.Process(target=append_rows, args=(name, barrier, worker, ROWS_EACH))
        for worker in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(PATIENCE * 2)

    assert [p.exitcode for p in processes] == [0] * PROCESSES
    assert verify_chain() == VerifyResult(ok=True, count=PROCESSES * ROWS_EACH)
    per_worker = {
        f"worker-{worker}": AuditEvent.objects.filter(unit_name=f"worker-{worker}").count()
        for worker in range(PROCESSES)
    }
    assert per_worker == {f"worker-{worker}": ROWS_EACH for worker in range(PROCESSES)}
