"""The hash chain over audit rows: how a row's hash is computed, and ``verify_chain``, which walks
the rows in ``seq`` order and names the first one that was edited, deleted or moved.

Each row's hash is SHA-256 over a canonical JSON text of its stored values, including the hash of
the row before it, so changing any stored value of any row breaks the chain from that row on.

Rows carry the version of the hash they were made with (``hash_version``). Version 1 (rows made
before issue 11) hashed a fixed list of fields that left out ``actor_id``; version 2 hashes every
concrete column of the model except ``id`` (the database's surrogate key, which the chain does not
use) and ``hash`` itself, so a column added later is hashed without anyone listing it. Old rows are
verified with the version they carry, never re-hashed.

What the chain alone cannot show (rows cut from the end together with the head, every row gone, a
chain recomputed end to end) the signed checkpoints outside the database show (checkpoint.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from pingxuan.web.audit.domain.checkpoint import checkpoint_path, read_checkpoints
from pingxuan.web.audit.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
# The offset is part of the hashed text, so it is fixed here rather than taken from whatever
# time zone happens to be active.
CHAIN_ZONE = ZoneInfo("Asia/Shanghai")
# The fields version 1 hashed, frozen: rows made with it are still verified with it.
HASHED_FIELDS_V1 = (
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
# Columns no version hashes: the surrogate key (order is ``seq``) and the hash itself.
NOT_HASHED = ("id", "hash")
HASH_VERSION = 2
# Every other column, from the model: a new column is hashed by version 2 as soon as it exists.
HASHED_FIELDS = tuple(
    f.attname for f in AuditEvent._meta.concrete_fields if f.attname not in NOT_HASHED
)
FIELDS_BY_VERSION = {1: HASHED_FIELDS_V1, HASH_VERSION: HASHED_FIELDS}


def stored_time(at: datetime) -> str:
    """ISO 8601 in Beijing time, offset and microseconds: 2026-11-25T18:20:00.123456+08:00."""
    return at.astimezone(CHAIN_ZONE).isoformat(timespec="microseconds")


def _hashable(value: Any) -> Any:
    return stored_time(value) if isinstance(value, datetime) else value


def canonical(values: dict[str, Any]) -> str:
    """The text that is hashed: the fields of the row's ``hash_version`` only, keys sorted, no
    insignificant spaces. Raises KeyError for a version this code does not know."""
    names = FIELDS_BY_VERSION[values["hash_version"]]
    text = {name: _hashable(values[name]) for name in names}
    return json.dumps(text, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def content_hash(**values: Any) -> str:
    """SHA-256 (hex) of ``canonical(values)``; ``values`` includes ``hash_version``."""
    return hashlib.sha256(canonical(values).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainRow:
    """One stored row as the chain sees it: its values, never a model instance."""

    pk: int | None
    seq: int
    prev_hash: str
    hash: str
    at: datetime
    actor_id: int | None
    actor_name: str
    role: str
    campaign_id: int | None
    unit_name: str
    object_type: str
    object_id: str
    action: str
    changes: Any = field(hash=False)
    hash_version: int = HASH_VERSION

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
    # A whole sentence, for a problem that is not one row's (the checkpoint file).
    text: str = ""
    # Where the verified chain ends, for the checkpoint ``audit verify`` writes.
    head_hash: str = field(default="", compare=False)

    def message(self) -> str:
        if self.ok:
            return _("审计链完整：共 %(count)d 条记录。") % {"count": self.count}
        if self.text:
            return self.text
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
    checkpoints: Mapping[int, str] | None = None,
) -> VerifyResult:
    """Walk ``rows`` (in the order given, which should be ``seq`` order) and report the first one
    that breaks the chain; ``head_*`` is where the chain was last known to end, ``checkpoints``
    the hash of row seq for each signed checkpoint (rows the database must still hold unchanged).

    ``hash_exists`` tells a row that was moved (its predecessor is elsewhere in the chain: 顺序错乱)
    from one whose link was cut (链接断开); without it, ``rows`` is searched.
    """
    checkpoints = checkpoints or {}
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
        if row.hash_version not in FIELDS_BY_VERSION:
            reason = _("哈希版本 %(version)s 未知") % {"version": row.hash_version}
            return _broken(row, row.seq, reason, expected - 1)
        if row.computed_hash != row.hash:
            return _broken(row, row.seq, _("内容被修改"), expected - 1)
        if checkpoints.get(row.seq, row.hash) != row.hash:
            # The chain holds together, so it was recomputed from this row on.
            return _broken(row, row.seq, _("与检查点不符，审计链被重新计算过"), expected - 1)
        expected, previous = expected + 1, row.hash
    count = expected - 1
    last_checkpoint = max(checkpoints, default=0)
    if last_checkpoint > count:
        reason = _("起的记录被删除：检查点表明审计链已到第%(last)d条，数据库中只有%(count)d条") % {
            "last": last_checkpoint,
            "count": count,
        }
        return _broken(None, count + 1, reason, count)
    if head_seq > count:
        # Rows cut from the end leave the chain itself whole; only the head remembers them.
        return _broken(None, count + 1, _("缺少第%(seq)d条") % {"seq": count + 1}, count)
    if head_seq < count or head_hash != previous:
        return _broken(None, count, _("链接断开"), count)
    return VerifyResult(ok=True, count=count, head_hash=previous)


def _stored_rows() -> Iterator[ChainRow]:
    names = ("pk", "hash", *HASHED_FIELDS)
    for values in AuditEvent.objects.order_by("seq").values(*names).iterator(chunk_size=2000):
        yield ChainRow(**values)


def verify_chain() -> VerifyResult:
    """Check every stored audit row against the chain, the chain against its head and against
    the signed checkpoints outside the database."""
    found = read_checkpoints()
    if found.bad_lines:
        lines = "、".join(str(n) for n in found.bad_lines[:5])
        return VerifyResult(
            ok=False,
            count=0,
            text=_(
                "审计检查点文件 %(path)s 第 %(lines)s 行签名不对："
                "检查点被改动，或密钥不是写它时的密钥。"
            )
            % {"path": checkpoint_path(), "lines": lines},
        )
    if found.conflicts:
        return VerifyResult(
            ok=False,
            count=0,
            seq=found.conflicts[0],
            text=_("审计检查点对第 %(seq)d 条记有两个不同的哈希：审计链被重新计算过。")
            % {"seq": found.conflicts[0]},
        )
    head = AuditChainHead.objects.filter(pk=AuditChainHead.ONLY).first()
    head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS)
    return verify_rows(
        _stored_rows(),
        head_seq=head_seq,
        head_hash=head_hash,
        hash_exists=lambda value: AuditEvent.objects.filter(hash=value).exists(),
        checkpoints=found.hashes,
    )
