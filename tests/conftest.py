"""The test database, for every test that uses one."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On SQLite, a test database in a file rather than in memory: threads on their own
    connections (tests/web/nominations/test_concurrency.py) must see one another's commits.

    The file lives in the run's temporary directory, so each run and each xdist worker has its own
    and two runs in one checkout never delete each other's database.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("db") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)
        # A test database need not survive a power cut: commits without fsync keep the file as
        # fast as memory was (the concurrency tests commit a few thousand times).
        options = database.setdefault("OPTIONS", {})
        options["init_command"] = ";".join(
            filter(None, [options.get("init_command"), "PRAGMA synchronous=OFF"])
        )


AUDIT_TEST_KEY = "test-audit-checkpoint-key"


@pytest.fixture(autouse=True)
def audit_checkpoints(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test its own audit checkpoint file and a fixture key (issue 11): checkpoints of one
    test's rows must not meet another test's database, nor the checkout's var/audit. Set in the
    environment too, for the processes a test starts."""
    directory = tmp_path_factory.mktemp("audit")
    monkeypatch.setenv("PINGXUAN_AUDIT_DIR", str(directory))
    monkeypatch.setenv("PINGXUAN_AUDIT_KEY", AUDIT_TEST_KEY)
    monkeypatch.setattr(settings, "AUDIT_DIR", directory)
    monkeypatch.setattr(settings, "AUDIT_KEY", AUDIT_TEST_KEY)
    return directory
