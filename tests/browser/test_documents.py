"""The download pages in a real browser, through the background worker: a clerk of 郑东新区
takes the unit's 汇总表, a 简表, a 推荐审批表 and a procedure document, the city's reviewer a unit's
report and the draft 表彰决定. Each button starts a job; its page follows the worker (the
library's own loop, in a thread) and offers the file under its Chinese name. Screenshots
var/screenshots/documents-*.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Download, Locator, Page, expect

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Unit
from pingxuan.web.jobs.enums import JobKind
from pingxuan.web.jobs.models import Job
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from tests.browser.helpers import (
    PASSWORD,
    PHONE,
    SCREENSHOTS,
    chromium,
    no_sideways_scroll,
    only_local,
    sign_in,
)
from tests.jobs import worker_running
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, make_persona


def through_job(page: Page, button: Locator, *, screenshot: str = "") -> Download:
    """Click a document's button, land on its job page, wait for the worker, download the file;
    then back to the page the button was on."""
    back = page.url
    button.click()
    page.wait_for_url("**/jobs/*/")
    link = page.get_by_role("link", name=re.compile("^下载“"))
    expect(link).to_be_visible(timeout=60_000)
    if screenshot:
        page.screenshot(path=str(SCREENSHOTS / screenshot), full_page=True)
    with page.expect_download() as download:
        link.click()
    page.goto(back)
    return download.value


@pytest.mark.browser
def test_unit_and_city_download_their_documents(live_server, settings, tmp_path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    campaign = load_campaign_file(CAMPAIGN_FILE)
    clerk = make_persona(campaign, "clerk_a", password=PASSWORD)
    make_persona(campaign, "reviewer", password=PASSWORD)
    unit = Unit.objects.get(campaign=campaign, name=UNIT_A)
    fill_unit(campaign, unit, clerk)
    Nomination.objects.filter(campaign=campaign).update(standing=Standing.APPROVED)
    first = Nomination.objects.filter(campaign=campaign, subject="person").order_by("seq").first()
    assert first is not None
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    with chromium() as browser, worker_running():
        page = sign_in(browser, base, "clerk_a", requested)
        page.goto(f"{base}/portal/{slug}/")
        page.get_by_role("link", name="文档下载").click()
        page.wait_for_url(f"{base}/portal/{slug}/documents/")
        page.screenshot(path=str(SCREENSHOTS / "documents-portal.png"), full_page=True)
        assert no_sideways_scroll(page)
        summary = through_job(
            page, page.locator("#summary-title ~ form button", has_text="Excel").nth(1)
        )
        assert summary.suggested_filename == "郑东新区-五一劳动奖章-汇总表.xlsx"
        row = page.locator("tr", has_text=first.display_name)
        brief = through_job(page, row.locator("button[formaction$='/brief/']", has_text="PDF"))
        assert brief.suggested_filename == f"郑东新区-五一劳动奖章-{first.display_name}-简表.pdf"
        approval = through_job(
            page,
            row.locator("button[formaction$='/approval/']", has_text="PDF"),
            screenshot="documents-approval-job.png",
        )
        assert approval.suggested_filename == (
            f"郑东新区-五一劳动奖章-{first.display_name}-推荐审批表.pdf"
        )
        assert approval.path().read_bytes().startswith(b"%PDF")
        procedure = page.locator("#procedure-title ~ form tr", has_text="推荐对象脱密情况承诺书")
        pledge = through_job(page, procedure.get_by_role("button", name="Word"))
        assert pledge.suggested_filename == "郑东新区-全部奖项-推荐对象脱密情况承诺书.docx"
        page.set_viewport_size(PHONE)
        page.screenshot(path=str(SCREENSHOTS / "documents-portal-phone.png"), full_page=True)
        assert no_sideways_scroll(page)
        page.goto(f"{base}/jobs/")
        expect(page.locator("table.data tbody tr")).to_have_count(4)
        page.screenshot(path=str(SCREENSHOTS / "documents-jobs-list.png"), full_page=True)

        office = sign_in(browser, base, "reviewer", requested)
        office.goto(f"{base}/office/{slug}/documents/")
        office.screenshot(path=str(SCREENSHOTS / "documents-office.png"), full_page=True)
        report = office.locator("#procedure-title ~ div tr", has_text=UNIT_A).get_by_role(
            "button", name="Word"
        )
        unit_report = through_job(office, report.last)
        assert unit_report.suggested_filename == "郑东新区-全部奖项-推荐评选工作情况报告.docx"
        decision = through_job(
            office,
            office.locator("li", has_text="表彰决定").get_by_role("button", name="Word"),
            screenshot="documents-office-job.png",
        )
        assert decision.suggested_filename == "全市-全部奖项-表彰决定（草稿）.docx"

    assert only_local(requested) == []
    assert Job.objects.filter(kind=JobKind.DOCUMENT).count() == 6  # 4 of the clerk, 2 of the city
    approval_job = Job.objects.get(owner=clerk, params__kind="approval")
    event = AuditEvent.objects.filter(
        action="document.export", actor_name="clerk_a", object_id=str(first.pk)
    ).latest("seq")
    assert event.changes["文件"] == [None, approval_job.result_name]
    assert event.unit_name == UNIT_A
