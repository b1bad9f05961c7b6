"""Keeping the jobs tidy: a job a killed worker left 进行中 is failed with a Chinese reason after
``STALE_AFTER``, ``manage cleanup_jobs`` deletes old jobs and their files (audited), ``/jobs/``
lists only the user's own jobs, a city job's page keeps the office's tab bar, and a document job
never reaches past its unit, whatever its parameters say."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.jobs.domain import STALE, STALE_AFTER, start_job
from pingxuan.web.jobs.enums import JobKind, JobState
from pingxuan.web.jobs.models import Job
from pingxuan.web.nominations.models import Nomination
from tests.jobs import run_worker
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, UNIT_B, make_persona, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_a(campaign: Campaign) -> User:
    return make_persona(campaign, "clerk_a")


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return campaign.units.get(name=UNIT_A)


def document_job(campaign: Campaign, clerk: User, unit: Unit, **params: object) -> Job:
    """A unit's document job as the portal starts it (params as ``start_document`` writes them):
    by default its 脱密情况承诺书 in Word."""
    return start_job(
        campaign=campaign,
        unit=unit,
        kind=JobKind.DOCUMENT,
        params={"doc": "procedure", "kind": "pledge", "format": "docx", **params},
        actor=clerk,
        role="clerk",
    )


def killed_while_running(job: Job, *, minutes_ago: float) -> None:
    """What a worker killed by SIGKILL leaves: the job claimed (as ``runner.execute`` claims it)
    and nothing after."""
    started = timezone.now() - timedelta(minutes=minutes_ago)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, started_at=started, step="正在处理"
    )


# ── stale jobs ──────────────────────────────────────────────────────────────────────────────


def test_a_job_left_running_by_a_killed_worker_fails_with_a_chinese_reason(
    campaign: Campaign, clerk_a: User, unit_a: Unit
) -> None:
    job = document_job(campaign, clerk_a, unit_a)
    killed_while_running(job, minutes_ago=STALE_AFTER.total_seconds() / 60 + 1)

    page = signed_in(clerk_a).get(reverse("jobs:job", args=[job.pk])).content.decode()

    job.refresh_from_db()
    assert (job.state, job.error, job.step) == (JobState.FAILED, str(STALE), "")
    assert "未能完成" in page and "处理它的后台进程可能已被强行停止" in page
    assert "jobs.js" not in page  # nothing to poll any more
    event = AuditEvent.objects.get(action="job.stale")
    assert (event.object_id, event.unit_name) == (str(job.pk), UNIT_A)


def test_a_job_running_for_less_than_the_timeout_keeps_running(
    campaign: Campaign, clerk_a: User, unit_a: Unit
) -> None:
    job = document_job(campaign, clerk_a, unit_a)
    killed_while_running(job, minutes_ago=STALE_AFTER.total_seconds() / 60 - 1)

    status = signed_in(clerk_a).get(reverse("jobs:status", args=[job.pk])).json()

    assert (status["state"], status["active"]) == (JobState.RUNNING, True)
    assert not AuditEvent.objects.filter(action="job.stale").exists()


def test_the_status_the_page_polls_fails_a_stale_job_too(
    campaign: Campaign, clerk_a: User, unit_a: Unit
) -> None:
    job = document_job(campaign, clerk_a, unit_a)
    killed_while_running(job, minutes_ago=31)

    status = signed_in(clerk_a).get(reverse("jobs:status", args=[job.pk])).json()

    assert (status["state"], status["active"]) == (JobState.FAILED, False)


# ── cleanup_jobs ────────────────────────────────────────────────────────────────────────────


def _age(job: Job, days: float) -> None:
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_cleanup_deletes_old_jobs_and_their_files_and_audits_it(
    campaign: Campaign, clerk_a: User, unit_a: Unit
) -> None:
    old, recent = document_job(campaign, clerk_a, unit_a), document_job(campaign, clerk_a, unit_a)
    waiting = document_job(campaign, clerk_a, unit_a)
    run_worker()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.state == recent.state == JobState.DONE
    Job.objects.filter(pk=waiting.pk).update(state=JobState.QUEUED)  # its worker not come yet
    for job, days in ((old, 8), (recent, 6), (waiting, 30)):
        _age(job, days)
    assert default_storage.exists(old.result.name)

    call_command("cleanup_jobs", stdout=(out := io.StringIO()))

    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not default_storage.exists(old.result.name)
    assert default_storage.exists(recent.result.name)
    event = AuditEvent.objects.get(action="job.cleanup")
    assert event.changes == {"删除任务": [None, 1], "删除文件": [None, 1], "保留天数": [None, 7]}
    assert "已删除 1 个超过 7 天的后台任务和 1 个结果文件" in out.getvalue()


def test_cleanup_keeps_the_days_asked_for_and_fails_stale_jobs_first(
    campaign: Campaign, clerk_a: User, unit_a: Unit
) -> None:
    stale, young = document_job(campaign, clerk_a, unit_a), document_job(campaign, clerk_a, unit_a)
    killed_while_running(stale, minutes_ago=3 * 24 * 60)
    _age(stale, 3)
    _age(young, 1)

    call_command("cleanup_jobs", days=2, stdout=io.StringIO())

    assert list(Job.objects.values_list("pk", flat=True)) == [young.pk]
    assert AuditEvent.objects.filter(action="job.stale").count() == 1


def test_cleanup_refuses_zero_days(campaign: Campaign) -> None:
    with pytest.raises(CommandError, match="至少为 1"):
        call_command("cleanup_jobs", days=0)


# ── /jobs/ ──────────────────────────────────────────────────────────────────────────────────


def test_the_jobs_list_shows_only_the_users_own_jobs(
    campaign: Campaign, clerk_a: User, unit_a: Unit
) -> None:
    clerk_b = make_persona(campaign, "clerk_b")
    approver_a = make_persona(campaign, "approver_a")
    mine = document_job(campaign, clerk_a, unit_a, kind="report")
    theirs = document_job(campaign, clerk_b, campaign.units.get(name=UNIT_B))
    colleague = document_job(campaign, approver_a, unit_a)

    page = signed_in(clerk_a).get(reverse("jobs:list")).content.decode()

    listed = {pk for pk in (mine.pk, theirs.pk, colleague.pk) if f'href="/jobs/{pk}/"' in page}
    assert listed == {mine.pk}
    assert "生成文档：推荐评选工作情况报告（Word）" in page and "排队中" in page


def test_the_jobs_list_of_someone_without_jobs_says_so(campaign: Campaign) -> None:
    page = signed_in(make_persona(campaign, "reviewer")).get(reverse("jobs:list"))

    assert page.status_code == 200 and "还没有后台任务" in page.content.decode()


# ── layout and scope ────────────────────────────────────────────────────────────────────────


def test_a_city_job_page_keeps_the_office_tab_bar_and_a_unit_job_does_not(
    campaign: Campaign, clerk_a: User, unit_a: Unit
) -> None:
    reviewer = signed_in(make_persona(campaign, "reviewer"))
    started = reviewer.post(reverse("office:document_decision", args=[campaign.slug]))
    city = reviewer.get(started["Location"]).content.decode()
    unit_job = document_job(campaign, clerk_a, unit_a)
    unit = signed_in(clerk_a).get(reverse("jobs:job", args=[unit_job.pk])).content.decode()

    assert 'class="office-tabs"' in city and 'aria-current="page">文档下载<' in city
    assert 'class="office-tabs"' not in unit and "文档下载</a> › 任务" in unit


def test_a_unit_job_naming_another_units_nomination_writes_nothing(
    campaign: Campaign, clerk_a: User, unit_a: Unit
) -> None:
    clerk_b = make_persona(campaign, "clerk_b")
    unit_b = campaign.units.get(name=UNIT_B)
    fill_unit(campaign, unit_b, clerk_b)
    foreign = Nomination.objects.filter(unit=unit_b).first()
    assert foreign is not None
    job = document_job(campaign, clerk_a, unit_a, doc="sheet", kind="approval", pk=foreign.pk)

    run_worker()

    job.refresh_from_db()
    assert job.state == JobState.FAILED and not job.result
    assert "所依据的数据已不存在" in job.error
    page = signed_in(clerk_a).get(reverse("jobs:result", args=[job.pk]))
    assert page.status_code == 404
