"""``record``: the one way to add an audit row. Personal data never goes into ``changes`` in full:
ID numbers are masked before they are written."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from pingxuan.core.identifiers import mask_id_number
from pingxuan.web.audit.models import AuditEvent


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
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor=user,
        actor_name=user.get_username() if user is not None else "",
        role=role,
        campaign=campaign,
        unit_name=unit_name,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and getattr(obj, "pk", None) else "",
        action=action,
        changes=changes or {},
    )
