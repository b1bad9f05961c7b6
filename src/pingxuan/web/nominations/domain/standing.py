"""``change_standing``: the one way a nomination passes, fails, is approved, rejected or revoked.

The unit is locked for the change (as for every edit that touches its places), the change is
checked against ``STANDING_CHANGES``, audited with its before and after, and a change the unit
must hear of (failed, rejected, revoked) is sent to it as a notification with the reason.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.web.audit.domain.record import record
from pingxuan.web.nominations.domain.edit import NominationRefused, lock_unit
from pingxuan.web.nominations.enums import STANDING_CHANGES, WITHDRAWN, Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notifications.domain import notify

TOLD_TO_UNIT = {
    Standing.FAILED: "初审未通过",
    Standing.REJECTED: "复审未通过",
    Standing.REVOKED: "推荐资格已撤销",
}


def change_standing(
    nomination: Nomination,
    to: Standing,
    *,
    reason: str,
    actor: Any,
    role: str,
    action: str,
) -> Nomination:
    """Move ``nomination`` to ``to``; a withdrawal needs a reason, which the unit is shown.
    ``action`` names the audit row (e.g. ``review.first.release``, ``complaint.revoke``)."""
    reason = reason.strip()
    if to in WITHDRAWN and not reason:
        raise NominationRefused(_("请写明理由：推荐单位会看到这段说明。"))
    with transaction.atomic():
        lock_unit(nomination.campaign, nomination.unit)
        current = Nomination.objects.select_for_update().get(pk=nomination.pk)
        before = Standing(current.standing)
        if to not in STANDING_CHANGES[before]:
            raise NominationRefused(
                _("“%(name)s”当前为“%(before)s”，不能改为“%(after)s”。")
                % {"name": current.display_name, "before": before.label, "after": to.label}
            )
        current.standing = to
        current.standing_reason = reason
        current.standing_at = timezone.now()
        current.save(update_fields=["standing", "standing_reason", "standing_at", "updated_at"])
        record(
            action,
            actor=actor,
            role=role,
            campaign=current.campaign,
            unit_name=current.unit.name,
            obj=current,
            changes={"审核状态": [str(before.label), str(to.label)], "审核说明": ["", reason]},
        )
        if to in TOLD_TO_UNIT:
            notify(
                current.campaign,
                current.unit,
                _("%(award)s“%(name)s”%(what)s：%(reason)s")
                % {
                    "award": current.award,
                    "name": current.display_name,
                    "what": TOLD_TO_UNIT[to],
                    "reason": reason,
                },
                kind=TOLD_TO_UNIT[to],
            )
    nomination.refresh_from_db()
    return nomination
