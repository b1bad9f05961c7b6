"""A write holding the campaign lock and an audit row naming the campaign never deadlock (found by
the load test, bench/load: 保存 and the template download at once, PostgreSQL's "deadlock
detected"). The audit row's foreign key takes a KEY SHARE lock on the campaign row while holding
the chain head; the writer holds the campaign row and waits for the head. The campaign is locked
FOR NO KEY UPDATE, which serialises the writers but lets the key share through."""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction

from pingxuan.web.audit.domain.record import record
from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.nominations.domain.edit import lock_unit

pytestmark = pytest.mark.django_db(transaction=True)

PATIENCE = 30


def test_a_locked_campaign_does_not_deadlock_an_audit_row_naming_it(campaign: Campaign) -> None:
    actor = User.objects.create_user("writer")
    unit = campaign.units.get(name="郑东新区")
    record("setup", actor=actor, campaign=campaign)  # the chain head exists
    locked = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            with transaction.atomic():
                lock_unit(campaign, unit)
                locked.set()
                time.sleep(1)  # the other appender takes the head and inserts its row meanwhile
                record("write", actor=actor, campaign=campaign, unit_name=unit.name)
        except BaseException as exc:
            errors.append(exc)
            locked.set()
        finally:
            connection.close()

    def downloader() -> None:
        try:
            assert locked.wait(PATIENCE)
            record("export.template", actor=actor, campaign=campaign, unit_name=unit.name)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer), threading.Thread(target=downloader)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(PATIENCE)
    assert not errors, errors
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {"write", "export.template"}
