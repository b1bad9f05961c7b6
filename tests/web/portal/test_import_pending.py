"""An import's preview that is not confirmed: 放弃 voids it (nothing imported, the file removed,
audited, a later confirmation refused), a newer upload of the unit voids the older preview, a
preview a day old expires, and a confirmation of a preview made from data that have changed
since previews again instead of saving blindly (QA: a discarded preview confirmed later from
我的后台任务 deleted nominations)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pingxuan.core.spec.models import Spec
from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.jobs.domain import PREVIEW_LIFETIME
from pingxuan.web.jobs.enums import JobState
from pingxuan.web.jobs.models import Job
from pingxuan.web.nominations.domain.edit import NominationInput, save_nomination
from pingxuan.web.nominations.models import Nomination
from tests.factories.campaign import Generator
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A
from tests.web.portal.test_import import (
    MEDAL,
    confirm,
    preview,
    snapshot,
    stashed,
    token_of,
    unit_rows,
    workbook,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(campaign: Campaign) -> Spec:
    return campaign_spec(campaign)


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return campaign.units.get(name=UNIT_A)


def abandon_url(job: Job) -> str:
    return reverse("jobs:abandon", args=[job.pk])


def fewer_medals(tmp_path: Path, spec: Spec, name: str = "book.xlsx") -> bytes:
    """The unit's workbook without its last two medals: confirmed, it deletes them."""
    return workbook(tmp_path, spec, {MEDAL: unit_rows(spec)[MEDAL][:-2]}, name)


def test_abandoning_a_preview_voids_it_and_a_later_confirmation_is_refused(
    client_clerk_a: Client,
    clerk_a: User,
    campaign: Campaign,
    spec: Spec,
    unit_a: Unit,
    tmp_path: Path,
    media: Path,
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    before = snapshot(unit_a)
    page = preview(client_clerk_a, campaign, fewer_medals(tmp_path, spec))
    token = token_of(page)
    job = Job.objects.get()
    assert f'action="/jobs/{job.pk}/abandon/"' in page.content.decode()

    abandoned = client_clerk_a.post(abandon_url(job), follow=True)

    job.refresh_from_db()
    assert (job.state, job.error) == (JobState.ABANDONED, "已放弃，未导入任何内容。")
    assert abandoned.redirect_chain == [(reverse("portal:import", args=[campaign.slug]), 302)]
    assert f"已放弃任务 {job.pk} 的导入，未导入任何内容" in abandoned.content.decode()
    assert stashed(media) == []
    event = AuditEvent.objects.get(action="job.abandon")
    assert (event.object_id, event.unit_name, event.changes["状态"]) == (
        str(job.pk),
        UNIT_A,
        ["待确认", "已放弃"],
    )
    # Later, from 我的后台任务: the job says it was abandoned, offers no confirmation, and a
    # confirmation posted anyway is refused in Chinese.
    listed = client_clerk_a.get(reverse("jobs:list")).content.decode()
    assert '<span class="job-state job-state-abandoned">已放弃</span>' in listed
    page = client_clerk_a.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert '<div class="job-void" role="status">' in page and "/confirm/" not in page
    assert "已放弃，未导入任何内容。" in page and "form-errors" not in page
    refused = confirm(client_clerk_a, campaign, token)
    assert refused.status_code == 409
    assert "这次导入已放弃，未导入任何内容，不能再确认" in refused.content.decode()
    assert snapshot(unit_a) == before
    assert Job.objects.get().state == JobState.ABANDONED


def test_a_confirmed_import_cannot_be_abandoned(
    client_clerk_a: Client, campaign: Campaign, spec: Spec, unit_a: Unit, tmp_path: Path
) -> None:
    token = token_of(preview(client_clerk_a, campaign, workbook(tmp_path, spec, unit_rows(spec))))
    confirm(client_clerk_a, campaign, token)
    job = Job.objects.get()

    refused = client_clerk_a.post(abandon_url(job))

    assert refused.status_code == 409
    assert "这次导入已经完成，不能再确认或放弃" in refused.content.decode()
    assert Job.objects.get().state == JobState.DONE
    assert not AuditEvent.objects.filter(action="job.abandon").exists()


def test_a_newer_upload_voids_the_units_older_preview(
    client_clerk_a: Client,
    clerk_a: User,
    campaign: Campaign,
    spec: Spec,
    unit_a: Unit,
    tmp_path: Path,
    media: Path,
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    before = snapshot(unit_a)
    old_token = token_of(preview(client_clerk_a, campaign, fewer_medals(tmp_path, spec, "a.xlsx")))
    old = Job.objects.get()

    newer_page = preview(client_clerk_a, campaign, workbook(tmp_path, spec, unit_rows(spec)))

    newer = Job.objects.exclude(pk=old.pk).get()
    old.refresh_from_db()
    assert (old.state, newer.state) == (JobState.EXPIRED, JobState.AWAITING)
    assert old.error.startswith(f"本单位之后又上传了工作簿（任务 {newer.pk}），这次的预览已失效")
    assert stashed(media) == [newer.params["file"]]
    assert AuditEvent.objects.get(action="job.supersede").object_id == str(old.pk)
    refused = confirm(client_clerk_a, campaign, old_token)
    assert refused.status_code == 409 and f"任务 {newer.pk}" in refused.content.decode()
    assert snapshot(unit_a) == before
    assert token_of(newer_page) == f"/jobs/{newer.pk}/confirm/"


def test_a_preview_a_day_old_expires(
    client_clerk_a: Client,
    clerk_a: User,
    campaign: Campaign,
    spec: Spec,
    unit_a: Unit,
    tmp_path: Path,
    media: Path,
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    before = snapshot(unit_a)
    token = token_of(preview(client_clerk_a, campaign, fewer_medals(tmp_path, spec)))
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - PREVIEW_LIFETIME - timedelta(minutes=1)
    )

    listed = client_clerk_a.get(reverse("jobs:list")).content.decode()

    job.refresh_from_db()
    assert job.state == JobState.EXPIRED
    assert job.error.startswith("预览超过 24 小时未确认，已失效，未导入任何内容")
    assert '<span class="job-state job-state-expired">已失效</span>' in listed
    assert stashed(media) == []
    assert AuditEvent.objects.filter(action="job.expire", object_id=str(job.pk)).count() == 1
    refused = confirm(client_clerk_a, campaign, token)
    assert refused.status_code == 409 and "预览超过 24 小时未确认" in refused.content.decode()
    assert snapshot(unit_a) == before


def test_a_confirmation_after_the_units_data_changed_previews_again(
    client_clerk_a: Client,
    clerk_a: User,
    campaign: Campaign,
    spec: Spec,
    unit_a: Unit,
    tmp_path: Path,
) -> None:
    """The QA's case: a preview that deletes two medals; meanwhile the clerk adds a special
    award on the web form. Confirming the old preview would have deleted it unseen."""
    fill_unit(campaign, unit_a, clerk_a)
    token = token_of(preview(client_clerk_a, campaign, fewer_medals(tmp_path, spec)))
    added = Generator(spec, seed=7).person(UNIT_A, {"身份类别": "一线产业工人"})
    save_nomination(
        campaign,
        unit_a,
        NominationInput(MEDAL, kind="专项表彰", cells=added),
        actor=clerk_a,
        role="clerk",
    )
    before = snapshot(unit_a)

    again = confirm(client_clerk_a, campaign, token)

    job = Job.objects.get()
    page = again.content.decode()
    assert job.state == JobState.AWAITING and job.confirmed_at is None
    assert snapshot(unit_a) == before  # nothing saved
    assert "预览之后本单位的数据已有变化" in page and "已按本单位现在的数据重新预览" in page
    # The new preview names the nomination added meanwhile among those the import deletes.
    deleted = page.split("将删除的已录入对象（工作簿中没有）", 1)[1].split("</ul>", 1)[0]
    assert added["姓名"] in deleted
    # Confirmed again, knowingly: now it saves.
    done = confirm(client_clerk_a, campaign, token_of(again))
    assert Job.objects.get().state == JobState.DONE, done.content.decode()[:2000]
    assert not Nomination.objects.filter(unit=unit_a, kind="专项表彰").exists()


def test_a_confirmation_with_unchanged_data_saves_at_once(
    client_clerk_a: Client,
    clerk_a: User,
    campaign: Campaign,
    spec: Spec,
    unit_a: Unit,
    tmp_path: Path,
) -> None:
    """A unit without a submission row yet (the save creates it) and materials are no change."""
    token = token_of(preview(client_clerk_a, campaign, workbook(tmp_path, spec, unit_rows(spec))))

    confirm(client_clerk_a, campaign, token)

    assert Job.objects.get().state == JobState.DONE
    assert unit_a.nominations.count() == sum(len(rows) for rows in unit_rows(spec).values())
