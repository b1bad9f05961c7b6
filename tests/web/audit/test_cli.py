"""``pingxuan audit verify``: the command a clerk or an auditor runs, in its own process, against
the site's database (DATABASE_URL), exits 0 for a whole chain and 1 naming the first broken row.

Outside a test transaction (``transaction=True``) so that the command's process sees the rows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from pingxuan.web.audit.domain.record import record
from pingxuan.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)

PINGXUAN = Path(sys.executable).with_name("pingxuan")


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or "postgres"
    return f"postgres://{user}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def verify() -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url()}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the command sets the site's own
    return subprocess.run(
        [str(PINGXUAN), "audit", "verify"], env=env, capture_output=True, text=True, check=False
    )


def test_a_whole_chain_verifies_and_a_changed_row_is_named() -> None:
    for n in range(5):
        record("test.append", actor=None, unit_name="郑东新区", changes={"n": [None, n]})

    whole = verify()
    AuditEvent.objects.filter(seq=3).update(unit_name="巩义市")  # past the model's guard
    broken = verify()

    assert whole.returncode == 0, whole.stderr
    assert "5" in whole.stdout
    assert broken.returncode == 1
    assert "第 3 条" in broken.stderr and "内容被修改" in broken.stderr
