"""The download pages of the unit (portal) and the city (office): what they list, the file a
button gives through its background job (its type, its Chinese name, the audit row), foreign
objects, and a list with a name the stroke data cannot place."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.jobs.models import Job
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.notices import NoticeInput, create_notice
from tests.jobs import through_job
from tests.web.documents.conftest import to_png
from tests.web.nominations.helpers import fill_unit
from tests.web.notices.helpers import PERIODS
from tests.web.personas import UNIT_A, make_persona, signed_in

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# 𠮷 (U+20BB7, Extension B) has no stroke data: after 王填 within 王, and as a surname after
# every known one (黄, 12 strokes); the list renders all the same (issue 13, 3.).
UNKNOWN_LAST = ["王填", "王\U00020bb7", "黄小玲", "\U00020bb7祥"]


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
    assert f'formaction="{url}" name="format" value="xlsx"' in body
    assert "本单位还没有已发布的公示" in body


def test_unit_download_is_a_word_file_with_its_chinese_name_and_an_audit_row(
    campaign: Campaign, clerk_a: User, filled: list[Nomination]
) -> None:
    nomination = person(filled)
    url = reverse("portal:document_brief", args=[campaign.slug, nomination.pk])

    response = through_job(signed_in(clerk_a), url, {"format": "docx"})

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    name = f"郑东新区-{nomination.award}-{nomination.display_name}-简表.docx"
    assert f"filename*=utf-8''{quote(name)}" in response["Content-Disposition"]
    event = AuditEvent.objects.filter(action="document.export").latest("seq")
    assert (event.changes, event.actor_name, event.unit_name, event.object_id) == (
        {"文件": [None, name]},
        "clerk_a",
        UNIT_A,
        str(nomination.pk),
    )


def test_unit_summary_is_the_units_xlsx(
    campaign: Campaign, clerk_a: User, filled: list[Nomination]
) -> None:
    url = reverse("portal:document_summary", args=[campaign.slug, "team"])

    response = through_job(signed_in(clerk_a), url)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert quote("郑东新区-工人先锋号-汇总表.xlsx") in response["Content-Disposition"]


def test_another_units_nomination_does_not_exist(
    campaign: Campaign, filled: list[Nomination]
) -> None:
    clerk_b = signed_in(make_persona(campaign, "clerk_b"))
    url = reverse("portal:document_approval", args=[campaign.slug, person(filled).pk])

    assert clerk_b.post(url, {"format": "pdf"}).status_code == 404
    assert not Job.objects.exists()
    assert not AuditEvent.objects.filter(action__in=("job.start", "document.export")).exists()


def test_an_unknown_format_does_not_exist(
    campaign: Campaign, clerk_a: User, filled: list[Nomination]
) -> None:
    url = reverse("portal:document_brief", args=[campaign.slug, person(filled).pk])

    assert signed_in(clerk_a).post(url, {"format": "exe"}).status_code == 404
    assert not Job.objects.exists()


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

    response = through_job(reviewer, url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.filter(action="document.export").latest("seq")
    assert (event.role, event.unit_name) == ("reviewer", UNIT_A)


def city_table(client: Client, url: str, fmt: str) -> Any:
    """The city's 汇总表 (its own kind of job, ``city_summary``); the file's response."""
    return through_job(client, url, {"format": fmt})


def list_text(response: Any) -> str:
    """The names of a downloaded list, without the padding: Word paragraphs and cells, or every
    cell of a workbook."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"] == XLSX:
        book = load_workbook(io.BytesIO(content))
        cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
        return "".join("".join(cells).split())
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "".join("".join(parts).split())


def test_a_name_without_stroke_data_is_listed_after_the_known_ones(
    campaign: Campaign, filled: list[Nomination]
) -> None:
    medals = [n for n in filled if n.award == "五一劳动奖章"]
    for nomination, name in zip(medals, UNKNOWN_LAST, strict=False):
        nomination.cells = {**nomination.cells, "姓名": name}
        nomination.save(update_fields=["cells"])
    Nomination.objects.filter(campaign=campaign).update(standing=Standing.APPROVED)
    notice = create_notice(
        campaign,
        NoticeInput(
            level="city",
            unit=None,
            title="推荐对象公示",
            start=PERIODS["city"][0],
            end=PERIODS["city"][1],
            contact_person="杨柳琳",
            contact_phone="0371-67883217",
            channel_phone="0371-67883217",
            channel_mailbox="zzgh67883217@163.com",
            channel_address="郑州市总工会劳动和经济工作部",
        ),
        actor=None,
        role="reviewer",
    )
    reviewer = signed_in(make_persona(campaign, "reviewer"))
    downloads = {
        "汇总表": reverse("office:document_summary", args=[campaign.slug, "person"]),
        "最终名单": reverse("office:document_final_list", args=[campaign.slug]),
        "表彰决定": reverse("office:document_decision", args=[campaign.slug]),
        "公示": reverse("office:document_notice", args=[campaign.slug, notice.pk]),
    }

    for document, url in downloads.items():
        if document == "汇总表":
            response = city_table(reviewer, url, "xlsx")
        else:
            response = through_job(reviewer, url, {"format": "docx"})
        assert response.status_code == 200, document
        text = list_text(response)
        found = [text.find(name) for name in UNKNOWN_LAST]
        assert -1 not in found and found == sorted(found), (document, found)
    pdf = through_job(reviewer, downloads["表彰决定"], {"format": "pdf"})
    to_png(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content, "decision-unknown")


@pytest.mark.parametrize("route", ["office:document_final_list", "office:document_decision"])
def test_final_documents_render_before_anyone_is_approved(
    campaign: Campaign, filled: list[Nomination], route: str
) -> None:
    reviewer = signed_in(make_persona(campaign, "reviewer"))

    response = through_job(reviewer, reverse(route, args=[campaign.slug]), {"format": "docx"})

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
