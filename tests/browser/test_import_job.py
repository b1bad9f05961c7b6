"""A clerk imports a workbook through the background worker (issue 12, 3): the upload lands on
the job page, which follows the worker by itself from 排队中 to the preview (待确认), and after the
confirmation to 完成. The worker is the library's own loop, in a thread of the test process, as
``manage.py db_worker`` runs it. Screenshots var/screenshots/job-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import campaign_spec, load_campaign_file
from pingxuan.web.campaigns.models import Unit
from pingxuan.web.jobs.enums import JobState
from pingxuan.web.jobs.models import Job
from tests.browser.helpers import PASSWORD, SCREENSHOTS, chromium, only_local, sign_in
from tests.factories.campaign import Generator, write_workbook
from tests.jobs import worker_running
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.personas import UNIT_A, make_persona


@pytest.mark.browser
def test_an_import_runs_in_the_worker_and_the_page_follows_it(
    live_server, settings, tmp_path
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    campaign = load_campaign_file(CAMPAIGN_FILE)
    make_persona(campaign, "clerk_a", password=PASSWORD)
    spec = campaign_spec(campaign)
    rows = Generator(spec).rows()
    mine = {a.name: [r for r in rows[a.name] if r["推荐单位"] == UNIT_A] for a in spec.awards}
    book = write_workbook(tmp_path / "郑东新区推荐.xlsx", spec, mine)
    count = sum(map(len, mine.values()))
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    with chromium() as browser:
        page = sign_in(browser, base, "clerk_a", requested)
        page.goto(f"{base}/portal/{slug}/import/")
        page.set_input_files("#import-file", book)
        page.get_by_role("button", name="上传并预览").click()
        page.wait_for_url("**/jobs/*/")
        status = page.locator("#job-status")
        expect(status).to_contain_text("排队中")
        expect(page.get_by_role("link", name="刷新")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "job-queued.png"), full_page=True)

        with worker_running():
            expect(status).to_contain_text("待确认", timeout=90_000)
            expect(page.locator("table.import-rows tbody tr")).to_have_count(count)
            page.screenshot(path=str(SCREENSHOTS / "job-preview.png"), full_page=False)
            expect(page.get_by_role("status").first).to_contain_text("尚未保存，请确认")
            page.get_by_role("button", name=f"确认导入 {count} 行").click()
            expect(status).to_contain_text("完成", timeout=90_000)
            page.screenshot(path=str(SCREENSHOTS / "job-done.png"), full_page=True)

        expect(page.get_by_role("status")).to_contain_text(f"新增 {count} 个")
        page.get_by_role("link", name="回到填报首页").click()
        page.wait_for_url(f"{base}/portal/{slug}/")
        page.screenshot(path=str(SCREENSHOTS / "job-unit-page.png"), full_page=False)

    assert only_local(requested) == []
    assert Job.objects.get().state == JobState.DONE
    assert Unit.objects.get(campaign=campaign, name=UNIT_A).nominations.count() == count
