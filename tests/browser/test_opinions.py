"""Department opinions in a real browser: the reviewer marks 公安 as asked for every passed
nomination in one go, then records each required department's agreement with its signed sheet
for one nominee, and the page says the nominee is ready for 复审."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.opinions.domain import required_for
from tests.browser.helpers import (
    PASSWORD,
    SCREENSHOTS,
    chromium,
    no_sideways_scroll,
    only_local,
    sign_in,
    wait_until,
)
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.materials.test_images import encode, picture
from tests.web.opinions.helpers import filled_unit, pass_unit, with_facts
from tests.web.personas import make_persona


@pytest.mark.browser
def test_opinions_unblock_second_review(live_server, settings, tmp_path: Path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    reviewer = make_persona(campaign, "reviewer", password=PASSWORD)
    unit = filled_unit(campaign, make_persona(campaign, "clerk_a"))
    passed = pass_unit(campaign, unit, reviewer)
    medal = next(n for n in passed if n.award == "五一劳动奖章" and n.kind == Kind.COMPREHENSIVE)
    # A member of a public institution (事业单位): 组织人事, 纪检监察 and 公安 (三（三）2).
    medal = with_facts(medal, 单位性质="事业单位", 身份类别="科教人员")
    departments = required_for(medal)
    assert departments == ["组织人事", "纪检监察", "公安"]
    sheet = tmp_path / "意见表.jpg"
    sheet.write_bytes(encode(picture((600, 850)), "JPEG"))
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    with chromium() as browser:
        page = sign_in(browser, base, "reviewer", requested)
        page.goto(f"{base}/office/{slug}/opinions/?department=公安")
        expect(page.get_by_role("heading", level=1)).to_have_text("部门意见")
        page.get_by_role("button", name=f"标记已向公安征求（{len(passed)} 个）").click()
        expect(page.locator(".messages")).to_contain_text(
            f"已标记向“公安”征求意见：{len(passed)} 个"
        )
        expect(page.locator(".opinion-matrix .state-requested")).to_have_count(len(passed))
        page.goto(f"{base}/office/{slug}/opinions/")
        assert no_sideways_scroll(page), "the opinion matrix scrolls sideways at 1366×768"
        page.screenshot(path=SCREENSHOTS / "opinion-matrix.png", full_page=True)

        page.get_by_role("link", name=medal.display_name).click()
        expect(page.locator(".verdict")).to_contain_text("还缺 3 个部门同意")
        page.screenshot(path=SCREENSHOTS / "opinion-missing.png", full_page=True)
        for department in departments:
            item = page.locator("section.opinion-item", has_text=department)
            form = item.locator("details.answer-form")
            if form.get_attribute("open") is None:
                form.locator("summary").click()
            item.get_by_label("同意").check()
            item.get_by_label("签署的意见表（图片）").set_input_files(sheet)
            item.get_by_role("button", name="登记").click()
            expect(page.locator(".messages")).to_contain_text(f"已登记“{department}”的意见")

        expect(page.locator(".verdict")).to_have_text("所需部门意见已齐，全部同意：可以复审。")
        expect(page.locator("section.opinion-item .state-agreed")).to_have_count(3)
        expect(page.locator("img.sheet-thumb")).to_have_count(3)
        # Each sheet is served back as the stored JPEG.
        wait_until(
            page,
            "() => [...document.querySelectorAll('img.sheet-thumb')]"
            ".every(i => i.naturalWidth > 0)",
        )
        page.screenshot(path=SCREENSHOTS / "opinion-complete.png", full_page=True)

        page.goto(f"{base}/office/{slug}/opinions/")
        row = page.locator(".opinion-matrix tbody tr", has_text=medal.display_name)
        expect(row).to_contain_text("意见已齐")
        page.close()

    assert only_local(requested) == []
