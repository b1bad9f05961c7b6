"""Field limits in a real browser (issue 11): the input stops at its ``maxlength``; text over the
limit sent anyway (a pasted-in script, another client) is refused by the server in Chinese with
the count and the limit, and the text comes back in the box, on the public complaint form and on
the office's complaint conclusion and notice withdrawal."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.notices.domain.notices import create_notice
from tests.browser.helpers import (
    PASSWORD,
    SCREENSHOTS,
    chromium,
    new_page,
    no_sideways_scroll,
    only_local,
    sign_in,
)
from tests.web.complaints.helpers import a_complaint
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.matrix.common import published_as_arranged
from tests.web.notices.helpers import notice_input
from tests.web.personas import make_persona


def without_maxlength(page: Page, selector: str) -> None:
    """What a client that ignores ``maxlength`` would send: the attribute taken away."""
    page.locator(selector).evaluate("element => element.removeAttribute('maxlength')")


@pytest.mark.browser
def test_over_limit_text_is_refused_and_comes_back(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    reviewer = make_persona(campaign, "reviewer", password=PASSWORD)
    complaint = a_complaint(campaign)
    unit = campaign.units.get(name="郑东新区")
    notice = published_as_arranged(
        create_notice(campaign, notice_input(unit, level="unit"), actor=reviewer, role="r")
    )
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []
    content = "该推荐对象隐瞒了企业负责人的身份。" * 300  # 5,100 characters

    with chromium() as browser:
        page = new_page(browser, requested)
        page.goto(f"{base}/campaigns/{slug}/complaints/new/")
        box = page.get_by_label("举报内容")
        box.fill(content)
        assert len(box.input_value()) == 5000, "the box stops at its maxlength"
        without_maxlength(page, "textarea[name=content]")
        box.fill(content)
        page.get_by_label("真实姓名").fill("王实名")
        page.get_by_label("联系方式（电话或地址）").fill("13912345678")
        page.get_by_label("被举报对象").fill("郑东新区 某推荐对象")
        page.get_by_role("button", name="提交举报").click()
        expect(page.locator(".form-errors, .field-error").first).to_be_visible()
        expect(page.locator("body")).to_contain_text(
            "“举报内容”共5100字，超过上限5000字，请删减到5000字以内。"
        )
        assert page.get_by_label("举报内容").input_value() == content
        assert no_sideways_scroll(page)
        page.screenshot(path=SCREENSHOTS / "limits-complaint-form.png", full_page=False)
        page.close()

        page = sign_in(browser, base, "reviewer", requested)
        page.goto(f"{base}/office/{slug}/complaints/{complaint.pk}/")
        note = "经调查，举报反映的情况不属实。" * 150  # 2,250 characters
        without_maxlength(page, "textarea[name=note]")
        page.get_by_label("不属实").check()
        page.get_by_label("结论说明").fill(note)
        page.get_by_role("button", name="办结").click()
        expect(page.locator(".form-errors")).to_contain_text(
            "“结论说明”共2250字，超过上限2000字，请删减到2000字以内。"
        )
        assert page.get_by_label("结论说明").input_value() == note
        page.screenshot(path=SCREENSHOTS / "limits-complaint-conclusion.png", full_page=False)

        page.goto(f"{base}/office/{slug}/notices/{notice.pk}/#withdraw")
        reason = "公示对象名单有误，" * 25  # 225 characters
        without_maxlength(page, "#withdraw-reason")
        page.get_by_label("撤下原因").fill(reason)
        page.get_by_role("button", name="从公开页面撤下").click()
        expect(page.locator(".form-errors").first).to_contain_text(
            "“撤下原因”共225字，超过上限200字，请删减到200字以内。"
        )
        assert page.get_by_label("撤下原因").input_value() == reason
        page.screenshot(path=SCREENSHOTS / "limits-notice-withdraw.png", full_page=False)

    assert only_local(requested) == []
