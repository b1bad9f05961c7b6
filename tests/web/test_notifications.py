"""Notifications reach the unit's page always, and its staff's mailboxes where a relay is set:
the background worker sends the mail, never the request."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.notifications.domain import notify, unit_notifications
from tests.jobs import run_worker
from tests.web.personas import UNIT_A, make_persona

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_notification_is_mailed_to_the_units_staff_when_a_relay_is_set(
    campaign: Campaign, settings: object
) -> None:
    settings.NOTIFY_BY_EMAIL = True  # type: ignore[attr-defined]
    clerk = make_persona(campaign, "clerk_a")
    clerk.email = "clerk@unit-a.example"
    clerk.save()
    other = make_persona(campaign, "clerk_b")
    other.email = "clerk@unit-b.example"
    other.save()
    unit = Unit.objects.get(campaign=campaign, name=UNIT_A)

    with transaction.atomic():
        notify(campaign, unit, "五一劳动奖章“张三”初审未通过：材料不实", kind="初审未通过")
    assert mail.outbox == []  # the request does not wait for the relay
    run_worker()

    assert [m.to for m in mail.outbox] == [["clerk@unit-a.example"]]
    assert "初审未通过" in mail.outbox[0].subject
    assert [n.message for n in unit_notifications(campaign, unit)] == [
        "五一劳动奖章“张三”初审未通过：材料不实"
    ]


def test_without_a_relay_nothing_is_mailed(campaign: Campaign) -> None:
    clerk = make_persona(campaign, "clerk_a")
    clerk.email = "clerk@unit-a.example"
    clerk.save()
    unit = Unit.objects.get(campaign=campaign, name=UNIT_A)

    notify(campaign, unit, "已退回修改：请补充材料", kind="退回修改")
    run_worker()

    assert mail.outbox == []
    assert len(unit_notifications(campaign, unit)) == 1


def test_a_relay_that_refuses_is_logged_without_the_addresses(
    campaign: Campaign, settings: object, caplog: pytest.LogCaptureFixture
) -> None:
    settings.NOTIFY_BY_EMAIL = True  # type: ignore[attr-defined]
    # A real SMTP backend against a port where nothing listens on this machine.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # type: ignore[attr-defined]
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # type: ignore[attr-defined]
    clerk = make_persona(campaign, "clerk_a")
    clerk.email = "clerk@unit-a.example"
    clerk.save()
    unit = Unit.objects.get(campaign=campaign, name=UNIT_A)

    notify(campaign, unit, "已退回修改：请补充材料", kind="退回修改")
    run_worker()

    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"通知邮件未能发出（单位 {unit.pk}，类别 退回修改）" in logged
    assert "clerk@unit-a.example" not in logged and "请补充材料" not in logged
    assert len(unit_notifications(campaign, unit)) == 1
