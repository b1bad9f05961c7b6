"""本单位已填数据（交换工作簿）: the exchange workbook filled with the unit's current nominations,
written by the worker as a document job (QA: the template came down empty even when the unit
had nominations). Imported back unchanged, it updates every nomination and changes nothing."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pingxuan.core.spec.models import Spec
from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.jobs.enums import JobState
from pingxuan.web.jobs.models import Job
from pingxuan.web.nominations.domain.edit import NominationInput, save_nomination
from pingxuan.web.nominations.domain.submit import set_initial_counts
from pingxuan.web.nominations.models import Nomination
from tests.factories.campaign import Generator
from tests.jobs import run_worker
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A
from tests.web.portal.test_import import MEDAL, confirm, preview, token_of
from tests.web.portal.test_import_summary_roundtrip import state

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(campaign: Campaign) -> Spec:
    return campaign_spec(campaign)


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return campaign.units.get(name=UNIT_A)


def download_filled(client: Client, campaign: Campaign) -> tuple[Job, bytes]:
    started = client.post(reverse("portal:import_filled", args=[campaign.slug]))
    assert started.status_code == 302 and started["Location"].startswith("/jobs/")
    run_worker()
    job = Job.objects.latest("pk")
    page = client.get(started["Location"]).content.decode()
    assert job.state == JobState.DONE, page
    assert "本单位已填数据（交换工作簿）" in page and "返回“从 Excel 导入”" in page
    return job, client.get(reverse("jobs:result", args=[job.pk])).content


def test_the_filled_workbook_holds_the_units_nominations_and_imports_back_unchanged(
    client_clerk_a: Client,
    clerk_a: User,
    campaign: Campaign,
    spec: Spec,
    unit_a: Unit,
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    # A value the core only warns of, a text that looks like a formula, a negative record and
    # an initial count: all come back as they are.
    odd = Generator(spec, seed=11).person(UNIT_A, {"身份类别": "一线产业工人"})
    odd["身份证号"] = odd["身份证号"][:-1] + ("1" if odd["身份证号"][-1] != "1" else "2")
    odd["职务"] = "=班组长"
    save_nomination(
        campaign,
        unit_a,
        NominationInput(
            MEDAL, kind="专项表彰", cells=odd, negatives=[("拖欠工资", date(2022, 5, 1))]
        ),
        actor=clerk_a,
        role="clerk",
    )
    set_initial_counts(campaign, unit_a, {MEDAL: 9}, actor=clerk_a, role="clerk")
    before = state(campaign, unit_a, spec)
    page = client_clerk_a.get(reverse("portal:import", args=[campaign.slug])).content.decode()
    assert "下载本单位已填数据（交换工作簿）" in page

    job, data = download_filled(client_clerk_a, campaign)

    assert job.result_name == f"{UNIT_A}-本单位已填数据（交换工作簿）.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(data))
    names = {c.value for c in _column(book[MEDAL], "姓名") if c.value}
    stored = {n.cells["姓名"] for n in Nomination.objects.filter(unit=unit_a, award=MEDAL)}
    assert names == stored
    position = next(c for c in _column(book[MEDAL], "职务") if c.value == "=班组长")
    assert position.data_type == "s"  # text, never a formula
    assert AuditEvent.objects.filter(action="document.export").exists()

    page = preview(client_clerk_a, campaign, data, name=job.result_name)
    text = page.content.decode()
    assert "将删除的已录入对象" not in text
    confirm(client_clerk_a, campaign, token_of(page))
    imported = Job.objects.latest("pk")
    assert imported.state == JobState.DONE
    assert "新增 0 个、更新" in imported.summary and "删除 0 个推荐对象" in imported.summary
    assert state(campaign, unit_a, spec) == before
    submission = unit_a.submissions.get(campaign=campaign)
    assert submission.initial_counts[MEDAL] == 9


def test_a_unit_without_nominations_gets_the_empty_template(
    client_clerk_a: Client, campaign: Campaign
) -> None:
    _job, data = download_filled(client_clerk_a, campaign)

    book = openpyxl.load_workbook(io.BytesIO(data))
    assert [c.value for c in book[MEDAL][2] if c.value is not None] == []
    assert book["推荐单位情况"]["A2"].value == UNIT_A


def _column(sheet, name: str) -> list:  # type: ignore[no-untyped-def]
    at = [c.value for c in sheet[1]].index(name)
    return [row[at] for row in sheet.iter_rows(min_row=2)]
