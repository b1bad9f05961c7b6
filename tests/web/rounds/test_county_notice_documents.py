"""The notices of the county's own round in their printed form: 城关镇总工会's unit notice and
中牟县总工会's 县级公示 (the county round's top level), published by the county's office as the city
office publishes its units' notices, printed (PDF, Word) with the county's issuer, document
number, dates and channels; and the 公示情况说明 the county hands the city. Each PDF is kept as
PNG pages under var/screenshots/documents/ to look at."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from docx import Document

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.notices.models import Notice, NoticeState
from tests.jobs import through_job
from tests.web.documents.conftest import bare, pdf_text, to_png
from tests.web.personas import signed_in
from tests.web.rounds.conftest import run_round

pytestmark = pytest.mark.django_db
UNIT_TITLE = "城关镇总工会关于2024年中牟县五一劳动奖和工人先锋号推荐对象的公示"
COUNTY_TITLE = "关于2024年中牟县五一劳动奖和工人先锋号推荐对象的公示"
PERIODS = {
    "unit": (date(2024, 3, 25), date(2024, 3, 29)),
    "city": (date(2024, 4, 9), date(2024, 4, 15)),
}


def form(level: str, unit: Unit | None, title: str) -> dict[str, str]:
    start, end = PERIODS[level]
    return {
        "level": level,
        "unit": str(unit.pk) if unit else "",
        "title": title,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "contact_person": "李老师",
        "contact_phone": "0371-62191234",
        "channel_phone": "0371-62195678",
        "channel_mailbox": "zmxzgh@example.cn",
        "channel_address": "中牟县青年路1号中牟县总工会",
        "channel_text": "",
    }


def published_through_the_office(
    client: Any, county: Campaign, level: str, unit: Unit | None, title: str
) -> Notice:
    created = client.post(
        reverse("office:notices", kwargs={"slug": county.slug}), form(level, unit, title)
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    notice = Notice.objects.get(campaign=county, level=level, title=title)
    published = client.post(
        reverse("office:notice", kwargs={"slug": county.slug, "pk": notice.pk}),
        {"action": "publish"},
    )
    assert published.status_code == 302
    notice.refresh_from_db()
    assert notice.state == NoticeState.PUBLISHED
    return notice


@pytest.fixture
def notices(
    county: Campaign, town: Unit, town_clerk: User, county_staff: User
) -> dict[str, Notice]:
    run_round(county, town, town_clerk)
    office = signed_in(county_staff)
    with time_machine.travel("2024-03-22T09:00:00+08:00", tick=False):
        unit = published_through_the_office(office, county, "unit", town, UNIT_TITLE)
        top = published_through_the_office(office, county, "city", None, COUNTY_TITLE)
    return {"unit": unit, "city": top}


def document(client: Any, county: Campaign, notice: Notice, fmt: str) -> bytes:
    url = reverse("office:document_notice", args=[county.slug, notice.pk])
    response = through_job(client, url, {"format": fmt})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("level", ["unit", "city"])
def test_the_county_notices_print_with_the_county_as_issuer(
    county: Campaign,
    notices: dict[str, Notice],
    county_staff: User,
    town: Unit,
    level: str,
    tmp_path: Path,
):
    client = signed_in(county_staff)
    notice = notices[level]
    pdf = document(client, county, notice, "pdf")
    word = docx_text(document(client, county, notice, "docx"))
    to_png(pdf, f"county-notice-{level}")
    text = bare(pdf_text(pdf, tmp_path, f"county-notice-{level}"))

    publisher = town.name if level == "unit" else "中牟县总工会"
    for printed in (text, bare(word)):
        assert notice.title in printed
        assert "中工〔2024〕3号" in printed
        assert "公示期：2024年" in printed
        assert "中牟县青年路1号中牟县总工会" in printed
        assert f"{publisher}2024年3月22日" in printed
        assert "郑工办" not in printed
        assert "郑州市总工会" not in printed
    names = [str(n.cells["姓名"]) for n in town.nominations.filter(award="五一劳动奖章")]
    assert all(name in text for name in names)


def test_the_county_prints_its_notice_statement_for_the_city(
    county: Campaign, notices: dict[str, Notice], county_staff: User, town: Unit, tmp_path: Path
):
    client = signed_in(county_staff)
    page = client.get(reverse("office:documents", args=[county.slug])).content.decode()
    url = reverse("office:document_notice_statement", args=[county.slug, notices["city"].pk])
    assert url in page
    assert (
        reverse("office:document_notice_statement", args=[county.slug, notices["unit"].pk])
        not in page
    )

    with time_machine.travel("2024-04-16T09:00:00+08:00", tick=False):
        pdf = through_job(client, url, {"format": "pdf"})
        word = through_job(client, url, {"format": "docx"})
    content = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    to_png(content, "county-notice-statement")
    text = bare(pdf_text(content, tmp_path, "statement"))
    word_text = bare(
        docx_text(b"".join(word.streaming_content) if word.streaming else word.content)
    )

    for printed in (text, word_text):
        assert "中牟县总工会关于县级公示情况的说明" in printed
        assert "郑州市总工会：" in printed
        assert "按照中工〔2024〕3号文件的要求，中牟县总工会对各推荐单位差额推荐" in printed
        assert "于2024年4月9日至2024年4月15日在评选系统公示网页" in printed
        assert "公示期5个工作日" in printed
        assert "公示期间未收到任何异议" in printed
        assert town.name in printed
        assert "2024年3月25日至2024年3月29日" in printed
        assert "中牟县总工会（盖章）" in printed
    names = [str(n.cells["姓名"]) for n in town.nominations.filter(award="五一劳动奖章")]
    assert all(name in text for name in names)


def test_a_unit_notice_has_no_organiser_statement_and_others_cannot_take_it(
    campaign: Campaign, county: Campaign, notices: dict[str, Notice], town_clerk: User
):
    from tests.web.personas import make_persona

    url = reverse("office:document_notice_statement", args=[county.slug, notices["unit"].pk])
    city_url = reverse("office:document_notice_statement", args=[campaign.slug, notices["city"].pk])
    top = reverse("office:document_notice_statement", args=[county.slug, notices["city"].pk])
    reviewer = signed_in(make_persona(campaign, "reviewer"))

    assert signed_in(town_clerk).post(top, {"format": "docx"}).status_code == 404
    assert reviewer.post(top, {"format": "docx"}).status_code == 404
    assert reviewer.post(city_url, {"format": "docx"}).status_code == 404
    county_office = signed_in(Notice.objects.get(pk=notices["unit"].pk).published_by)
    assert county_office.post(url, {"format": "docx"}).status_code == 404


@pytest.mark.parametrize("level", ["unit", "city"])
def test_the_public_pages_of_the_county_notices_name_the_county(
    county: Campaign, notices: dict[str, Notice], level: str
):
    page = Client().get(f"/campaigns/{county.slug}/notices/{notices[level].pk}/").content.decode()

    assert notices[level].title in page
    assert ("城关镇总工会" if level == "unit" else "中牟县总工会") in page
    assert "郑州市总工会" not in page
    assert "郑工办" not in page
