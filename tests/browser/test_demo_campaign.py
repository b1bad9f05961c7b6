"""The demo of ``make run`` in a real browser: a demo unit signs in and finds submission open
today; the office grants it an extension, which the unit then sees with its reason."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from pingxuan.web.accounts.demo import OPEN_SLUG, Report, seed_open, today_local
from tests.browser.helpers import SCREENSHOTS, chromium, new_page, only_local

REASON = "演示：该单位审批人出差，推荐审批表需补签"


def sign_in_demo(browser: Browser, base: str, username: str, requested: list[str]) -> Page:
    """Through the login form with the README's published demo password."""
    page = new_page(browser, requested)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(f"demo-{username}")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(re.escape(base) + "/(portal|office)/"))
    return page


@pytest.mark.browser
def test_a_demo_unit_finds_submission_open_and_the_office_extends_it(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = True
    seed_open(today_local(), Report(), lambda line: None)
    base = live_server.url
    requested: list[str] = []

    with chromium() as browser:
        approver = sign_in_demo(browser, base, "ys-01-shenpi", requested)
        approver.goto(f"{base}/portal/{OPEN_SLUG}/")
        expect(approver.get_by_role("heading", level=1)).to_contain_text("航空港经济综合试验区")
        expect(approver.locator(".countdown")).to_contain_text("还剩")
        expect(approver.locator(".countdown-passed")).to_have_count(0)
        approver.screenshot(path=str(SCREENSHOTS / "demo-unit-open.png"), full_page=True)
        approver.get_by_role("link", name="报送初审…").click()
        expect(approver.get_by_role("button", name="确认报送初审")).to_be_visible()
        expect(approver.locator(".disabled-reason")).to_have_count(0)
        approver.screenshot(path=str(SCREENSHOTS / "demo-unit-submit.png"), full_page=True)

        office = sign_in_demo(browser, base, "shi-shenhe", requested)
        office.goto(f"{base}/office/{OPEN_SLUG}/extensions/")
        office.get_by_label("截止时间", exact=False).and_(office.locator("select")).select_option(
            "preliminary"
        )
        office.get_by_label("适用于").select_option(label="航空港经济综合试验区")
        office.get_by_label("延至").fill("2030-06-28T17:30")
        office.get_by_label("延期原因").fill(REASON)
        office.get_by_role("button", name="批准延期").click()
        granted = office.locator("table.extensions tbody tr")
        expect(granted).to_have_count(1)
        expect(granted).to_contain_text("2030年06月28日 17:30")
        expect(granted).to_contain_text(REASON)
        office.screenshot(path=str(SCREENSHOTS / "demo-office-extension.png"), full_page=True)

        approver.goto(f"{base}/portal/{OPEN_SLUG}/")
        note = f"已延期至2030年06月28日 17:30（{REASON}）"
        expect(approver.locator(".status-note.extension-note")).to_have_text(note)
        expect(approver.locator("#deadlines")).to_contain_text(note)
        approver.screenshot(path=str(SCREENSHOTS / "demo-unit-extended.png"), full_page=True)

    assert only_local(requested) == []
