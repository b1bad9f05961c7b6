"""The campaign page in a real browser: it renders, its table shows, nothing leaves the machine."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from tests.browser.helpers import SCREENSHOTS, chromium, new_page, no_sideways_scroll, only_local
from tests.web.helpers import CAMPAIGN_FILE


@pytest.mark.browser
def test_campaign_page_in_chromium(live_server) -> None:
    campaign = load_campaign_file(CAMPAIGN_FILE)
    requested: list[str] = []

    with chromium() as browser:
        page = new_page(browser, requested)
        response = page.goto(f"{live_server.url}/campaigns/{campaign.slug}/")

        assert response is not None and response.status == 200
        table = page.get_by_role("table", name="推荐名额分配表（附件）")
        expect(table).to_be_visible()
        expect(table.locator("tbody tr")).to_have_count(37)
        expect(table.locator("tfoot tr")).to_have_text("合计3080120")
        assert no_sideways_scroll(page), "the page scrolls sideways at 1366×768"
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert font.startswith('"Noto Sans CJK SC"'), f"the stylesheet did not apply: {font}"
        page.screenshot(path=SCREENSHOTS / "campaign-page.png", full_page=True)

    assert requested, "the browser made no requests"
    assert only_local(requested) == []
