"""The body of one appending process in test_concurrency.py. Spawned processes import this
module before Django is set up, so it imports Django only inside ``append_rows``."""

from __future__ import annotations

import os
from typing import Any

PATIENCE = 60


def append_rows(database_name: str, barrier: Any, worker: int, count: int) -> None:
    """Set Django up on the test database ``database_name``, wait for the others, then append
    ``count`` rows, each in its own transaction as requests would."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pingxuan.web.settings")
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = database_name

    import django

    django.setup()

    from django.db import connection

    from pingxuan.web.audit.domain.record import record

    # Connect before the barrier: the race is for the chain, not for the connections.
    connection.ensure_connection()
    barrier.wait(PATIENCE)
    for n in range(count):
        record("test.append", actor=None, unit_name=f"worker-{worker}", changes={"n": [None, n]})
    connection.close()
