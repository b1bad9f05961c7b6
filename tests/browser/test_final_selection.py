"""The final list after 优选 chose an alternate, in a real browser: the 奖章 heading counts the
rows the table lists, the alternate is there as the one who took its leader's place, and the
list meets every rule. Screenshot var/screenshots/office-final-selection.png; the printed list
as PNG under var/screenshots/documents/final-selection-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.documents.interfaces.exports import final_list_export
from tests.browser.helpers import (
    PASSWORD,
    SCREENSHOTS,
    chromium,
    no_sideways_scroll,
    only_local,
    sign_in,
)
from tests.web.documents.conftest import to_png
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.office.test_final_selection import MEDAL, adopted_and_released


@pytest.mark.browser
def test_the_final_list_shows_the_alternate_who_took_the_place(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    walk = adopted_and_released(campaign, {"leader": 10, "alternate": 99, "other": 50})
    walk.reviewer.set_password(PASSWORD)
    walk.reviewer.save(update_fields=["password"])
    medals = next(a for a in walk.proposal.awards if a.name == MEDAL).proposed
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    with chromium() as browser:
        page = sign_in(browser, base, "reviewer", requested)
        page.goto(f"{base}/office/{slug}/final/")
        section = page.locator("section", has=page.get_by_role("heading", name=MEDAL))
        expect(section.locator(".h2-note")).to_have_text(f"{medals} / 120")
        expect(section.locator("tbody tr")).to_have_count(medals)
        expect(section).to_contain_text(f"备选，代替{walk.leader.display_name}")
        expect(page.locator(".verdict")).to_have_text("名单符合全部规则。")
        assert no_sideways_scroll(page), "the final list scrolls sideways at 1366"
        page.screenshot(path=SCREENSHOTS / "office-final-selection.png", full_page=True)
    assert only_local(requested) == []

    pages = to_png(final_list_export(campaign, "pdf").content, "final-selection")
    assert pages
