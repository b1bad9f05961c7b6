"""复审 materials in a real browser: a unit whose nominations passed 初审 opens the 复审材料 tab
of its materials page, uploads the unit's 推荐评选情况报告, and the office's 复审 checklist
counts it. Before the unit hands in for 初审 the tab says when 复审 materials are due."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from tests.browser.helpers import PASSWORD, SCREENSHOTS, chromium, only_local, sign_in
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.materials.test_images import encode, picture
from tests.web.opinions.helpers import filled_unit, pass_unit
from tests.web.personas import make_persona

REPORT = "推荐评选情况报告"


@pytest.mark.browser
def test_unit_hands_in_a_second_review_material(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    clerk = make_persona(campaign, "clerk_a", password=PASSWORD)
    make_persona(campaign, "clerk_b", password=PASSWORD)  # 巩义市: has handed in nothing
    make_persona(campaign, "reviewer", password=PASSWORD)
    pass_unit(campaign, filled_unit(campaign, clerk), clerk)
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    with chromium() as browser:
        early = sign_in(browser, base, "clerk_b", requested)
        early.goto(f"{base}/portal/{slug}/materials/second/")
        expect(early.locator(".notice-readonly")).to_contain_text(
            "复审材料在报送初审、初审通过之后提交"
        )
        page = sign_in(browser, base, "clerk_a", requested)
        page.goto(f"{base}/portal/{slug}/materials/")
        page.get_by_role("link", name="复审材料").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("报送材料（复审）")
        item = page.locator(".material-item", has_text=REPORT).first
        item.get_by_label("图片", exact=True).set_input_files(
            {"name": "报告.jpg", "mimeType": "image/jpeg", "buffer": encode(picture(), "JPEG")}
        )
        item.get_by_role("button", name="上传").click()
        item = page.locator(".material-item", has_text=REPORT).first
        expect(item.locator(".status")).to_have_text("已上传")
        page.screenshot(path=str(SCREENSHOTS / "portal-second-materials.png"), full_page=True)

        office = sign_in(browser, base, "reviewer", requested)
        office.goto(f"{base}/office/{slug}/second-review/")
        thumb = office.locator("a.evidence-thumb", has_text=REPORT)
        expect(thumb).to_have_count(1)
        office.screenshot(path=str(SCREENSHOTS / "office-second-evidence.png"), full_page=True)
        thumb.click()
        viewer = office.locator("dialog.viewer")
        expect(viewer.locator(".viewer-caption")).to_contain_text(REPORT)
        expect(viewer.locator(".viewer-facts")).to_contain_text("单位复审材料")
        office.keyboard.press("Escape")
        expect(viewer).to_be_hidden()

    assert only_local(requested) == []
