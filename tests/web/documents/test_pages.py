"""The download pages of the unit (portal) and the city (office): what they list, the file a
link gives (its type, its Chinese name, the audit row), foreign objects, and a list that cannot be
put in stroke order."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, make_persona, signed_in

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_STROKE_DATA = "𪚥"  # U+2AA65, a character the stroke table does not hold


@pytest.fixture
def clerk_a(campaign: Campaign) -> User:
    return make_persona(campaign, "clerk_a")


@pytest.fixture
def filled(campaign: Campaign, clerk_a: User) -> list[Nomination]:
    unit = Unit.objects.get(campaign=campaign, name=UNIT_A)
    fill_unit(campaign, unit, clerk_a)
    return list(Nomination.objects.filter(campaign=campaign, unit=unit).order_by("award", "seq"))


def person(nominations: list[Nomination]) -> Nomination:
    return next(n for n in nominations if n.subject == "person")


def test_unit_page_lists_its_forms_tables_and_notices(
    campaign: Campaign, clerk_a: User, filled: list[Nomination]
) -> None:
    response = signed_in(clerk_a).get(reverse("portal:documents", args=[campaign.slug]))

    assert response.status_code == 200
    body = response.content.decode()
    for nomination in filled:
        assert nomination.display_name in body
    url = reverse("portal:document_summary", args=[campaign.slug, "person"])
    assert f'href="{url}?format=xlsx"' in body
    assert "本单位还没有已发布的公示" in body


def test_unit_download_is_a_word_file_with_its_chinese_name_and_an_audit_row(
    campaign: Campaign, clerk_a: User, filled: list[Nomination]
) -> None:
    nomination = person(filled)
    url = reverse("portal:document_brief", args=[campaign.slug, nomination.pk])

    response = signed_in(clerk_a).get(url, {"format": "docx"})

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    name = f"郑东新区-{nomination.award}-{nomination.display_name}-简表.docx"
    assert f"filename*=utf-8''{quote(name)}" in response["Content-Disposition"]
    event = AuditEvent.objects.filter(action="document.export").latest("seq")
    assert (event.changes, event.actor_name, event.unit_name) == (
        {"文件": [None, name]},
        "clerk_a",
        UNIT_A,
    )


def test_unit_summary_is_the_units_xlsx(
    campaign: Campaign, clerk_a: User, filled: list[Nomination]
) -> None:
    url = reverse("portal:document_summary", args=[campaign.slug, "team"])

    response = signed_in(clerk_a).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert quote("郑东新区-工人先锋号-汇总表.xlsx") in response["Content-Disposition"]


def test_another_units_nomination_does_not_exist(
    campaign: Campaign, filled: list[Nomination]
) -> None:
    clerk_b = signed_in(make_persona(campaign, "clerk_b"))
    url = reverse("portal:document_approval", args=[campaign.slug, person(filled).pk])

    assert clerk_b.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="document.export").exists()


def test_an_unknown_format_does_not_exist(
    campaign: Campaign, clerk_a: User, filled: list[Nomination]
) -> None:
    url = reverse("portal:document_brief", args=[campaign.slug, person(filled).pk])

    assert signed_in(clerk_a).get(url, {"format": "exe"}).status_code == 404


def test_city_page_lists_every_unit_and_the_final_documents(
    campaign: Campaign, filled: list[Nomination]
) -> None:
    reviewer = signed_in(make_persona(campaign, "reviewer"))

    response = reviewer.get(reverse("office:documents", args=[campaign.slug]))

    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("office:document_decision", args=[campaign.slug]) in body
    unit = filled[0].unit
    assert reverse("office:document_unit_summary", args=[campaign.slug, unit.pk, "person"]) in body
    assert person(filled).display_name in body


def test_city_pdf_of_a_nomination_is_audited_under_its_unit(
    campaign: Campaign, filled: list[Nomination]
) -> None:
    reviewer = signed_in(make_persona(campaign, "reviewer"))
    url = reverse("office:document_opinions", args=[campaign.slug, person(filled).pk])

    response = reviewer.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.filter(action="document.export").latest("seq")
    assert (event.role, event.unit_name) == ("reviewer", UNIT_A)


def test_a_name_without_stroke_data_is_explained_not_a_server_error(
    campaign: Campaign, filled: list[Nomination]
) -> None:
    odd = person(filled)
    odd.cells = {**odd.cells, "姓名": f"王{NO_STROKE_DATA}"}
    odd.save(update_fields=["cells"])
    Nomination.objects.filter(pk=odd.pk).update(standing=Standing.APPROVED)
    reviewer = signed_in(make_persona(campaign, "reviewer"))

    response = reviewer.get(
        reverse("office:document_decision", args=[campaign.slug]), {"format": "docx"}, follow=True
    )

    assert response.redirect_chain == [(reverse("office:documents", args=[campaign.slug]), 302)]
    body = response.content.decode()
    assert f"“{NO_STROKE_DATA}”" in body and "无法按笔画排序" in body
    assert not AuditEvent.objects.filter(action="document.export").exists()


@pytest.mark.parametrize("route", ["office:document_final_list", "office:document_decision"])
def test_final_documents_render_before_anyone_is_approved(
    campaign: Campaign, filled: list[Nomination], route: str
) -> None:
    reviewer = signed_in(make_persona(campaign, "reviewer"))

    response = reviewer.get(reverse(route, args=[campaign.slug]), {"format": "docx"})

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
