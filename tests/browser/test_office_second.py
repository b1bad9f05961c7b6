"""复审 and the final list in a real browser: department opinions unblock a pass, the reviewer
prepares a pass and a fail, previews and releases them, and the final list and the overview show
the result. Screenshots under var/screenshots/office-second-*.png, office-final.png,
office-dashboard.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.opinions.domain import missing_opinions
from pingxuan.web.opinions.models import Opinion, OpinionState
from pingxuan.web.review.domain.decisions import prepare
from pingxuan.web.review.enums import Outcome, ReviewStage
from tests.browser.helpers import (
    PASSWORD,
    SCREENSHOTS,
    chromium,
    no_sideways_scroll,
    only_local,
    sign_in,
)
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.opinions.helpers import filled_unit, pass_unit
from tests.web.personas import make_persona
from tests.web.second_review import ready_for_second_review

REASON = "经复审，主要事迹中的获奖情况与证书不一致。"


@pytest.mark.browser
def test_opinions_unblock_second_review_and_the_final_list_follows(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    reviewer = make_persona(campaign, "reviewer", password=PASSWORD)
    clerk = make_persona(campaign, "clerk_a")
    passed = pass_unit(campaign, filled_unit(campaign, clerk), reviewer)
    # Today is long after the 2024 notices: their periods have ended.
    ready_for_second_review(campaign, passed[0].unit, reviewer)
    medals = [n for n in passed if n.award == "五一劳动奖章" and n.kind == Kind.COMPREHENSIVE]
    chosen, refused = medals[0], medals[1]
    waiting = missing_opinions(chosen)
    assert waiting
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    with chromium() as browser:
        page = sign_in(browser, base, "reviewer", requested)
        page.goto(f"{base}/office/{slug}/second-review/")
        expect(page.get_by_role("heading", level=1)).to_have_text("复审")
        item = page.locator(f"#nomination-{chosen.pk}")
        expect(item.locator(".check-missing").first).to_contain_text(waiting[0])
        expect(item.get_by_label("通过", exact=True)).to_be_disabled()
        assert no_sideways_scroll(page), "the 复审 page scrolls sideways at 1366"
        page.screenshot(path=SCREENSHOTS / "office-second-blocked.png", full_page=False)
        page.close()

    # The departments' signed sheets come in (recorded on the opinions page, tested there).
    for department in waiting:
        Opinion.objects.create(nomination=chosen, department=department, state=OpinionState.AGREED)

    with chromium() as browser:
        page = sign_in(browser, base, "reviewer", requested)
        page.goto(f"{base}/office/{slug}/second-review/")
        item = page.locator(f"#nomination-{chosen.pk}")
        expect(item.locator(".check-done").first).to_contain_text("全部同意")
        item.get_by_label("通过", exact=True).check()
        item.get_by_role("button", name="准备结论").click()
        expect(page.locator(f"#nomination-{chosen.pk} .state-prepared")).to_have_text(
            "已准备：通过（未发布）"
        )
        item = page.locator(f"#nomination-{refused.pk}")
        item.get_by_label("不通过").check()
        item.get_by_placeholder("理由（不通过必填，推荐单位会看到）").fill(REASON)
        item.get_by_role("button", name="准备结论").click()
        expect(page.locator(f"#nomination-{refused.pk} .state-prepared")).to_have_text(
            "已准备：不通过（未发布）"
        )
        page.screenshot(path=SCREENSHOTS / "office-second-prepared.png", full_page=False)

        page.get_by_role("link", name="预览并发布复审结论").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("预览并发布复审结论")
        expect(page.locator("table.review-preview tbody tr")).to_have_count(2)
        page.screenshot(path=SCREENSHOTS / "office-second-preview.png", full_page=False)
        page.get_by_role("button", name="发布这 2 项结论").click()
        expect(page.locator(".message")).to_contain_text("已发布 2 项复审结论（通过 1，不通过 1）")

        page.goto(f"{base}/office/{slug}/final/")
        expect(page.get_by_role("heading", level=1)).to_have_text("最终名单")
        expect(page.locator("main")).to_contain_text(chosen.display_name)
        expect(page.locator("main")).not_to_contain_text(refused.display_name)
        assert no_sideways_scroll(page), "the final list scrolls sideways at 1366"
        page.screenshot(path=SCREENSHOTS / "office-final.png", full_page=True)

        page.goto(f"{base}/office/{slug}/")
        expect(page.get_by_role("heading", level=2, name="全市比例")).to_be_visible()
        expect(page.locator("table.ratio-bars tbody tr")).not_to_have_count(0)
        page.screenshot(path=SCREENSHOTS / "office-dashboard.png", full_page=True)
        page.close()

    assert only_local(requested) == []


@pytest.mark.browser
def test_release_preview_shows_what_blocks_a_result(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    reviewer = make_persona(campaign, "reviewer", password=PASSWORD)
    passed = pass_unit(campaign, filled_unit(campaign, make_persona(campaign, "clerk_a")), reviewer)
    chosen = next(n for n in passed if n.award == "五一劳动奖章" and n.kind == Kind.COMPREHENSIVE)
    for department in missing_opinions(chosen):
        Opinion.objects.create(nomination=chosen, department=department, state=OpinionState.AGREED)
    prepare(campaign, chosen, ReviewStage.SECOND, Outcome.PASS, "", actor=reviewer, role="r")
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    with chromium() as browser:
        page = sign_in(browser, base, "reviewer", requested)
        page.goto(f"{base}/office/{slug}/second-review/release/")
        expect(page.locator(".blocked-why")).to_contain_text("所在单位公示尚未结束")
        expect(page.get_by_role("button", name="发布这 1 项结论")).to_be_disabled()
        page.screenshot(path=str(SCREENSHOTS / "office-second-release-blocked.png"), full_page=True)

    assert only_local(requested) == []
