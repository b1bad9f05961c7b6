"""The mail of a notification, sent by the background worker."""

from __future__ import annotations

from django_tasks import task

from pingxuan.web.notifications.domain import send_notification_mail


@task()
def mail_notification(notification_id: int) -> None:
    send_notification_mail(notification_id)
