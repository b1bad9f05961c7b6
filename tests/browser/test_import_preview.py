"""The import preview in Chromium (issue 14, 4): a workbook one medal over its places, the extra
row with an unreadable birth month; the red box and the table name the same row, the one the
quota finding is on, and the table says which 序号 each row will have. Then a workbook numbered
3, 1, 2 is imported and the unit page shows those numbers. Screenshots import-preview*.png."""

from __future__ import annotations

import pytest
import time_machine
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import campaign_spec, load_campaign_file
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
