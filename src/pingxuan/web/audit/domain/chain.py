"""The hash chain over audit rows: how a row's hash is computed, and ``verify_chain``, which walks
the rows in ``seq`` order and names the first one that was edited, deleted or moved.

Each row's hash is SHA-256 over a canonical JSON text of its stored values, including the hash of
the row before it, so changing any stored value of any row breaks the chain from that row on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from pingxuan.web.audit.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
# The offset is part of the hashed text, so it is fixed here rather than taken from whatever
# time zone happens to be active.
CHAIN_ZONE = ZoneInfo("Asia/Shanghai")
HASHED_FIELDS = (
    "seq",
    "prev_hash",
    "at",
    "actor_name",
    "role",
    "campaign_id",
    "unit_name",
    "object_type",
    "object_id",
    "action",
    "changes",
)


def stored_time(at: datetime) -> str:
    """ISO 8601 in Beijing time, offset and microseconds: 2026-11-25T18:20:00.123456+08:00."""
    return at.astimezone(CHAIN_ZONE).isoformat(timespec="microseconds")


def canonical(values: dict[str, Any]) -> str:
    """The text that is hashed: the hashed fields only, keys sorted, no insignificant spaces."""
    text = {name: values[name] for name in HASHED_FIELDS}
    text["at"] = stored_time(values["at"])
    return json.dumps(text, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(**values: Any) -> str:
    """SHA-256 (hex) of ``canonical(values)``."""
    return hashlib.sha256(canonical(values).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainRow:
    """One stored row as the chain sees it: its values, never a model instance."""

    pk: int | None
    seq: int
    prev_hash: str
    hash: str
    at: datetime
    actor_name: str
    role: str
    campaign_id: int | None
    unit_name: str
    object_type: str
    object_id: str
    action: str
    changes: Any = field(hash=False)

    @cached_property
    def computed_hash(self) -> str:
        # The row is frozen, so its hash can be kept once computed.
        return content_hash(**{name: getattr(self, name) for name in HASHED_FIELDS})


@dataclass(frozen=True)
class VerifyResult:
    """``ok`` with the number of rows, or the first broken row (``seq``, ``pk``) and why."""

    ok: bool
    count: int
    seq: int | None = None
    pk: int | None = None
    reason: str = ""

    def message(self) -> str:
        if self.ok:
            return _("审计链完整：共 %(count)d 条记录。") % {"count": self.count}
        where = _("第 %(seq)d 条") % {"seq": self.seq}
        if self.pk is not None:
            where += _("（编号 %(pk)d）") % {"pk": self.pk}
        return _("审计链断裂：%(where)s%(reason)s。") % {"where": where, "reason": self.reason}


def _broken(row: ChainRow | None, seq: int, reason: str, count: int) -> VerifyResult:
    return VerifyResult(
        ok=False, count=count, seq=seq, pk=row.pk if row is not None else None, reason=reason
    )


def verify_rows(
    rows: Iterable[ChainRow],
    *,
    head_seq: int,
    head_hash: str,
    hash_exists: Callable[[str], bool] | None = None,
) -> VerifyResult:
    """Walk ``rows`` (in the order given, which should be ``seq`` order) and report the first one
    that breaks the chain; ``head_*`` is where the chain was last known to end.

    ``hash_exists`` tells a row that was moved (its predecessor is elsewhere in the chain: 顺序错乱)
    from one whose link was cut (链接断开); without it, ``rows`` is searched.
    """
    if hash_exists is None:
        rows = list(rows)
        hashes = {row.hash for row in rows}
        hash_exists = hashes.__contains__
    expected, previous = 1, GENESIS
    for row in rows:
        if row.seq > expected:
            return _broken(None, expected, _("缺少第%(seq)d条") % {"seq": expected}, expected - 1)
        if row.seq < expected:
            return _broken(row, row.seq, _("顺序错乱"), expected - 1)
        if row.prev_hash != previous:
            reason = _("顺序错乱") if hash_exists(row.prev_hash) else _("链接断开")
            return _broken(row, row.seq, reason, expected - 1)
        if row.computed_hash != row.hash:
            return _broken(row, row.seq, _("内容被修改"), expected - 1)
        expected, previous = expected + 1, row.hash
    count = expected - 1
    if head_seq > count:
        # Rows cut from the end leave the chain itself whole; only the head remembers them.
        return _broken(None, count + 1, _("缺少第%(seq)d条") % {"seq": count + 1}, count)
    if head_seq < count or head_hash != previous:
        return _broken(None, count, _("链接断开"), count)
    return VerifyResult(ok=True, count=count)


def _stored_rows() -> Iterator[ChainRow]:
    names = ("pk", "hash", *HASHED_FIELDS)
    for values in AuditEvent.objects.order_by("seq").values(*names).iterator(chunk_size=2000):
        yield ChainRow(**values)


def verify_chain() -> VerifyResult:
    """Check every stored audit row against the chain and the chain against its head."""
    head = AuditChainHead.objects.filter(pk=AuditChainHead.ONLY).first()
    head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS)
    return verify_rows(
        _stored_rows(),
        head_seq=head_seq,
        head_hash=head_hash,
        hash_exists=lambda value: AuditEvent.objects.filter(hash=value).exists(),
    )
