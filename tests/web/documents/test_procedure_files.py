"""A unit's procedure documents on the site (issue 13, 5): built from its nominations, the initial
counts it entered, its own published notice and the complaints received while the notice ran;
downloaded by the unit from the portal and by the city from the office, each audited."""

from __future__ import annotations

import io
from collections.abc import Callable
from urllib.parse import quote

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse
from docx import Document

from pingxuan.core.documents.procedure import (
    KINDS,
    NAMES,
    NOTICE_STATEMENT,
    REPORT,
    ProcedureDocument,
)
from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.complaints.domain import close, link_nomination, start_investigation
from pingxuan.web.complaints.enums import Outcome
from pingxuan.web.documents.domain.procedure import unit_procedure_document
from pingxuan.web.jobs.models import Job
from pingxuan.web.nominations.models import Nomination, Submission
from tests.jobs import through_job
from tests.web.complaints.helpers import a_complaint
from tests.web.notices.helpers import AFTER_NOTICES, publish_level
from tests.web.opinions.helpers import filled_unit, pass_unit
from tests.web.personas import make_persona, signed_in

pytestmark = pytest.mark.django_db

DURING_UNIT_NOTICE = "2024-03-27T10:00:00+08:00"  # PERIODS["unit"]: 3/25 to 3/29
AFTER_UNIT_NOTICE = "2024-03-31T10:00:00+08:00"


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


@pytest.fixture
def clerk(campaign: Campaign) -> User:
    return make_persona(campaign, "clerk_a")


@pytest.fixture
def passed(campaign: Campaign, clerk: User, reviewer: User) -> tuple[Unit, list[Nomination]]:
    unit = filled_unit(campaign, clerk)
    return unit, pass_unit(campaign, unit, reviewer)


def text_of(doc: ProcedureDocument) -> str:
    parts = []
    for page in doc.pages:
        parts += [page.title, page.addressee]
        for section in page.sections:
            parts += section.paragraphs
            if section.table:
                parts += ["|".join(row) for row in section.table.rows]
    return "\n".join(parts)


def complain_about(nomination: Nomination, reviewer: User, outcome: Outcome) -> None:
    complaint = a_complaint(nomination.campaign, nomination.display_name)
    link_nomination(complaint, nomination, actor=reviewer, role="reviewer")
    start_investigation(complaint, actor=reviewer, role="reviewer")
    close(complaint, outcome, "已核查", actor=reviewer, role="reviewer")


def test_statement_tells_the_notice_and_what_came_of_it(
    campaign: Campaign, passed: tuple[Unit, list[Nomination]], reviewer: User
) -> None:
    unit, nominations = passed
    publish_level(campaign, "unit", unit, reviewer)
    with time_machine.travel(DURING_UNIT_NOTICE, tick=False):
        complain_about(nominations[0], reviewer, Outcome.SUBSTANTIATED)
        complain_about(nominations[1], reviewer, Outcome.UNSUBSTANTIATED)
        running = text_of(unit_procedure_document(campaign, unit, NOTICE_STATEMENT))
    with time_machine.travel(AFTER_NOTICES, tick=False):
        complain_about(nominations[2], reviewer, Outcome.UNSUBSTANTIATED)  # after the notice
        ended = text_of(unit_procedure_document(campaign, unit, NOTICE_STATEMENT))

    assert "于2024年3月25日至2024年3月29日" in ended and "公示期 5 个工作日" in ended
    assert "收到反映 2 件" in ended and "其中反映属实 1 件" in ended
    assert "收到反映 ＿＿＿＿ 件" in running  # not told before the notice has ended
    assert "所在单位公示" in ended


def test_report_reads_the_initial_counts_the_unit_entered(
    campaign: Campaign, passed: tuple[Unit, list[Nomination]]
) -> None:
    unit, _ = passed
    Submission.objects.filter(campaign=campaign, unit=unit).update(
        initial_counts={"五一劳动奖章": 40}
    )
    with time_machine.travel(AFTER_UNIT_NOTICE, tick=False):
        text = text_of(unit_procedure_document(campaign, unit, REPORT))

    assert "五一劳动奖章：初始提名 40 人" in text
    assert "公示期 ＿＿＿＿ 个工作日" in text  # no notice published yet


@pytest.mark.parametrize("kind", KINDS)
def test_the_unit_downloads_each_document_and_the_download_is_audited(
    campaign: Campaign, passed: object, clerk: User, kind: str
) -> None:
    url = reverse("portal:document_procedure", kwargs={"slug": campaign.slug, "kind": kind})

    response = through_job(signed_in(clerk), url)

    assert response.status_code == 200
    assert quote(NAMES[kind]) in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text
    event = AuditEvent.objects.filter(action="document.export").latest("pk")
    assert NAMES[kind] in str(event.changes)


def test_the_documents_page_lists_them(campaign: Campaign, clerk: User, passed: object) -> None:
    page = signed_in(clerk).get(reverse("portal:documents", kwargs={"slug": campaign.slug}))

    for name in NAMES.values():
        assert name in page.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        lambda c, u: reverse("office:document_unit_procedure", args=[c.slug, u.pk, "unknown"]),
        lambda c, u: reverse("office:document_unit_procedure", args=[c.slug, 999_999, REPORT]),
        lambda c, u: reverse("portal:document_procedure", args=[c.slug, "unknown"]),
    ],
)
def test_an_unknown_document_or_unit_is_not_found(
    campaign: Campaign,
    passed: tuple[Unit, list[Nomination]],
    reviewer: User,
    clerk: User,
    url: Callable[[Campaign, Unit], str],
) -> None:
    unit, _ = passed
    user = reviewer if url(campaign, unit).startswith("/office/") else clerk

    assert signed_in(user).post(url(campaign, unit)).status_code == 404
    assert not Job.objects.exists()


def test_the_office_takes_a_units_document(
    campaign: Campaign, passed: tuple[Unit, list[Nomination]], reviewer: User
) -> None:
    unit, _ = passed
    url = reverse("office:document_unit_procedure", args=[campaign.slug, unit.pk, "pledge"])

    response = through_job(signed_in(reviewer), url)

    assert response.status_code == 200
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert texts[0] == "推荐对象脱密情况承诺书"
    assert any(unit.name in text for text in texts)
