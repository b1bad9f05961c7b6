"""The download pages in a real browser: a clerk of 郑东新区 takes the unit's 汇总表 and a 简表,
the city's reviewer takes the draft 表彰决定; each arrives as a file with its Chinese name."""

from __future__ import annotations

import pytest

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Unit
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from tests.browser.helpers import (
    PASSWORD,
    PHONE,
    SCREENSHOTS,
    chromium,
    no_sideways_scroll,
    only_local,
    sign_in,
)
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, make_persona


@pytest.mark.browser
def test_unit_and_city_download_their_documents(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    clerk = make_persona(campaign, "clerk_a", password=PASSWORD)
    make_persona(campaign, "reviewer", password=PASSWORD)
    unit = Unit.objects.get(campaign=campaign, name=UNIT_A)
    fill_unit(campaign, unit, clerk)
    Nomination.objects.filter(campaign=campaign).update(standing=Standing.APPROVED)
    first = Nomination.objects.filter(campaign=campaign, subject="person").order_by("seq").first()
    assert first is not None
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    with chromium() as browser:
        page = sign_in(browser, base, "clerk_a", requested)
        page.goto(f"{base}/portal/{slug}/")
        page.get_by_role("link", name="文档下载").click()
        page.wait_for_url(f"{base}/portal/{slug}/documents/")
        page.screenshot(path=str(SCREENSHOTS / "documents-portal.png"), full_page=True)
        assert no_sideways_scroll(page)
        with page.expect_download() as summary:
            page.locator("#summary-title ~ table a", has_text="Excel").nth(1).click()
        assert summary.value.suggested_filename == "郑东新区-五一劳动奖章-汇总表.xlsx"
        row = page.locator("tr", has_text=first.display_name)
        with page.expect_download() as brief:
            row.get_by_role("link", name="PDF").first.click()
        assert brief.value.suggested_filename == (
            f"郑东新区-五一劳动奖章-{first.display_name}-简表.pdf"
        )
        procedure = page.locator("#procedure-title ~ table tr", has_text="推荐对象脱密情况承诺书")
        with page.expect_download() as pledge:
            procedure.get_by_role("link", name="Word").click()
        assert pledge.value.suggested_filename == "郑东新区-全部奖项-推荐对象脱密情况承诺书.docx"
        page.set_viewport_size(PHONE)
        page.screenshot(path=str(SCREENSHOTS / "documents-portal-phone.png"), full_page=True)
        assert no_sideways_scroll(page)

        office = sign_in(browser, base, "reviewer", requested)
        office.goto(f"{base}/office/{slug}/documents/")
        office.screenshot(path=str(SCREENSHOTS / "documents-office.png"), full_page=True)
        report = office.locator("#procedure-title ~ div tr", has_text=UNIT_A).get_by_role(
            "link", name="Word"
        )
        with office.expect_download() as unit_report:
            report.last.click()
        assert unit_report.value.suggested_filename == "郑东新区-全部奖项-推荐评选工作情况报告.docx"
        with office.expect_download() as decision:
            office.locator("li", has_text="表彰决定").get_by_role("link", name="Word").click()
        assert decision.value.suggested_filename == "全市-全部奖项-表彰决定（草稿）.docx"

    assert only_local(requested) == []
