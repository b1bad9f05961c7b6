"""The unit's pages in a real browser: a clerk signs in, sees the seats, the live check answers
as the form is edited, the reveal shows the number once; screenshots at 1366×768 and on a phone."""

from __future__ import annotations

import pytest
import time_machine
from playwright.sync_api import expect, sync_playwright

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.nominations.domain.edit import delete_nomination
from tests.browser.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PASSWORD,
    PHONE,
    SCREENSHOTS,
    no_sideways_scroll,
    only_local,
    sign_in,
)
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import make_persona

# Two and a half days before the 初审 deadline (2024-03-20 23:59:59 +08:00): the countdown runs.
BEFORE_THE_DEADLINE = "2024-03-18T09:30:00+08:00"


@pytest.mark.browser
def test_portal_pages_in_chromium(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Database work stays outside the Playwright block: its sync API runs an event loop in this
    # thread, and Django refuses ORM calls while one runs.
    campaign = load_campaign_file(CAMPAIGN_FILE)
    clerk = make_persona(campaign, "clerk_a", password=PASSWORD)
    make_persona(campaign, "approver_a", password=PASSWORD)
    unit = campaign.units.get(name="郑东新区")
    fill_unit(campaign, unit, clerk)
    # One 一线产业工人 place left open, so the page shows an empty reserved seat and its warning.
    worker = unit.nominations.filter(award="五一劳动奖章", cells__身份类别="一线产业工人").first()
    delete_nomination(worker, actor=clerk, role="clerk")
    person = unit.nominations.filter(award="五一劳动奖章").first()
    number = person.cells["身份证号"]
    base = live_server.url
    slug = campaign.slug
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    requested: list[str] = []

    with time_machine.travel(BEFORE_THE_DEADLINE, tick=True), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for name, viewport in (("", DESKTOP), ("-phone", PHONE)):
                page = sign_in(browser, base, "clerk_a", requested, viewport)
                expect(page).to_have_url(f"{base}/portal/{slug}/")
                expect(page.get_by_role("heading", level=1)).to_contain_text("郑东新区")
                expect(page.get_by_text("空缺（预留给一线产业工人）")).to_have_count(1)
                expect(page.locator("#findings")).to_contain_text("一线产业工人名额空缺1个")
                expect(page.locator(".countdown")).to_contain_text("还剩 2 天 14 小时")
                assert number not in page.content()
                assert no_sideways_scroll(page), f"the unit page scrolls sideways at {viewport}"
                page.screenshot(path=SCREENSHOTS / f"portal-unit{name}.png", full_page=True)

                page.goto(f"{base}/portal/{slug}/nominations/{person.pk}/")
                live = page.locator("#live-findings")
                expect(live).to_contain_text("此推荐对象")
                id_field = page.get_by_label("身份证号")
                expect(id_field).to_have_value(f"{number[:6]}********{number[-4:]}")
                id_field.fill("41010219800101")
                id_field.dispatch_event("change")
                expect(live).to_contain_text("身份证号应为18位，现为14位")
                assert no_sideways_scroll(page), f"the person form scrolls sideways at {viewport}"
                page.screenshot(path=SCREENSHOTS / f"portal-person-form{name}.png", full_page=True)
                page.get_by_role("button", name="显示完整号码").click()
                expect(page.locator("#id-revealed")).to_contain_text(number)

                # A blank new form: no wall of "missing" before the first keystroke.
                page.goto(f"{base}/portal/{slug}/new/person/")
                live = page.locator("#live-findings")
                page.wait_for_load_state("networkidle")
                expect(live).to_contain_text("开始填写后，这里按通知的规则即时检查")
                expect(live.locator(".finding")).to_have_count(0)
                page.screenshot(path=SCREENSHOTS / f"portal-new-form{name}.png", full_page=True)
                name_field = page.locator('input[name="姓名"]')
                name_field.fill("张三")
                name_field.dispatch_event("change")
                expect(live).to_contain_text("此推荐对象")
                expect(live.locator(".finding").first).to_be_visible()
                page.close()

                page = sign_in(browser, base, "approver_a", requested, viewport)
                page.goto(f"{base}/portal/{slug}/submit/")
                expect(page.get_by_role("heading", level=1)).to_have_text("报送初审")
                assert no_sideways_scroll(page), f"the submit page scrolls sideways at {viewport}"
                page.screenshot(path=SCREENSHOTS / f"portal-submit{name}.png", full_page=True)
                page.close()
        finally:
            browser.close()

    assert only_local(requested) == []
