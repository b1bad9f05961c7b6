"""The gaps issue 11 found in the audit chain, each reproduced against the real database: who did
it (``actor_id``) was not hashed, and rows cut from the end together with the chain head, or every
row, left a chain that verified. Every column is hashed now, and signed checkpoints outside the
database remember how far the chain reached."""

from __future__ import annotations

import stat
import tempfile
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pingxuan.web.audit.domain.chain import (
    HASHED_FIELDS,
    NOT_HASHED,
    VerifyResult,
    content_hash,
    verify_chain,
)
from pingxuan.web.audit.domain.checkpoint import (
    KEY_NAME,
    append_checkpoint,
    checkpoint_path,
    read_checkpoints,
)
from pingxuan.web.audit.domain.record import record
from pingxuan.web.audit.models import AuditChainHead, AuditEvent
from tests.web.audit.helpers import chain_rows, store

pytestmark = pytest.mark.django_db

COLUMNS = tuple(f.attname for f in AuditEvent._meta.concrete_fields)


@pytest.fixture
def clerks(db: None) -> list[User]:
    return [User.objects.create_user(f"clerk-{n}") for n in range(2)]


def append(count: int, clerks: list[User], start: int = 0) -> None:
    """``count`` rows as requests make them: each committed, so each leaves a checkpoint."""
    for n in range(start, start + count):
        with TestCase.captureOnCommitCallbacks(execute=True):
            record(
                "nomination.update",
                actor=clerks[n % len(clerks)],
                role="clerk",
                unit_name="郑东新区",
                changes={"n": [n, n + 1]},
            )


def other_value(column: str, value: Any, clerks: list[User]) -> Any:
    """A different value a column can hold, as someone editing the table would write it."""
    if column == "actor_id":
        return next(c.pk for c in clerks if c.pk != value)
    if column in ("campaign_id",):
        return (value or 0) + 1_000
    if column == "seq":
        return value + 1_000
    if column == "hash_version":
        return 1 if value != 1 else 2
    if column == "at":
        return value + timedelta(microseconds=1)
    if column == "changes":
        return {**value, "姓名": [None, "李四"]}
    if column in ("hash", "prev_hash"):
        return "f" * 64 if value != "f" * 64 else "e" * 64
    if isinstance(value, int):
        return value + 1
    return value + "x"


def cut_head() -> None:
    """Point the head at what is left, as someone deleting rows would to hide it."""
    last = AuditEvent.objects.order_by("-seq").first()
    if last is None:
        AuditChainHead.objects.all().delete()
    else:
        AuditChainHead.objects.update(last_seq=last.seq, last_hash=last.hash)


def test_every_column_but_the_key_and_the_hash_is_hashed() -> None:
    """A column added to the model is hashed without anyone listing it: this fails only if the
    hashed fields stopped being derived from the model."""
    assert set(HASHED_FIELDS) == set(COLUMNS) - set(NOT_HASHED)
    assert set(NOT_HASHED) == {"id", "hash"}
    assert {"actor_id", "hash_version"} <= set(HASHED_FIELDS)


def test_changing_who_did_it_is_found(clerks: list[User]) -> None:
    append(3, clerks)
    second = AuditEvent.objects.get(seq=2)
    AuditEvent.objects.filter(seq=2).update(
        actor_id=other_value("actor_id", second.actor_id, clerks)
    )

    result = verify_chain()

    assert (result.ok, result.seq, result.reason) == (False, 2, "内容被修改")


@pytest.mark.parametrize("column", [c for c in COLUMNS if c != "id"])
def test_changing_any_single_column_is_found(clerks: list[User], column: str) -> None:
    append(3, clerks)
    value = AuditEvent.objects.values_list(column, flat=True).get(seq=2)
    with transaction.atomic():
        AuditEvent.objects.filter(seq=2).update(**{column: other_value(column, value, clerks)})
        result = verify_chain()
        transaction.set_rollback(True)

    assert not result.ok
    assert result.seq == 2, result.message()


def test_deleting_the_last_rows_and_the_head_is_found(clerks: list[User]) -> None:
    append(5, clerks)
    AuditEvent.objects.filter(seq__gte=4).delete()
    cut_head()

    result = verify_chain()

    assert not result.ok
    assert result.message() == (
        "审计链断裂：第 4 条起的记录被删除：检查点表明审计链已到第5条，数据库中只有3条。"
    )


def test_deleting_every_row_and_the_head_is_found(clerks: list[User]) -> None:
    append(4, clerks)
    AuditEvent.objects.all().delete()
    cut_head()

    result = verify_chain()

    assert not result.ok
    assert "第 1 条起的记录被删除" in result.message() and "只有0条" in result.message()


def test_a_chain_recomputed_end_to_end_is_found(clerks: list[User]) -> None:
    """With database access the chain can be re-hashed; the checkpoints cannot be re-signed."""
    append(3, clerks)
    previous = "0" * 64
    for event in AuditEvent.objects.order_by("seq"):
        values = {name: getattr(event, name) for name in HASHED_FIELDS}
        values.update(prev_hash=previous, actor_id=clerks[0].pk)
        digest = content_hash(**values)
        AuditEvent.objects.filter(pk=event.pk).update(
            prev_hash=previous, actor_id=clerks[0].pk, hash=digest
        )
        previous = digest
    cut_head()

    result = verify_chain()

    assert (result.ok, result.seq) == (False, 2)  # row 1 was already clerk-0's
    assert "与检查点不符" in result.reason


def test_verify_checkpoints_the_chain_it_found_whole(clerks: list[User]) -> None:
    """Rows recorded without a commit (here: inside the test's transaction) leave no checkpoint;
    ``audit verify`` writes one for the chain it found whole."""
    for _ in range(3):
        record("nomination.update", actor=clerks[0])
    assert read_checkpoints().hashes == {}

    call_command("audit_verify", stdout=StringIO())
    last = AuditEvent.objects.get(seq=3).hash
    AuditEvent.objects.filter(seq=3).delete()
    cut_head()

    assert read_checkpoints().hashes == {3: last}
    assert not verify_chain().ok


def test_a_forged_checkpoint_line_is_reported(clerks: list[User]) -> None:
    append(2, clerks)
    with checkpoint_path().open("a", encoding="ascii") as out:
        out.write(f"9 {'a' * 64} {'b' * 64}\n")

    result = verify_chain()

    assert not result.ok
    assert "第 3 行签名不对" in result.message()


def test_the_key_file_is_made_once_with_mode_0600(
    clerks: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "AUDIT_KEY", "")
    append(2, clerks)
    key_file = Path(settings.AUDIT_DIR) / KEY_NAME
    key = key_file.read_text()

    append(1, clerks, start=2)

    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(checkpoint_path().stat().st_mode) == 0o600
    assert key_file.read_text() == key and len(key.strip()) == 64
    assert verify_chain() == VerifyResult(ok=True, count=3)
    assert len(checkpoint_path().read_text().splitlines()) == 3


def test_rows_of_hash_version_1_still_verify_and_the_chain_continues(clerks: list[User]) -> None:
    """Rows made before issue 11 keep their version-1 hash (no actor_id in it) and still verify;
    rows recorded after them are version 2."""
    old = chain_rows(4)
    v1 = []
    previous = "0" * 64
    for row in old:
        values = {name: getattr(row, name) for name in HASHED_FIELDS}
        values.update(prev_hash=previous, hash_version=1)
        digest = content_hash(**values)
        v1.append(row.__class__(**{**values, "pk": row.pk, "hash": digest}))
        previous = digest
    store(v1)
    append(2, clerks)

    assert list(AuditEvent.objects.values_list("hash_version", flat=True)) == [1] * 4 + [2] * 2
    assert verify_chain() == VerifyResult(ok=True, count=6)


# The hypothesis test: any sequence of appends, then one tampering or none.

TAMPERINGS = st.one_of(
    st.none(),
    st.tuples(st.just("update"), st.integers(0, 10_000), st.sampled_from(COLUMNS[1:])),
    st.tuples(st.just("suffix"), st.integers(1, 10_000)),
    st.just(("all",)),
)


def tamper(how: tuple[Any, ...], clerks: list[User]) -> None:
    count = AuditEvent.objects.count()
    if how[0] == "update":
        seq, column = 1 + how[1] % count, how[2]
        value = AuditEvent.objects.values_list(column, flat=True).get(seq=seq)
        AuditEvent.objects.filter(seq=seq).update(**{column: other_value(column, value, clerks)})
    elif how[0] == "suffix":
        AuditEvent.objects.filter(seq__gt=count - 1 - how[1] % count).delete()
        cut_head()
    else:
        AuditEvent.objects.all().delete()
        cut_head()


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(appends=st.integers(1, 12), how=TAMPERINGS)
def test_any_tampering_after_any_appends_is_found(
    clerks: list[User], appends: int, how: tuple[Any, ...] | None
) -> None:
    with tempfile.TemporaryDirectory() as directory, transaction.atomic():
        saved = settings.AUDIT_DIR
        settings.AUDIT_DIR = Path(directory)
        try:
            append(appends, clerks)
            assert verify_chain() == VerifyResult(ok=True, count=appends)
            if how is not None:
                tamper(how, clerks)
            result = verify_chain()
        finally:
            settings.AUDIT_DIR = saved
            transaction.set_rollback(True)

    assert result.ok is (how is None), (how, result.message())


def test_append_checkpoint_writes_one_line(audit_checkpoints: Path) -> None:
    append_checkpoint(7, "c" * 64)
    append_checkpoint(8, "d" * 64)

    assert read_checkpoints().hashes == {7: "c" * 64, 8: "d" * 64}
