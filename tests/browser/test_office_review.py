"""初审 in a real browser: the reviewer opens a submitted unit, fails one nomination with a
reason, passes the others, previews and releases; then the unit's clerk finds the failed
nomination with the reason and the notification on the unit page. Screenshots at 1366×768 under
var/screenshots/office-review-*.png."""

from __future__ import annotations

import pytest
import time_machine
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Unit
from pingxuan.web.nominations.enums import Kind, Standing
from pingxuan.web.nominations.models import Nomination
from tests.browser.helpers import (
    PASSWORD,
    SCREENSHOTS,
    chromium,
    no_sideways_scroll,
    only_local,
    sign_in,
)
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, make_persona
from tests.web.review.conftest import DURING_REVIEW, submit

REASON = "荣誉证书年份与申报表不符，且未按要求提供职代会审议材料。"


@pytest.mark.browser
def test_reviewer_fails_one_passes_the_rest_and_the_unit_sees_it(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(DURING_REVIEW, tick=True):
        campaign = load_campaign_file(CAMPAIGN_FILE)
        make_persona(campaign, "reviewer", password=PASSWORD)
        clerk = make_persona(campaign, "clerk_a", password=PASSWORD)
        unit = Unit.objects.get(campaign=campaign, name=UNIT_A)
        fill_unit(campaign, unit, clerk)
        submit(campaign, unit, clerk)
        nominations = list(
            Nomination.objects.filter(campaign=campaign, unit=unit).order_by("award", "seq")
        )
        failed = next(
            n for n in nominations if n.award == "五一劳动奖章" and n.kind == Kind.COMPREHENSIVE
        )
        others = [n for n in nominations if n.pk != failed.pk]
        base, slug = live_server.url, campaign.slug
        requested: list[str] = []

        with chromium() as browser:
            page = sign_in(browser, base, "reviewer", requested)
            page.goto(f"{base}/office/{slug}/review/")
            expect(page.get_by_role("heading", level=1)).to_contain_text("初审")
            row = page.locator("tr", has_text=UNIT_A)
            expect(row.locator(".state")).to_have_text("已报送初审")
            assert no_sideways_scroll(page), "the units' list scrolls sideways at 1366"
            page.screenshot(path=SCREENSHOTS / "office-review-units.png", full_page=False)
            row.get_by_role("link", name="审核").click()

            expect(page.get_by_role("heading", level=1)).to_contain_text(UNIT_A)
            assert failed.cells["身份证号"] not in page.content()
            page.screenshot(path=SCREENSHOTS / "office-review-unit.png", full_page=False)
            # Failing without a reason is refused, and nothing is prepared.
            item = page.locator(f"#nomination-{failed.pk}")
            item.get_by_label("不通过").check()
            item.get_by_role("button", name="准备结论").click()
            expect(page.locator(".message-error")).to_contain_text("不通过须写明理由")
            # The choice is kept, the error stands next to it, and the summary links there.
            item = page.locator(f"#nomination-{failed.pk}")
            expect(item.get_by_label("不通过")).to_be_checked()
            expect(item.locator(".field-error")).to_contain_text("不通过须写明理由")
            expect(page.locator(".message-error a")).to_have_attribute(
                "href", f"#nomination-{failed.pk}"
            )
            page.locator(".message-error a").click()
            page.screenshot(path=SCREENSHOTS / "office-review-fail-no-reason.png", full_page=False)
            item.get_by_placeholder("理由（不通过必填，推荐单位会看到）").fill(REASON)
            item.get_by_role("button", name="准备结论").click()
            expect(page.locator(f"#nomination-{failed.pk} .state-prepared")).to_have_text(
                "已准备：不通过（未发布）"
            )
            # The rest are passed in one go, then checked one by one before release.
            page.get_by_role("button", name=f"其余 {len(others)} 个准备为“通过”").click()
            expect(page.locator(".message")).to_contain_text(f"已将其余 {len(others)} 个推荐对象")
            for nomination in others:
                expect(page.locator(f"#nomination-{nomination.pk} .state-prepared")).to_have_text(
                    "已准备：通过（未发布）"
                )
            assert no_sideways_scroll(page), "the unit's review page scrolls sideways at 1366"
            page.locator(f"#nomination-{failed.pk}").scroll_into_view_if_needed()
            page.screenshot(path=SCREENSHOTS / "office-review-prepared.png", full_page=False)

            page.locator("#explanations-title").scroll_into_view_if_needed()
            expect(page.locator("#return")).to_contain_text("不能第二次退回")
            page.screenshot(path=SCREENSHOTS / "office-review-unit-bottom.png", full_page=False)
            page.get_by_role("link", name="预览并发布本单位结论").click()
            expect(page.get_by_role("heading", level=1)).to_contain_text("预览并发布初审结论")
            expect(page.locator("table.review-preview tbody tr")).to_have_count(len(nominations))
            expect(page.locator("tr", has_text=REASON).locator(".state-failed")).to_have_text(
                "初审未通过"
            )
            assert no_sideways_scroll(page), "the preview scrolls sideways at 1366"
            page.screenshot(path=SCREENSHOTS / "office-review-preview.png", full_page=False)
            page.get_by_role("button", name=f"发布这 {len(nominations)} 项结论").click()
            expect(page.locator(".message")).to_contain_text(
                f"已发布 {len(nominations)} 项初审结论（通过 {len(others)}，不通过 1）"
            )
            page.screenshot(path=SCREENSHOTS / "office-review-released.png", full_page=False)
            page.close()

            page = sign_in(browser, base, "clerk_a", requested)
            row = page.locator(f"tr#nomination-{failed.pk}")
            expect(row.locator(".standing")).to_contain_text("初审未通过")
            expect(row.locator(".standing")).to_contain_text(REASON)
            expect(page.locator("#notifications")).to_contain_text(REASON)
            page.locator("#notifications").scroll_into_view_if_needed()
            page.screenshot(path=SCREENSHOTS / "office-review-unit-notified.png", full_page=False)
            row.scroll_into_view_if_needed()
            page.screenshot(path=SCREENSHOTS / "office-review-unit-failed.png", full_page=False)
            page.close()

        assert only_local(requested) == []
    failed.refresh_from_db()
    assert failed.standing == Standing.FAILED
    assert {n.standing for n in Nomination.objects.filter(pk__in=[n.pk for n in others])} == {
        Standing.PASSED
    }
