"""A forwarded nomination deleted in the parent, and its pick forwarded again (issue 15: changes
after forwarding go through the parent's procedure, not silently; corrections are new, linked
records).

Deleting the parent's copy is the parent unit's act (``delete_nomination`` calls ``withdraw``):
it needs a reason, and the ``Forwarding`` row stays as the record, withdrawn (who, when, why, the
parent's 序号). The child's office then sees the pick as 已撤回 with the reason, and the ordinary
forward leaves it alone; only ``forward_again`` sends it up again, as a new ``Forwarding`` that
``replaces`` the withdrawn one, checked against the parent unit's places like any forward.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.web.audit.domain.record import record
from pingxuan.web.limits import FORWARD_WITHDRAW_REASON, refusal
from pingxuan.web.nominations.domain.edit import NominationRefused
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.rounds.domain.forwarding import ForwardResult, forward_picks
from pingxuan.web.rounds.models import CampaignLink, Forwarding


class ForwardAgainRefused(Exception):
    """The withdrawn forwarding cannot be forwarded again; the message says why."""


def live_forwarding(nomination: Nomination) -> Forwarding | None:
    """Where a parent's nomination was forwarded from, while that forwarding stands."""
    if nomination.pk is None:
        return None
    return (
        Forwarding.objects.filter(nomination=nomination, withdrawn_at__isnull=True)
        .select_related("link__child", "source__unit")
        .first()
    )


def withdraw(nomination: Nomination, *, reason: str, actor: Any, role: str) -> Forwarding | None:
    """Mark the forwarding of ``nomination`` withdrawn, before the nomination is deleted; None
    when it was not forwarded. Call inside the delete's transaction, the unit locked."""
    forwarding = (
        Forwarding.objects.select_for_update()
        .filter(nomination=nomination, withdrawn_at__isnull=True)
        .select_related("link__child", "link__unit", "source__unit")
        .first()
    )
    if forwarding is None:
        return None
    reason = reason.strip()
    if not reason:
        raise NominationRefused(
            _(
                "“%(name)s”是“%(child)s”向上级报送的推荐对象：删除即撤回这次报送，"
                "须逐个删除并写明撤回理由（下级活动的办公室会看到）。"
            )
            % {"name": nomination.display_name, "child": forwarding.link.child.title}
        )
    if (too_long := refusal(FORWARD_WITHDRAW_REASON, reason)) is not None:
        raise NominationRefused(too_long)
    forwarding.withdrawn_at = timezone.now()
    forwarding.withdrawn_by = actor if getattr(actor, "is_authenticated", False) else None
    forwarding.withdrawn_reason = reason
    forwarding.withdrawn_seq = nomination.seq
    forwarding.save(
        update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "withdrawn_seq"]
    )
    record(
        "nomination.forward_withdraw",
        actor=actor,
        role=role,
        campaign=forwarding.link.parent,
        unit_name=forwarding.link.unit.name,
        obj=forwarding,
        changes={
            "撤回理由": [None, reason],
            "上级推荐对象": [nomination.pk, None],
            "上级序号": [nomination.seq, None],
            "来自活动": [None, forwarding.link.child.slug],
            "来自推荐对象": [None, forwarding.source_id],
        },
    )
    return forwarding


def forward_again(
    link: CampaignLink, withdrawn: Forwarding, *, actor: Any, role: str, today: date | None = None
) -> ForwardResult:
    """Forward a withdrawn pick again: a new ``Forwarding`` replacing ``withdrawn``, through the
    same checks as every forward (the pick still ready, the parent unit's places, the limit of
    ``parent.forward``)."""
    with transaction.atomic():
        CampaignLink.objects.select_for_update().filter(pk=link.pk).first()
        current = (
            Forwarding.objects.select_for_update()
            .filter(pk=withdrawn.pk, link=link)
            .select_related("source")
            .first()
        )
        if current is None or current.withdrawn_at is None:
            raise ForwardAgainRefused(_("这次报送没有被撤回，不需要再次报送。"))
        if Forwarding.objects.filter(replaces=current).exists():
            raise ForwardAgainRefused(
                _("“%(name)s”已经再次报送过了。") % {"name": current.source.display_name}
            )
        result = forward_picks(link, actor=actor, role=role, today=today, again=current)
        if not result.created and not result.refused:
            # Not among the picks any more: revoked or failed in the child since.
            result.refused.append(
                (
                    current.source.display_name,
                    _("它在本活动中已不是初审通过（或复审通过）的推荐对象，不能报送。"),
                )
            )
        for forwarding in result.created:
            record(
                "nomination.forward_again",
                actor=actor,
                role=role,
                campaign=link.parent,
                unit_name=link.unit.name,
                obj=forwarding,
                changes={
                    "接替撤回的报送": [None, current.pk],
                    "来自推荐对象": [None, current.source_id],
                },
            )
        return result
