"""Audit chains built in memory, with the chain's own hashing, and stored in bulk: a 10,000-row
chain in a second rather than 10,000 calls to ``record``."""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from pingxuan.web.audit.domain.chain import GENESIS, HASH_VERSION, ChainRow, content_hash
from pingxuan.web.audit.models import AuditChainHead, AuditEvent

ACTIONS = ("nomination.create", "nomination.update", "nomination.reveal_id", "export.template")
ROLES = ("clerk", "reviewer", "office")
UNITS = ("郑东新区", "金水区", "中原区")


def chain_rows(count: int, *, seed: int = 6) -> list[ChainRow]:
    """``count`` plausible rows, seq 1..count, each hashed over the one before it."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    rows, previous = [], GENESIS
    for seq in range(1, count + 1):
        values = {
            "hash_version": HASH_VERSION,
            "actor_id": None,
            "at": start + timedelta(seconds=seq, microseconds=rng.randrange(1_000_000)),
            "actor_name": f"clerk-{rng.randrange(40)}",
            "role": rng.choice(ROLES),
            "campaign_id": None,
            "unit_name": rng.choice(UNITS),
            "object_type": "Nomination",
            "object_id": str(rng.randrange(1, 5000)),
            "action": rng.choice(ACTIONS),
            "changes": {"姓名": [None, f"张{seq}"], "身份证号": [None, "4101**********1234"]},
        }
        digest = content_hash(seq=seq, prev_hash=previous, **values)
        rows.append(ChainRow(pk=seq, seq=seq, prev_hash=previous, hash=digest, **values))
        previous = digest
    return rows


def store(rows: list[ChainRow]) -> None:
    """Insert ``rows`` as they are and point the chain head at the last one."""
    events = []
    for row in rows:
        values = asdict(row)
        del values["pk"]
        events.append(AuditEvent(**values))
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    AuditChainHead.objects.update_or_create(
        pk=AuditChainHead.ONLY, defaults={"last_seq": rows[-1].seq, "last_hash": rows[-1].hash}
    )
