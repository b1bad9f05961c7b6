"""``notify``: tell a unit something on its page, and by e-mail where the intranet has a relay.
The mail is sent by the background worker (``tasks.mail_notification``): a slow or absent relay
never holds the request that made the decision.

Messages name a nomination by its display name only (never an ID number or a phone), so that
what goes into a mailbox is what the unit's page already shows its own staff.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail

from pingxuan.web.accounts.enums import UNIT_ROLES
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.notifications.models import Notification

log = logging.getLogger(__name__)


def notify(campaign: Campaign, unit: Unit, message: str, *, kind: str) -> Notification:
    notification = Notification.objects.create(
        campaign=campaign, unit=unit, kind=kind, message=message
    )
    if settings.NOTIFY_BY_EMAIL:
        from pingxuan.web.notifications.tasks import mail_notification  # imports this module

        # Queued in the same transaction: no mail for a decision that was rolled back.
        mail_notification.enqueue(notification.pk)
    return notification


def send_notification_mail(notification_id: int) -> None:
    """The worker's side: mail one notification to its unit's staff. Never raises: a failure is
    logged by its class alone (an SMTP error can quote the addresses)."""
    notification = (
        Notification.objects.select_related("campaign", "unit").filter(pk=notification_id).first()
    )
    if notification is None:
        return
    try:
        _mail(notification.campaign, notification.unit, notification.kind, notification.message)
    except Exception as exc:
        log.warning("通知邮件未能发出（通知 %s）：%s", notification_id, type(exc).__name__)


def _mail(campaign: Campaign, unit: Unit, kind: str, message: str) -> None:
    addresses = sorted(
        {
            address
            for address in Membership.objects.filter(
                campaign=campaign, unit=unit, role__in=UNIT_ROLES
            ).values_list("user__email", flat=True)
            if address
        }
    )
    if not addresses:
        return
    try:
        send_mail(f"【{campaign.title}】{kind}", message, None, addresses)
    except OSError:
        # The page keeps the message; a relay that is down must not undo the decision.
        log.warning("通知邮件未能发出（单位 %s，类别 %s）", unit.pk, kind)


def unit_notifications(campaign: Campaign, unit: Unit, limit: int = 20) -> list[Notification]:
    return list(Notification.objects.filter(campaign=campaign, unit=unit)[:limit])
