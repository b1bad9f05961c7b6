"""优选 in a real browser: the reviewer uploads the committee's scores (a CSV), runs the optimiser
(in the background worker: the job page follows it) with fewer than the award totals allowed,
reviews who goes in and every city ratio before and after, adopts, and lands on the 复审 preview
with the prepared decisions. Screenshots under var/screenshots/office-selection-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Unit
from pingxuan.web.opinions.domain import missing_opinions
from pingxuan.web.opinions.models import Opinion, OpinionState
from tests.browser.helpers import (
    PASSWORD,
    SCREENSHOTS,
    chromium,
    no_sideways_scroll,
    only_local,
    sign_in,
)
from tests.jobs import worker_running
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.nominations.helpers import fill_unit
from tests.web.opinions.helpers import filled_unit, pass_unit
from tests.web.personas import UNIT_B, make_persona


@pytest.mark.browser
def test_reviewer_runs_the_selection_reviews_the_diff_and_adopts(
    live_server, settings, tmp_path
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    reviewer = make_persona(campaign, "reviewer", password=PASSWORD)
    passed = pass_unit(campaign, filled_unit(campaign, make_persona(campaign, "clerk_a")), reviewer)
    unit_b = Unit.objects.get(campaign=campaign, name=UNIT_B)
    fill_unit(campaign, unit_b, make_persona(campaign, "clerk_b"))
    passed += pass_unit(campaign, unit_b, reviewer)
    for nomination in passed:
        for department in missing_opinions(nomination):
            Opinion.objects.create(
                nomination=nomination, department=department, state=OpinionState.AGREED
            )
    scores = tmp_path / "分数.csv"
    rows = [f"{n.award},{n.unit.name},{n.seq},{90 - i % 40}" for i, n in enumerate(passed)]
    scores.write_text("奖项,推荐单位,序号,分数\n" + "\n".join(rows) + "\n", encoding="utf-8")
    top = passed[0]
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    with chromium() as browser:
        page = sign_in(browser, base, "reviewer", requested)
        page.goto(f"{base}/office/{slug}/")
        page.get_by_role("link", name="优选", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("优选")
        expect(page.locator("main")).to_contain_text("无分数（按0分计）")

        page.get_by_label(
            "分数表（.xlsx 或 .csv，列：奖项、推荐单位、序号、分数）"
        ).set_input_files(scores)
        page.get_by_role("button", name="导入分数").click()
        expect(page.locator(".message")).to_contain_text(f"已导入{len(passed)}个分数")
        expect(page.locator("main")).not_to_contain_text("无分数（按0分计）")

        with worker_running():
            # Two units cannot fill the 2024 totals: no list was found (not a green 已完成), the
            # clause is named without the rule id, and the way out is 允许少于, one click away.
            page.get_by_role("button", name="运行优选").click()
            page.wait_for_url("**/jobs/*/")
            conflicts = page.locator(".selection-conflicts")
            expect(conflicts).to_contain_text("（通知一）", timeout=90_000)
            expect(conflicts).not_to_contain_text("quota.award_total")
            expect(page.locator("[data-job-label]")).to_have_text("未能完成")
            expect(page.locator(".form-errors")).to_contain_text("没有找到符合全部规则的名单")
            expect(page.locator("main")).not_to_contain_text("已完成")
            expect(page.locator(".selection-advice")).to_contain_text(
                "允许少于奖项总数（候选不足时）"
            )
            expect(page.locator("main")).not_to_contain_text("修改分数")
            expect(page.get_by_role("button", name="采纳")).to_have_count(0)
            page.screenshot(path=SCREENSHOTS / "office-selection-infeasible.png", full_page=True)

            page.get_by_role("button", name="允许少于奖项总数，重新运行优选").click()
            page.wait_for_url("**/jobs/*/")
            expect(page.locator("[data-job-label]")).to_have_text("完成", timeout=90_000)
        expect(page.locator(".verdict-good")).to_contain_text("名单已经检查引擎按最终名单复查")
        expect(page.locator("tr.goes-in").first).to_be_visible()
        expect(page.locator("table.selection-diff").first).to_contain_text(top.display_name)
        expect(page.locator("table.selection-ratios tbody tr")).not_to_have_count(0)
        expect(page.locator("table.selection-ratios")).to_contain_text("一线产业工人")
        assert no_sideways_scroll(page), "the selection page scrolls sideways at 1366"
        page.screenshot(path=SCREENSHOTS / "office-selection.png", full_page=True)

        page.get_by_role("button", name="采纳").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("预览并发布复审结论")
        expect(page.locator(".message")).to_contain_text("已采纳优选结果")
        expect(page.locator("table.review-preview tbody tr")).to_have_count(len(passed))
        expect(page.locator("table.review-preview")).to_contain_text("经优选未入选")
        page.screenshot(path=SCREENSHOTS / "office-selection-adopted.png", full_page=False)
        page.close()

    assert only_local(requested) == []
