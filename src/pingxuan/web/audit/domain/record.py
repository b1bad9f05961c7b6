"""``record``: the one way to add an audit row. Personal data never goes into ``changes`` in full:
ID numbers are masked before they are written."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from pingxuan.core.identifiers import mask_id_number
from pingxuan.web.audit.domain.chain import GENESIS, HASH_VERSION, content_hash
from pingxuan.web.audit.domain.checkpoint import append_checkpoint
from pingxuan.web.audit.models import AuditChainHead, AuditEvent


def mask_phone(number: str) -> str:
    """138****5678: enough to recognise, not enough to call."""
    return f"{number[:3]}****{number[-4:]}" if len(number) >= 8 else "*" * len(number)


MASKS = {"身份证号": mask_id_number, "联系电话": mask_phone, "补充:联系电话": mask_phone}


def _safe(field: str, value: Any) -> Any:
    mask = MASKS.get(field)
    if mask is not None and isinstance(value, str) and value:
        return mask(value)
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields that changed, ID numbers masked."""
    changed = {}
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old != new:
            changed[field] = [_safe(field, old), _safe(field, new)]
    return changed


def _head() -> AuditChainHead:
    """The chain head, locked until the transaction ends (on SQLite the IMMEDIATE transaction
    already holds the database's one write lock). Created on first use, continuing any rows."""
    heads = AuditChainHead.objects.select_for_update()
    try:
        return heads.get(pk=AuditChainHead.ONLY)
    except AuditChainHead.DoesNotExist:
        last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
        start = {"last_seq": last["seq"], "last_hash": last["hash"]} if last else {}
        # Two first appenders may both get here: get_or_create lets one insert and the other
        # wait for that insert, then lock the row it made.
        head, _created = heads.get_or_create(
            pk=AuditChainHead.ONLY, defaults={"last_seq": 0, "last_hash": GENESIS, **start}
        )
        return head


def record(
    action: str,
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    role: str = "",
    campaign: Any = None,
    unit_name: str = "",
    obj: Any = None,
    changes: dict[str, list[Any]] | None = None,
) -> AuditEvent:
    """Append one row to the chain. Appenders wait for one another on the chain head, so two
    workers never both continue the same row."""
    user = actor if actor is not None and actor.is_authenticated else None
    values = {
        "hash_version": HASH_VERSION,
        "actor_id": user.pk if user is not None else None,
        "actor_name": user.get_username() if user is not None else "",
        "role": role,
        "campaign_id": campaign.pk if campaign is not None else None,
        "unit_name": unit_name,
        "object_type": type(obj).__name__ if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None and getattr(obj, "pk", None) else "",
        "action": action,
        # Hashed as it will read back from the JSON column (tuples become lists, keys strings).
        "changes": json.loads(json.dumps(changes or {})),
    }
    with transaction.atomic():
        head = _head()
        # Stamped once the lock is held, so that time never runs backwards along the chain.
        values["at"] = timezone.now()
        seq, prev_hash = head.last_seq + 1, head.last_hash
        digest = content_hash(seq=seq, prev_hash=prev_hash, **values)
        event = AuditEvent.objects.create(seq=seq, prev_hash=prev_hash, hash=digest, **values)
        head.last_seq, head.last_hash = seq, digest
        head.save(update_fields=["last_seq", "last_hash"])
        # Once the row is committed, never for a row that was rolled back. Lines may land out of
        # order between processes; each names its own row, so order does not matter.
        transaction.on_commit(partial(append_checkpoint, seq, digest))
    return event
