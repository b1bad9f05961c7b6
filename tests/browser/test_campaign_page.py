"""The campaign page in a real browser: it renders, its table shows, nothing leaves the machine."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from tests.web.helpers import CAMPAIGN_FILE

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1"}


@pytest.mark.browser
def test_campaign_page_in_chromium(live_server) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
    # Database work stays outside the Playwright block: its sync API runs an event loop in this
    # thread, and Django refuses ORM calls while one runs (DJANGO_ALLOW_ASYNC_UNSAFE not needed).
    campaign = load_campaign_file(CAMPAIGN_FILE)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    requested: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
            page.on("request", lambda request: requested.append(request.url))
            response = page.goto(f"{live_server.url}/campaigns/{campaign.slug}/")

            assert response is not None and response.status == 200
            table = page.get_by_role("table", name="推荐名额分配表（附件）")
            expect(table).to_be_visible()
            expect(table.locator("tbody tr")).to_have_count(37)
            expect(table.locator("tfoot tr")).to_have_text("合计3080120")
            no_overflow = page.evaluate(
                "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            )
            assert no_overflow, "the page scrolls sideways at 1366×768"
            font = page.evaluate("getComputedStyle(document.body).fontFamily")
            assert font.startswith('"Noto Sans CJK SC"'), f"the stylesheet did not apply: {font}"
            page.screenshot(path=SCREENSHOTS / "campaign-page.png", full_page=True)
        finally:
            browser.close()

    assert requested, "the browser made no requests"
    assert [url for url in requested if urlsplit(url).hostname not in LOCAL_HOSTS] == []
