"""A complaint in a real browser: someone files it on the public form (after a refused first try),
the reviewer links it to the nominee and records it substantiated, and the unit's clerk sees the
nomination revoked with the reason."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.nominations.enums import Kind
from tests.browser.helpers import (
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
from tests.web.opinions.helpers import filled_unit, pass_unit
from tests.web.personas import make_persona

REASON = "经调查核实，该同志系企业负责人，按一线产业工人申报，隐瞒身份，撤销推荐资格。"


@pytest.mark.browser
def test_complaint_revokes_a_nomination(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    reviewer = make_persona(campaign, "reviewer", password=PASSWORD)
    clerk = make_persona(campaign, "clerk_a", password=PASSWORD)
    unit = filled_unit(campaign, clerk)
    passed = pass_unit(campaign, unit, reviewer)
    nominee = next(n for n in passed if n.award == "五一劳动奖章" and n.kind == Kind.COMPREHENSIVE)
    name = nominee.display_name
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    with chromium() as browser:
        # Someone from the public, on a phone: first without a name, then properly.
        page = new_page(browser, requested, PHONE)
        page.goto(f"{base}/campaigns/{slug}/complaints/new/")
        expect(page.get_by_role("heading", level=1)).to_have_text("对推荐对象的举报")
        page.get_by_label("联系方式（电话或地址）").fill("13912345678")
        page.get_by_label("被举报对象").fill(f"郑东新区 {name}")
        page.get_by_label("举报内容").fill("有问题")
        page.get_by_role("button", name="提交举报").click()
        errors = page.locator(".form-errors")
        expect(errors).to_contain_text("以个人名义举报，请填写真实姓名。")
        expect(errors).to_contain_text("举报内容至少20个字")
        expect(page.get_by_label("被举报对象")).to_have_value(f"郑东新区 {name}")
        assert no_sideways_scroll(page), "the complaint form scrolls sideways on a phone"
        page.screenshot(path=SCREENSHOTS / "complaint-form-errors.png", full_page=True)
        page.get_by_label("真实姓名").fill("王实名")
        page.get_by_label("举报内容").fill(
            f"{name}实为所在公司的总经理（企业负责人），却按一线产业工人申报，隐瞒了身份。"
        )
        page.get_by_role("button", name="提交举报").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("举报已收到，谢谢您")
        reference = page.locator(".reference").inner_text()
        assert reference.startswith("0001-")
        assert reference not in page.url
        page.screenshot(path=SCREENSHOTS / "complaint-done.png", full_page=True)
        page.close()

        # The reviewer links it, investigates and records it substantiated.
        page = sign_in(browser, base, "reviewer", requested)
        page.goto(f"{base}/office/{slug}/complaints/")
        page.screenshot(path=SCREENSHOTS / "complaint-register.png", full_page=True)
        page.get_by_role("link", name=reference).click()
        expect(page.locator("dl.facts")).to_contain_text("王实名")
        page.get_by_label("查找推荐对象").fill(name)
        page.get_by_role("button", name="查找").click()
        page.locator(".candidates tr", has_text=name).get_by_role("button", name="关联").click()
        expect(page.locator(".linked-nomination")).to_contain_text(name)
        page.get_by_role("button", name="开始调查").click()
        expect(page.locator("h1 .state")).to_have_text("调查中")
        page.get_by_label("属实", exact=True).check()
        page.get_by_label("结论说明").fill(REASON)
        expect(page.locator(".warning-text")).to_contain_text(f"将撤销“{name}”的推荐资格")
        page.screenshot(path=SCREENSHOTS / "complaint-decide.png", full_page=True)
        page.get_by_role("button", name="办结").click()
        expect(page.locator("h1 .state")).to_have_text("已办结")
        expect(page.locator(".linked-nomination .state")).to_have_text("已撤销")
        page.screenshot(path=SCREENSHOTS / "complaint-closed.png", full_page=True)
        page.close()

        # The unit's clerk sees it revoked, with the reason, and nothing of the complainant.
        page = sign_in(browser, base, "clerk_a", requested)
        expect(page.locator("#notifications")).to_contain_text(REASON)
        row = page.locator("tr", has_text=name).first
        expect(row).to_contain_text("已撤销")
        expect(row).to_contain_text(REASON)
        assert "王实名" not in page.content() and "13912345678" not in page.content()
        page.screenshot(path=SCREENSHOTS / "complaint-unit-sees.png", full_page=True)
        page.close()

    assert only_local(requested) == []
