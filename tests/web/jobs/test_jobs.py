"""Background jobs: a job is its owner's alone, the worker turns every failure into a Chinese
sentence (and logs no personal data), progress reaches the page at once, a city-wide table is a
file only its owner downloads, and ``manage.py db_worker --batch`` runs the queue."""

from __future__ import annotations

import io
import logging
import re
import signal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from pingxuan.web.accounts.models import Membership
from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.jobs.domain import JobProgress, start_job
from pingxuan.web.jobs.enums import JobKind, JobState
from pingxuan.web.jobs.models import Job
from pingxuan.web.nominations.models import Nomination
from tests.factories.campaign import Generator, write_workbook
from tests.jobs import run_worker
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, make_persona, signed_in

pytestmark = pytest.mark.django_db

MEDAL = "五一劳动奖章"


@pytest.fixture
def clerk_a(campaign: Campaign) -> User:
    return make_persona(campaign, "clerk_a")


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return campaign.units.get(name=UNIT_A)


def _workbook(tmp_path: Path, campaign: Campaign) -> bytes:
    spec = campaign_spec(campaign)
    rows = Generator(spec).rows()
    mine = {a.name: [r for r in rows[a.name] if r["推荐单位"] == UNIT_A] for a in spec.awards}
    return write_workbook(tmp_path / "book.xlsx", spec, mine).read_bytes()


def _upload(client: Client, campaign: Campaign, data: bytes) -> str:
    url = reverse("portal:import", kwargs={"slug": campaign.slug})
    sent = client.post(url, {"file": SimpleUploadedFile("郑东新区.xlsx", data)})
    assert sent.status_code == 302
    return str(sent["Location"])


# ── access ──────────────────────────────────────────────────────────────────────────────────


def test_a_job_is_seen_only_by_its_owner(campaign: Campaign, clerk_a: User, tmp_path: Path) -> None:
    owner = signed_in(clerk_a)
    page = _upload(owner, campaign, _workbook(tmp_path, campaign))
    job = Job.objects.get()

    assert (job.owner, job.unit.name, job.kind, job.state) == (  # type: ignore[union-attr]
        clerk_a,
        UNIT_A,
        JobKind.IMPORT,
        JobState.QUEUED,
    )
    assert page == reverse("jobs:job", args=[job.pk])
    assert owner.get(page).status_code == 200
    for persona in ("clerk_b", "approver_a", "reviewer", "admin"):
        other = signed_in(make_persona(campaign, persona))
        assert other.get(page).status_code == 404, persona
        assert other.get(reverse("jobs:status", args=[job.pk])).status_code == 404, persona
        assert other.post(reverse("jobs:confirm", args=[job.pk])).status_code == 404, persona
    anonymous = Client().get(page)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    event = AuditEvent.objects.get(action="job.start")
    assert (event.actor_id, event.unit_name, event.object_id) == (clerk_a.pk, UNIT_A, str(job.pk))


def test_a_clerk_moved_off_the_unit_cannot_confirm_the_import(
    campaign: Campaign, clerk_a: User, tmp_path: Path
) -> None:
    owner = signed_in(clerk_a)
    _upload(owner, campaign, _workbook(tmp_path, campaign))
    run_worker()
    job = Job.objects.get()
    assert job.state == JobState.AWAITING
    Membership.objects.filter(user=clerk_a).update(unit=campaign.units.exclude(name=UNIT_A).first())

    assert owner.post(reverse("jobs:confirm", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.state == JobState.AWAITING and Nomination.objects.count() == 0


# ── failure ─────────────────────────────────────────────────────────────────────────────────


def test_a_job_that_breaks_shows_a_chinese_message_and_logs_no_data(
    campaign: Campaign, caplog: pytest.LogCaptureFixture
) -> None:
    reviewer = make_persona(campaign, "reviewer")
    # A job whose parameters lack the format: the handler fails as an unforeseen bug would.
    job = start_job(
        campaign=campaign,
        unit=None,
        kind=JobKind.CITY_SUMMARY,
        params={"subject": "person", "张三": "410102198501011234"},
        actor=reviewer,
        role="reviewer",
    )

    with caplog.at_level(logging.INFO):
        run_worker()

    job.refresh_from_db()
    page = signed_in(reviewer).get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert job.state == JobState.FAILED
    assert job.error == (
        "处理时出现内部错误，未保存任何内容。请稍后重试；如仍不成功，请联系系统管理员，"
        f"并告知任务编号 {job.pk}。"
    )
    assert "未能完成：" in page and job.error in page
    assert "Traceback" not in page and "KeyError" not in page
    ours = [r.getMessage() for r in caplog.records if r.name == "pingxuan.web.jobs.domain.runner"]
    assert len(ours) == 1
    where = r"位于 handlers\.py:\d+"
    assert re.fullmatch(rf"后台任务 {job.pk}（city_summary）出错：KeyError，{where}", ours[0])
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "410102198501011234" not in logged and "张三" not in logged


def test_a_stash_swept_before_the_worker_came_is_a_chinese_message(
    campaign: Campaign, clerk_a: User, tmp_path: Path, media: Path
) -> None:
    owner = signed_in(clerk_a)
    page = _upload(owner, campaign, _workbook(tmp_path, campaign))
    for stashed in (media / "imports").glob("*"):
        stashed.unlink()

    run_worker()

    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert "请重新上传工作簿" in job.error
    assert job.error in owner.get(page).content.decode()


# ── progress ────────────────────────────────────────────────────────────────────────────────


def test_progress_reaches_the_status_at_once(campaign: Campaign, clerk_a: User) -> None:
    job = start_job(
        campaign=campaign,
        unit=None,
        kind=JobKind.CITY_SUMMARY,
        params={"subject": "person", "format": "xlsx"},
        actor=clerk_a,
        role="reviewer",
    )
    progress = JobProgress(job)

    progress.step("已读取工作表“五一劳动奖章”：12 行")
    progress.count(3, 7)

    status = signed_in(clerk_a).get(reverse("jobs:status", args=[job.pk])).json()
    assert status == {
        "state": "queued",
        "label": "排队中",
        "active": True,
        "done": 3,
        "total": 7,
        "step": "已读取工作表“五一劳动奖章”：12 行",
    }


# ── the city's table ────────────────────────────────────────────────────────────────────────


def test_city_summary_is_written_by_the_worker_and_served_to_its_owner_only(
    campaign: Campaign, clerk_a: User, unit_a: Unit
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    reviewer = signed_in(make_persona(campaign, "reviewer"))
    url = reverse("office:document_summary", args=[campaign.slug, "person"])

    started = reviewer.post(url, {"format": "xlsx"})
    waiting = reviewer.get(started["Location"]).content.decode()
    run_worker()
    done = reviewer.get(started["Location"]).content.decode()
    job = Job.objects.get()
    result = reviewer.get(reverse("jobs:result", args=[job.pk]))

    assert "排队中" in waiting and ">刷新</a>" in waiting
    assert job.state == JobState.DONE and job.unit is None
    assert f"已生成“{job.result_name}”" in done
    # Back to where it was asked for, as every document job's page offers (QA shot 58).
    documents = reverse("office:documents", args=[campaign.slug])
    assert f'<a href="{documents}">返回文档下载</a>' in done
    assert "返回文档下载" not in waiting
    assert result.status_code == 200
    book = load_workbook(io.BytesIO(result.content))
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    text = "".join("".join(cells).split())  # two-character names are printed spaced
    medals = [n.display_name for n in unit_a.nominations.filter(award=MEDAL)]
    assert medals and all(name in text for name in medals)
    assert job.result.name.startswith("jobs/") and UNIT_A not in job.result.name
    event = AuditEvent.objects.filter(action="document.export").latest("seq")
    assert event.changes["文件"] == [None, job.result_name]
    admin = signed_in(make_persona(campaign, "admin"))
    assert admin.get(reverse("jobs:result", args=[job.pk])).status_code == 404
    assert signed_in(clerk_a).get(reverse("jobs:result", args=[job.pk])).status_code == 404


# ── the worker's own command ────────────────────────────────────────────────────────────────


@pytest.mark.django_db(transaction=True)
def test_db_worker_command_runs_the_queued_import(
    campaign: Campaign, clerk_a: User, tmp_path: Path
) -> None:
    owner = signed_in(clerk_a)
    page = _upload(owner, campaign, _workbook(tmp_path, campaign))
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
        assert Job.objects.get().state == JobState.AWAITING
        confirmed = owner.post(reverse("jobs:confirm", args=[Job.objects.get().pk]))
        assert confirmed.status_code == 302
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    finally:
        for number, handler in handlers.items():  # the worker's own stop handlers
            signal.signal(number, handler)

    job = Job.objects.get()
    assert job.state == JobState.DONE
    assert "导入完成" in owner.get(page).content.decode()
    assert Nomination.objects.filter(unit__name=UNIT_A).count() == 13
