"""The audit hash chain (issue 4, item 6): every edit, deletion or reordering of a row is found,
and the first broken row is named."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction

from pingxuan.web.audit.domain.chain import (
    HASHED_FIELDS,
    ChainRow,
    VerifyResult,
    stored_time,
    verify_chain,
    verify_rows,
)
from pingxuan.web.audit.domain.record import record
from pingxuan.web.audit.models import AppendOnlyError, AuditChainHead, AuditEvent
from tests.web.audit.helpers import chain_rows, store

ROWS = 10_000
TRIALS = 1_000
DB_TRIALS = 21
EDITABLE = (*HASHED_FIELDS, "hash")
# Stored rows all have campaign_id and actor_id None; ids that exist are not needed to detect
# edits (test_columns.py changes them to ids that exist).
DB_EDITABLE = tuple(name for name in EDITABLE if name not in ("campaign_id", "actor_id"))


@pytest.fixture(scope="module")
def chain() -> list[ChainRow]:
    return chain_rows(ROWS)


def changed(row: ChainRow, name: str, rows: int) -> object:
    """A different value for field ``name`` of ``row``; a new seq stays unique."""
    value = getattr(row, name)
    if name == "seq":
        return rows + 1 + value
    if name in ("campaign_id", "actor_id"):
        return (value or 0) + 1
    if name == "hash_version":
        return 1 if value != 1 else 2
    if name == "at":
        return value + timedelta(microseconds=1)
    if name == "changes":
        return {**value, "姓名": [None, "李四"]}
    if name in ("hash", "prev_hash"):
        return "f" * 64 if value != "f" * 64 else "e" * 64
    return value + "x"


def expected(kind: str, name: str, first: int, rows: int) -> tuple[int, str]:
    """(seq, reason) that verification must report when row ``first`` (0-based) is tampered."""
    if kind == "delete" or (kind == "edit" and name == "seq"):
        return first + 1, f"缺少第{first + 1}条"
    if kind == "swap":
        return first + 1, "顺序错乱"
    if name == "prev_hash":
        return first + 1, "链接断开"
    return first + 1, "内容被修改"


def tamper(rows: list[ChainRow], rng: random.Random) -> tuple[list[ChainRow], tuple[int, str]]:
    """One random edit, deletion or swap of ``rows``, returned in seq order as the database
    would return them, with what verification must report."""
    kind = rng.choice(("edit", "delete", "swap"))
    index = rng.randrange(len(rows))
    tampered = list(rows)
    name = ""
    if kind == "edit":
        name = rng.choice(EDITABLE)
        row = rows[index]
        tampered[index] = replace(row, **{name: changed(row, name, len(rows))})
    elif kind == "delete":
        del tampered[index]
    else:
        # A neighbour half the time, any other row otherwise.
        other = rng.randrange(len(rows) - 1)
        other += other >= index
        if rng.random() < 0.5:
            other = index + 1 if index + 1 < len(rows) else index - 1
        first, second = sorted((index, other))
        a, b = rows[first], rows[second]
        tampered[first], tampered[second] = replace(b, seq=a.seq), replace(a, seq=b.seq)
        index = first
    tampered.sort(key=lambda row: row.seq)
    return tampered, expected(kind, name, index, len(rows))


def verify(rows: list[ChainRow], *, head: ChainRow) -> VerifyResult:
    return verify_rows(rows, head_seq=head.seq, head_hash=head.hash)


def test_untouched_chain_verifies(chain: list[ChainRow]) -> None:
    assert verify(chain, head=chain[-1]) == VerifyResult(ok=True, count=ROWS)


def test_every_edit_deletion_and_reordering_is_found_at_its_row(chain: list[ChainRow]) -> None:
    rng = random.Random(2026)
    missed = []
    for trial in range(TRIALS):
        tampered, (seq, reason) = tamper(chain, rng)
        result = verify(tampered, head=chain[-1])
        if (result.ok, result.seq, result.reason) != (False, seq, reason):
            missed.append((trial, seq, reason, result))

    assert missed == []


def test_rows_cut_from_the_end_are_found_by_the_head(chain: list[ChainRow]) -> None:
    result = verify(chain[:-3], head=chain[-1])

    assert (result.ok, result.seq, result.reason) == (False, ROWS - 2, f"缺少第{ROWS - 2}条")


def test_time_is_hashed_with_its_offset(chain: list[ChainRow]) -> None:
    assert stored_time(chain[0].at) == f"2026-11-25T09:00:01.{chain[0].at.microsecond:06d}+08:00"


def tamper_stored(rows: list[ChainRow], rng: random.Random) -> tuple[int, str]:
    """Tamper the stored rows as someone with database access would, bypassing the model."""
    kind = ("edit", "delete", "swap")[rng.randrange(3)]
    index = rng.randrange(len(rows))
    row, name = rows[index], ""
    events = AuditEvent.objects.filter(seq=row.seq)
    if kind == "edit":
        name = rng.choice(DB_EDITABLE)
        events.update(**{name: changed(row, name, len(rows))})
    elif kind == "delete":
        events.delete()
    else:
        index = min(index, len(rows) - 2)
        a, b = rows[index], rows[index + 1 + rng.randrange(min(3, len(rows) - index - 1))]
        # Three steps, because seq is unique at every step.
        AuditEvent.objects.filter(seq=a.seq).update(seq=len(rows) + 1)
        AuditEvent.objects.filter(seq=b.seq).update(seq=a.seq)
        AuditEvent.objects.filter(seq=len(rows) + 1).update(seq=b.seq)
    return expected(kind, name, index, len(rows))


@pytest.mark.django_db
def test_tampering_with_stored_rows_is_found(chain: list[ChainRow]) -> None:
    store(chain)
    assert verify_chain() == VerifyResult(ok=True, count=ROWS)

    rng = random.Random(4)
    outcomes, wanted = [], []
    for _ in range(DB_TRIALS):
        with transaction.atomic():
            wanted.append(tamper_stored(chain, rng))
            result = verify_chain()
            outcomes.append((result.seq, result.reason) if not result.ok else None)
            transaction.set_rollback(True)

    assert outcomes == wanted
    assert verify_chain() == VerifyResult(ok=True, count=ROWS)


@pytest.fixture
def clerk(db: None) -> User:
    return User.objects.create_user("clerk-a")


def test_recorded_rows_form_a_chain(clerk: User) -> None:
    for n in range(3):
        record("nomination.update", actor=clerk, role="clerk", changes={"n": [n, n + 1]})

    events = list(AuditEvent.objects.all())
    head = AuditChainHead.objects.get()
    assert [e.seq for e in events] == [1, 2, 3]
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert (head.last_seq, head.last_hash) == (3, events[-1].hash)
    assert verify_chain() == VerifyResult(ok=True, count=3)


def test_a_stored_row_cannot_be_saved_again(clerk: User) -> None:
    event = record("nomination.update", actor=clerk)
    event.action = "nomination.delete"

    with pytest.raises(AppendOnlyError):
        event.save()


def test_a_stored_row_cannot_be_deleted(clerk: User) -> None:
    event = record("nomination.update", actor=clerk)

    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.count() == 1


def test_audit_verify_command_reports_a_whole_chain(clerk: User) -> None:
    record("nomination.update", actor=clerk)
    record("nomination.update", actor=clerk)
    out = StringIO()

    call_command("audit_verify", stdout=out)

    assert out.getvalue() == "审计链完整：共 2 条记录。\n"


def test_audit_verify_command_names_the_first_broken_row(clerk: User) -> None:
    record("nomination.update", actor=clerk)
    second = record("nomination.update", actor=clerk)
    AuditEvent.objects.filter(pk=second.pk).update(actor_name="someone-else")
    err = StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command("audit_verify", stderr=err)

    assert exit_.value.code == 1
    assert err.getvalue() == f"审计链断裂：第 2 条（编号 {second.pk}）内容被修改。\n"
