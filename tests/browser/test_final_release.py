"""发布最终名单 in a real browser: the reviewer releases the previewed list with its 文号; after
a complaint revokes a listed organisation the page still shows the released rows, with the
banner “发布后有变化” naming the change; the correction is released and the history lists both.
Screenshots under var/screenshots/office-final-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from tests.browser.helpers import (
    PASSWORD,
    SCREENSHOTS,
    chromium,
    no_sideways_scroll,
    only_local,
    sign_in,
)
from tests.web.finals.helpers import BADGE, approved, listed, revoke_by_complaint
from tests.web.helpers import CAMPAIGN_FILE


@pytest.mark.browser
def test_the_released_list_stays_and_the_page_shows_what_changed(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    reviewer = approved(campaign)
    reviewer.set_password(PASSWORD)
    reviewer.save()
    revoked = next(n for n in listed(campaign) if n.award == BADGE)
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    with chromium() as browser:
        page = sign_in(browser, base, "reviewer", requested)
        page.goto(f"{base}/office/{slug}/final/")
        expect(page.locator(".status-bar")).to_contain_text("草稿（未发布）")
        page.get_by_label("文号").fill("郑工〔2024〕8号")
        page.screenshot(path=SCREENSHOTS / "office-final-draft.png", full_page=True)
        page.get_by_role("button", name="发布最终名单").click()
        expect(page.locator(".status-bar")).to_contain_text("已发布")
        expect(page.locator(".status-bar")).to_contain_text("郑工〔2024〕8号")
        expect(page.locator("main")).not_to_contain_text("发布后有变化")
        assert no_sideways_scroll(page), "the final list scrolls sideways at 1366"
        page.screenshot(path=SCREENSHOTS / "office-final-released.png", full_page=True)
        page.close()

    revoke_by_complaint(revoked, reviewer)  # a complaint found 属实 after the release

    with chromium() as browser:
        page = sign_in(browser, base, "reviewer", requested)
        page.goto(f"{base}/office/{slug}/final/")
        banner = page.locator(".final-drift")
        expect(banner).to_contain_text("发布后有变化")
        expect(banner).to_contain_text(f"不再列入：{revoked.display_name}（{BADGE}）")
        # The released rows are unchanged: the revoked organisation is still listed.
        expect(page.locator("table.final-rows").first).to_contain_text(revoked.display_name)
        page.screenshot(path=SCREENSHOTS / "office-final-drift.png", full_page=True)
        page.get_by_label("文号").fill("郑工〔2024〕9号")
        page.get_by_label("更正原因").fill("举报属实，撤销推荐资格")
        page.get_by_role("button", name="发布更正").click()
        expect(page.locator(".status-bar")).to_contain_text("郑工〔2024〕9号")
        expect(page.locator(".notice-correction")).to_contain_text("举报属实，撤销推荐资格")
        expect(page.locator("main")).not_to_contain_text("发布后有变化")
        page.screenshot(path=SCREENSHOTS / "office-final-corrected.png", full_page=True)
        page.get_by_role("link", name="郑工〔2024〕8号").first.click()
        expect(page.locator(".notice-corrected")).to_contain_text("本名单已于")
        expect(page.locator("main")).to_contain_text(revoked.display_name)
        page.screenshot(path=SCREENSHOTS / "office-final-original.png", full_page=True)
        page.close()

    assert only_local(requested) == []
