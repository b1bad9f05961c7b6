"""A name the stroke data cannot place, in a real browser: the unit page warns, naming the
nominee and the character; a traditional name is no warning (screenshot of the findings)."""

from __future__ import annotations

import pytest
import time_machine
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from tests.browser.helpers import PASSWORD, SCREENSHOTS, chromium, only_local, sign_in
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import make_persona

BEFORE_THE_DEADLINE = "2024-03-18T09:30:00+08:00"
ODD = "张\U00020bb7"  # 𠮷 (U+20BB7, CJK Extension B): no stroke data


@pytest.mark.browser
def test_unit_page_warns_of_a_name_without_stroke_data(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    clerk = make_persona(campaign, "clerk_a", password=PASSWORD)
    unit = campaign.units.get(name="郑东新区")
    fill_unit(campaign, unit, clerk)
    renamed = unit.nominations.filter(award="五一劳动奖章").first()
    renamed.cells = {**renamed.cells, "姓名": ODD}
    renamed.save(update_fields=["cells"])
    traditional = unit.nominations.filter(award="五一劳动奖章").exclude(pk=renamed.pk).first()
    traditional.cells = {**traditional.cells, "姓名": "劉德華"}
    traditional.save(update_fields=["cells"])
    requested: list[str] = []

    with time_machine.travel(BEFORE_THE_DEADLINE, tick=True), chromium() as browser:
        page = sign_in(browser, live_server.url, "clerk_a", requested)
        findings = page.locator("#findings")
        expect(findings).to_contain_text(f"{ODD}：“姓名”中的“\U00020bb7”（U+20BB7）没有笔画数据")
        expect(findings).not_to_contain_text("劉德華：“姓名”中的")  # 劉 has stroke data
        findings.screenshot(path=SCREENSHOTS / "portal-unit-stroke-warning.png")
        page.close()

    assert only_local(requested) == []
