"""The import preview in Chromium (issue 14, 4): a workbook one medal over its places, the extra
row with an unreadable birth month; the red box and the table name the same row, the one the
quota finding is on, and the table says which 序号 each row will have. Then a workbook numbered
3, 1, 2 is imported and the unit page shows those numbers. Screenshots import-preview*.png."""

from __future__ import annotations

import threading

import pytest
import time_machine
from django.db import connection
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import campaign_spec, load_campaign_file
from pingxuan.web.nominations.domain.edit import NominationInput, save_nomination
from tests.browser.helpers import PASSWORD, SCREENSHOTS, chromium, only_local, sign_in
from tests.factories.campaign import Generator, write_workbook
from tests.jobs import worker_running
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.personas import UNIT_A, make_persona

MEDAL = "五一劳动奖章"
BEFORE_THE_DEADLINE = "2024-03-18T09:30:00+08:00"


@pytest.mark.browser
def test_preview_names_the_marked_row_and_the_import_keeps_the_numbers(
    live_server, settings, tmp_path
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    make_persona(campaign, "clerk_a", password=PASSWORD)
    spec = campaign_spec(campaign)
    medals = [r for r in Generator(spec, seed=2024).rows()[MEDAL] if r["推荐单位"] == UNIT_A]
    extra = Generator(spec, seed=99).person(UNIT_A, {"身份类别": "一线产业工人"})
    extra["出生年月"] = "1985年13月"
    over = write_workbook(
        tmp_path / "超出名额.xlsx", spec, {MEDAL: [*medals[:3], extra, *medals[3:]]}
    )
    workers = [r for r in medals if r["身份类别"] == "一线产业工人"][:3]
    numbered = [{**row, "序号": seq} for row, seq in zip(workers, ["3", "1", "2"], strict=True)]
    good = write_workbook(tmp_path / "文教卫.xlsx", spec, {MEDAL: numbered})
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    settings.MEDIA_ROOT = tmp_path / "media"
    with (
        time_machine.travel(BEFORE_THE_DEADLINE, tick=True),
        chromium() as browser,
        worker_running(),
    ):
        page = sign_in(browser, base, "clerk_a", requested)
        page.goto(f"{base}/portal/{slug}/import/")
        page.get_by_label("Excel 工作簿（.xlsx）").set_input_files(over)
        page.get_by_role("button", name="上传并预览").click()
        page.wait_for_url("**/jobs/*/")
        # A refused workbook ends the job unfinished, with the preview that says why.
        expect(page.locator("#job-status")).to_contain_text("已拒绝", timeout=90_000)

        box = page.locator(".form-errors[role=alert]", has_text="不能导入")
        expect(box).to_contain_text(
            f"五一劳动奖章第5行（{extra['姓名']}）：本单位五一劳动奖章名额6个"
        )
        refused = page.locator("tr.row-refused")
        expect(refused).to_have_count(1)
        expect(refused.locator("td").nth(1)).to_have_text("第5行")
        expect(refused).to_contain_text("名额6个，推荐了7个")
        expect(refused).to_contain_text("此行不能导入，原因见上方红框。")
        expect(page.get_by_role("columnheader", name="导入后序号")).to_be_visible()
        refused.scroll_into_view_if_needed()
        page.screenshot(path=SCREENSHOTS / "import-preview-refused.png", full_page=True)

        page.goto(f"{base}/portal/{slug}/import/")
        page.get_by_label("Excel 工作簿（.xlsx）").set_input_files(good)
        page.get_by_role("button", name="上传并预览").click()
        page.wait_for_url("**/jobs/*/")
        expect(page.locator("#job-status")).to_contain_text("待确认", timeout=90_000)
        numbers = page.locator("table.import-rows tbody td.num")
        expect(numbers).to_have_text(["3", "1", "2"])
        page.screenshot(path=SCREENSHOTS / "import-preview-numbers.png", full_page=True)
        page.get_by_role("button", name="确认导入 3 行").click()
        expect(page.locator("#job-status")).to_contain_text("完成", timeout=90_000)
        expect(page.get_by_role("status")).to_contain_text("新增 3 个")

        page.goto(f"{base}/portal/{slug}/")
        for row in numbered:
            cell = page.locator("tr", has_text=row["姓名"]).locator('td[data-label="序号"]')
            expect(cell).to_have_text(row["序号"])
        page.screenshot(path=SCREENSHOTS / "import-preview-unit-page.png", full_page=True)

    assert only_local(requested) == []


@pytest.mark.browser
def test_abandoning_a_preview_voids_it_and_the_jobs_list_says_so(
    live_server, settings, tmp_path
) -> None:
    """QA shots 11, 73–79: “放弃，重新上传” only went back, and the preview could be confirmed
    later from 我的后台任务. Now it is a button that voids the job; the list and the job page
    say 已放弃 and offer no confirmation. Screenshots import-abandon*.png."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    make_persona(campaign, "clerk_a", password=PASSWORD)
    spec = campaign_spec(campaign)
    medals = [r for r in Generator(spec, seed=2024).rows()[MEDAL] if r["推荐单位"] == UNIT_A]
    book = write_workbook(tmp_path / "郑东新区推荐.xlsx", spec, {MEDAL: medals[:3]})
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    settings.MEDIA_ROOT = tmp_path / "media"
    with (
        time_machine.travel(BEFORE_THE_DEADLINE, tick=True),
        chromium() as browser,
        worker_running(),
    ):
        page = sign_in(browser, base, "clerk_a", requested)
        page.goto(f"{base}/portal/{slug}/import/")
        page.get_by_label("Excel 工作簿（.xlsx）").set_input_files(book)
        page.get_by_role("button", name="上传并预览").click()
        page.wait_for_url("**/jobs/*/")
        expect(page.locator("#job-status")).to_contain_text("待确认", timeout=90_000)
        job_url = page.url
        page.screenshot(path=SCREENSHOTS / "import-abandon-awaiting.png", full_page=True)

        page.get_by_role("button", name="放弃，重新上传").click()
        page.wait_for_url(f"**/portal/{slug}/import/")
        expect(page.get_by_role("status")).to_contain_text("未导入任何内容")
        page.screenshot(path=SCREENSHOTS / "import-abandon-back.png", full_page=True)

        page.goto(f"{base}/jobs/")
        expect(page.locator(".job-state-abandoned")).to_have_text("已放弃")
        page.screenshot(path=SCREENSHOTS / "import-abandon-jobs-list.png", full_page=True)

        page.goto(job_url)
        expect(page.locator("#job-status")).to_contain_text("已放弃")
        expect(page.locator(".job-void")).to_have_text("已放弃，未导入任何内容。")
        expect(page.get_by_role("button", name="确认导入 3 行")).to_have_count(0)
        page.screenshot(path=SCREENSHOTS / "import-abandon-job.png", full_page=True)

    assert only_local(requested) == []


@pytest.mark.browser
def test_a_confirmation_after_the_data_changed_shows_the_preview_again(
    live_server, settings, tmp_path
) -> None:
    """The unit's data changed between the preview and the click: the page comes back with a new
    preview and says why, nothing saved. Screenshot import-repreview.png."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    clerk = make_persona(campaign, "clerk_a", password=PASSWORD)
    unit = campaign.units.get(name=UNIT_A)
    spec = campaign_spec(campaign)
    medals = [r for r in Generator(spec, seed=2024).rows()[MEDAL] if r["推荐单位"] == UNIT_A]
    book = write_workbook(tmp_path / "郑东新区推荐.xlsx", spec, {MEDAL: medals[:3]})
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    settings.MEDIA_ROOT = tmp_path / "media"
    with (
        time_machine.travel(BEFORE_THE_DEADLINE, tick=True),
        chromium() as browser,
        worker_running(),
    ):
        page = sign_in(browser, base, "clerk_a", requested)
        page.goto(f"{base}/portal/{slug}/import/")
        page.get_by_label("Excel 工作簿（.xlsx）").set_input_files(book)
        page.get_by_role("button", name="上传并预览").click()
        page.wait_for_url("**/jobs/*/")
        expect(page.locator("#job-status")).to_contain_text("待确认", timeout=90_000)
        # Meanwhile, on the web form (another tab, a colleague): one more medal.
        # (In a thread of its own: Playwright's loop runs in this one, and Django's ORM refuses
        # to be called from a thread with a running event loop.)
        added = medals[4]

        def edit() -> None:
            try:
                data = NominationInput(MEDAL, kind="专项表彰", cells=added)
                save_nomination(campaign, unit, data, actor=clerk, role="clerk")
            finally:
                connection.close()  # the thread's own connection, or the test database stays in use

        editor = threading.Thread(target=edit)
        editor.start()
        editor.join()

        page.get_by_role("button", name="确认导入 3 行").click()
        expect(page.get_by_role("status").first).to_contain_text(
            "预览之后本单位的数据已有变化", timeout=90_000
        )
        expect(page.locator("#job-status")).to_contain_text("待确认")
        expect(page.get_by_text("将删除的已录入对象（工作簿中没有）")).to_be_visible()
        expect(page.locator("li", has_text=added["姓名"])).to_be_visible()
        page.screenshot(path=SCREENSHOTS / "import-repreview.png", full_page=True)
        page.goto(f"{base}/portal/{slug}/")
        expect(page.locator("tr", has_text=added["姓名"])).to_have_count(1)
        for row in medals[:3]:  # nothing of the workbook saved
            expect(page.locator("tr", has_text=row["姓名"])).to_have_count(0)

    assert only_local(requested) == []
