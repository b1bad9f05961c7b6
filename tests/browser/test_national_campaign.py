"""The national example campaign in a real browser (issue 15): its reviewer is named by the
spec, and the notices page offers its own levels, the middle one published by 省级 unions."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from tests.browser.helpers import PASSWORD, SCREENSHOTS, chromium, only_local, sign_in
from tests.web.personas import make_persona


@pytest.mark.browser
def test_national_notices_page_speaks_of_its_own_levels(live_server, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file("national-2024")
    make_persona(campaign, "reviewer", password=PASSWORD)
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    with chromium() as browser:
        page = sign_in(browser, base, "reviewer", requested)
        page.goto(f"{base}/office/{slug}/notices/")
        levels = page.get_by_label("公示层级").locator("option")
        expect(levels).to_have_text(["所在单位公示", "省级公示", "全国公示"])
        expect(
            page.get_by_text("省级公示只能由省级推荐单位发布；全国公示不选发布单位。")
        ).to_be_visible()
        expect(page.get_by_text("所在单位、省级、全国三级公示", exact=False)).to_be_visible()
        page.get_by_label("公示层级").select_option(label="省级公示")
        page.screenshot(path=str(SCREENSHOTS / "national-notices.png"), full_page=True)

    only_local(requested)
