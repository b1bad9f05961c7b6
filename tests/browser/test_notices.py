"""The county notice in a real browser: a reviewer creates the notice of 巩义市, whose nominees
include one answered 涉敏, sees that nominee left out of the preview, publishes, and a stranger
opens the public page: the nominee is absent, the others present, only the allowed columns."""

from __future__ import annotations

import pytest
import time_machine
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from tests.browser.helpers import (
    DESKTOP,
    PASSWORD,
    PHONE,
    SCREENSHOTS,
    chromium,
    new_page,
    no_sideways_scroll,
    only_local,
    sign_in,
)
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.materials.test_images import encode, picture
from tests.web.notices.helpers import county_with_sensitive_nominee, publish_level
from tests.web.personas import make_persona

# A week before the notice: the form starts from today, the reviewer picks 04-01.
BEFORE_THE_NOTICE = "2024-03-25T09:30:00+08:00"
MEDAL_COLUMNS = ["序号", "姓名", "工作单位", "职务", "简要事迹"]


@pytest.mark.browser
def test_county_notice_leaves_out_the_sensitive_nominee(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    make_persona(campaign, "reviewer", password=PASSWORD)
    county = county_with_sensitive_nominee(campaign, make_persona(campaign, "clerk_b"))
    # The unit's own notice ran 03-25..03-29: the county notice may follow it.
    unit_notice = publish_level(campaign, "unit", county.unit, None)
    hidden = str(county.sensitive.cells["姓名"])
    shown = county.names()
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []
    photo = encode(picture((800, 600)), "PNG")

    with time_machine.travel(BEFORE_THE_NOTICE, tick=True), chromium() as browser:
        page = sign_in(browser, base, "reviewer", requested)
        page.goto(f"{base}/office/{slug}/notices/")
        page.get_by_label("公示层级").select_option(label="县级公示")
        page.get_by_label("发布单位").select_option(label="巩义市")
        page.get_by_label("标题").fill("巩义市2024年郑州市五一劳动奖推荐对象公示")
        page.get_by_label("公示开始日期").fill("2024-04-01")
        page.get_by_role("button", name="按开始日期重新计算结束日期").click()
        # 清明: 04-04..06 off, Sunday 04-07 worked, so five working days end on 04-08.
        expect(page.get_by_label("公示结束日期")).to_have_value("2024-04-08")
        expect(page.get_by_label("标题")).to_have_value("巩义市2024年郑州市五一劳动奖推荐对象公示")
        page.get_by_label("联系人").fill("王老师")
        page.get_by_label("联系电话").fill("0371-64111111")
        page.get_by_label("举报电话").fill("0371-64222222")
        page.get_by_label("举报邮箱").fill("jubao@gyzgh.example.cn")
        page.get_by_role("button", name="保存草稿").click()

        preview = page.locator("#preview")
        expect(preview).to_contain_text(shown[0])
        for name in shown:
            expect(preview).to_contain_text(name)
        expect(page.locator("body")).not_to_contain_text(hidden)
        page.screenshot(path=str(SCREENSHOTS / "notice-office-preview.png"), full_page=True)

        page.get_by_role("button", name="发布公示").click()
        expect(page.locator(".status-bar")).to_contain_text("已发布")
        public_url = page.get_by_role("link", name="查看公开页面").get_attribute("href")
        page.get_by_label("类型").select_option(label="远景照片")
        page.get_by_label("图片名称").fill("公示栏远景")
        page.get_by_label("图片文件").set_input_files(
            {"name": "远景.png", "mimeType": "image/png", "buffer": photo}
        )
        page.get_by_role("button", name="上传留证").click()
        expect(page.get_by_role("img", name="远景照片：公示栏远景")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "notice-office-published.png"), full_page=True)
        page.goto(f"{base}/office/{slug}/notices/")
        expect(page.locator("table.notice-table")).to_contain_text("已发布")
        page.screenshot(path=str(SCREENSHOTS / "notice-office-list.png"), full_page=True)

        stranger = new_page(browser, requested)
        stranger.goto(f"{base}{public_url}")
        article = stranger.locator("article.public-notice")
        expect(article).to_contain_text("2024年4月1日至2024年4月8日，共5个工作日")
        for name in shown:
            expect(article).to_contain_text(name)
        expect(stranger.locator("body")).not_to_contain_text(hidden)
        medal = stranger.locator("section.notice-award", has_text="五一劳动奖章")
        assert medal.locator("thead th").all_inner_texts() == MEDAL_COLUMNS
        expect(article).to_contain_text("0371-64222222")
        expect(stranger.get_by_role("link", name="退出登录")).to_have_count(0)
        stranger.screenshot(path=str(SCREENSHOTS / "notice-public.png"), full_page=True)
        assert no_sideways_scroll(stranger)

        phone = new_page(browser, requested, PHONE)
        phone.goto(f"{base}{public_url}")
        phone.screenshot(path=str(SCREENSHOTS / "notice-public-phone.png"), full_page=True)
        assert no_sideways_scroll(phone)

        printed = new_page(browser, requested, DESKTOP)
        printed.emulate_media(media="print")
        printed.goto(f"{base}{public_url}")
        printed.screenshot(path=str(SCREENSHOTS / "notice-public-print.png"), full_page=True)

        # 更正公示: the published notice stays; the correction lists what changed.
        page.goto(f"{base}/office/{slug}/notices/")
        page.get_by_role("link", name="巩义市2024年郑州市五一劳动奖推荐对象公示").click()
        form = page.locator("#correct")
        form.get_by_label("更正说明").fill("更正一名推荐对象的职务")
        form.get_by_label("公示开始日期").fill("2024-04-09")
        form.get_by_label("公示结束日期").fill("2024-04-15")
        form.get_by_role("button", name="建立更正公示草稿").click()
        expect(page.locator("#correction")).to_contain_text("更正一名推荐对象的职务")
        page.get_by_role("button", name="发布公示").click()
        expect(page.locator(".status-bar")).to_contain_text("已发布")
        page.screenshot(path=str(SCREENSHOTS / "notice-office-correction.png"), full_page=True)
        stranger.goto(f"{base}{public_url}")
        expect(stranger.locator(".notice-corrected")).to_contain_text("本公示已于")
        stranger.screenshot(path=str(SCREENSHOTS / "notice-public-corrected.png"), full_page=True)
        # The unit's own notice: the 涉敏 nominee marked for the office, absent for the public.
        page.goto(f"{base}/office/{slug}/notices/{unit_notice.pk}/")
        expect(page.locator("tr.sensitive-row")).to_contain_text(hidden)
        page.screenshot(path=str(SCREENSHOTS / "notice-office-unit-sensitive.png"), full_page=True)
        stranger.goto(f"{base}/campaigns/{slug}/notices/{unit_notice.pk}/")
        expect(stranger.locator("body")).not_to_contain_text(hidden)

        page.goto(f"{base}/office/{slug}/notices/calendar/?start=2024-04-26")
        expect(page.locator("#checker")).to_contain_text("最早于 2024年05月06日 结束")
        page.screenshot(path=str(SCREENSHOTS / "notice-calendar.png"), full_page=True)

    assert only_local(requested) == []
