"""Every refused request of a signed-in user leaves one audit row: who, which path, which answer;
never the query string or the body."""

from __future__ import annotations

import pytest
from django.test import Client

from pingxuan.web.audit.domain.chain import verify_chain
from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.models import Nomination
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, make_persona, signed_in

pytestmark = pytest.mark.django_db


def test_a_foreign_object_is_a_404_and_an_audit_row(campaign: Campaign) -> None:
    clerk_a = make_persona(campaign, "clerk_a")
    fill_unit(campaign, Unit.objects.get(campaign=campaign, name=UNIT_A), clerk_a)
    foreign = Nomination.objects.filter(campaign=campaign, unit__name=UNIT_A).first()
    assert foreign is not None
    clerk_b = signed_in(make_persona(campaign, "clerk_b"))
    path = f"/portal/{campaign.slug}/nominations/{foreign.pk}/"

    response = clerk_b.get(path + "?身份证号=410102199001011234")

    assert response.status_code == 404
    row = AuditEvent.objects.get(action="access.denied")
    assert row.actor_name == "clerk_b"
    assert row.changes == {"请求": [None, f"GET {path}"], "结果": [None, 404]}
    assert verify_chain().ok


def test_the_office_refused_to_unit_staff_is_recorded(campaign: Campaign) -> None:
    clerk_b = signed_in(make_persona(campaign, "clerk_b"))

    assert clerk_b.get(f"/office/{campaign.slug}/").status_code == 404

    assert AuditEvent.objects.filter(action="access.denied", actor_name="clerk_b").count() == 1


def test_strangers_are_sent_to_sign_in_without_a_row(campaign: Campaign) -> None:
    assert Client().get(f"/office/{campaign.slug}/").status_code == 302
    assert Client().get("/no-such-page/").status_code == 404

    assert not AuditEvent.objects.filter(action="access.denied").exists()
