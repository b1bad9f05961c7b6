"""Layer by layer in the browser (issue 15): a unit records its 差额 vote on the rounds page (a
vote without quorum is refused with what was typed kept, then corrected), the city's reviewer
reads where a forwarded nomination came from on its review page, with the county's notices and
their photos carried up, the county's office publishes its two notices and takes its 公示情况说明,
and a forwarded nomination deleted in the city is withdrawn with a reason the county's office
reads, then forwarded again."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from pingxuan.web.accounts.enums import Role
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.models import Submission
from pingxuan.web.notices.domain.evidence import upload_evidence
from pingxuan.web.notices.models import EvidenceKind
from pingxuan.web.rounds.domain.forwarding import forward_picks
from pingxuan.web.rounds.domain.links import load_child_campaign
from pingxuan.web.rounds.models import CampaignLink, Forwarding
from tests.browser.helpers import (
    PASSWORD,
    SCREENSHOTS,
    chromium,
    only_local,
    sign_in,
    wait_until,
)
from tests.jobs import worker_running
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.materials.test_images import encode, picture
from tests.web.notices.helpers import publish_level
from tests.web.personas import make_persona
from tests.web.rounds.conftest import run_round


@pytest.mark.browser
def test_clerk_records_a_round_and_fixes_the_quorum(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    make_persona(campaign, "clerk_a", password=PASSWORD)
    base = live_server.url
    requested: list[str] = []

    with chromium() as browser:
        page = sign_in(browser, base, "clerk_a", requested)
        page.get_by_role("link", name="差额评选").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("差额评选")
        medal = page.locator("section.round", has=page.get_by_role("heading", name="五一劳动奖章"))
        medal.get_by_label("表决日期").fill("2024-03-01")
        medal.get_by_label("应到人数").fill("120")
        medal.get_by_label("实到人数").fill("70")
        medal.get_by_label("应选人数").fill("2")
        for index, (name, votes) in enumerate((("张三", "40"), ("李四", "80"), ("王五", "60"))):
            medal.get_by_label(f"第{index + 1}个候选对象", exact=True).fill(name)
            medal.get_by_label(f"第{index + 1}个候选对象的得票").fill(votes)
        medal.get_by_role("button", name="保存表决记录").click()

        medal = page.locator("section.round", has=page.get_by_role("heading", name="五一劳动奖章"))
        expect(medal.get_by_role("alert")).to_contain_text("不足应到120人的三分之二（至少80人）")
        expect(medal.get_by_label("第3个候选对象", exact=True)).to_have_value("王五")
        medal.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "rounds-refused.png"), full_page=True)

        medal.get_by_label("实到人数").fill("90")
        medal.get_by_role("button", name="保存表决记录").click()
        medal = page.locator("section.round", has=page.get_by_role("heading", name="五一劳动奖章"))
        expect(medal.get_by_role("status")).to_contain_text("表决产生的推荐对象：李四、王五")
        page.screenshot(path=str(SCREENSHOTS / "rounds-recorded.png"), full_page=True)

        # The recorded vote's documents, prefilled: the tally as the browser downloads it.
        documents = medal.get_by_role("list", name="五一劳动奖章的表决文档")
        with page.expect_download() as download:
            documents.get_by_role("listitem").filter(has_text="差额表决计票结果").get_by_role(
                "link", name="PDF"
            ).click()
        assert download.value.suggested_filename == "郑东新区-五一劳动奖章-差额表决计票结果.pdf"
    assert only_local(requested) == []


@pytest.mark.browser
def test_reviewer_reads_the_provenance_of_a_forwarded_nomination(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    make_persona(campaign, "reviewer", password=PASSWORD)
    link = load_child_campaign("zhongmu-2024")
    county = link.child
    town = Unit.objects.get(campaign=county, name="城关镇总工会")
    staff = get_user_model().objects.create_user("county_staff", password=PASSWORD)
    Membership.objects.create(user=staff, campaign=county, role=Role.REVIEWER)
    Membership.objects.create(user=staff, campaign=campaign, role=Role.CLERK, unit=link.unit)
    clerk = get_user_model().objects.create_user("town_clerk")
    Membership.objects.create(user=clerk, campaign=county, role=Role.CLERK, unit=town)
    run_round(county, town, clerk)
    with time_machine.travel("2024-03-22T09:00:00+08:00", tick=False):
        unit_notice = publish_level(county, "unit", town, staff)
        county_notice = publish_level(county, "city", None, staff)
    for notice, kind in ((unit_notice, EvidenceKind.NEAR), (county_notice, EvidenceKind.FAR)):
        upload_evidence(
            notice, kind=kind, data=encode(picture((300, 200)), "PNG"), actor=staff, role="r"
        )
    forward_picks(link, actor=staff, role=Role.CLERK, today=date(2024, 4, 16))
    base = live_server.url
    requested: list[str] = []

    with chromium() as browser:
        page = sign_in(browser, base, "county_staff", requested)
        page.goto(f"{base}{reverse('office:forward', args=[county.slug])}")
        expect(page.get_by_role("heading", level=1)).to_have_text("向上级报送")
        expect(page.locator("table.forward-table")).to_contain_text("已报送（上级序号")
        page.screenshot(path=str(SCREENSHOTS / "rounds-forward.png"), full_page=True)
        page.get_by_role("link", name="差额表决", exact=True).click()
        expect(page.locator("table.rounds-table")).to_contain_text("城关镇总工会")
        page.screenshot(path=str(SCREENSHOTS / "rounds-office.png"), full_page=True)

        reviewer = sign_in(browser, base, "reviewer", requested)
        reviewer.goto(f"{base}{reverse('office:review_unit', args=[campaign.slug, link.unit.pk])}")
        # The 奖状 comes first and went up without a vote; the medals carry theirs.
        expect(reviewer.locator("[data-provenance]").first).to_contain_text(
            "差额表决：下级未录入表决记录。"
        )
        provenance = reviewer.locator("[data-provenance]", has_text="差额表决：职代会").first
        expect(provenance).to_contain_text("由城关镇总工会推荐")
        expect(provenance).to_contain_text(
            "差额表决：职代会（2024-03-01，应到 120 人、实到 90 人）"
        )
        expect(provenance).to_contain_text("县级公示")
        # The county's notices went up with their photos: the city's own copies, shown here.
        carried = provenance.locator("[data-carried-notice]")
        expect(carried).to_have_count(2)
        expect(carried.nth(0)).to_contain_text("下级所在单位公示")
        expect(carried.nth(0)).to_contain_text("作为本活动的所在单位公示")
        expect(carried.nth(1)).to_contain_text("（中牟县总工会发布，2024-04-09 至 2024-04-15）")
        expect(carried.nth(1)).to_contain_text("作为本活动的县级公示")
        provenance.scroll_into_view_if_needed()
        wait_until(
            reviewer,
            # Lazy images: the ones on screen, around the provenance scrolled to.
            "() => { const shown = [...document.querySelectorAll('[data-carried-notice] img')]"
            ".filter(i => { const r = i.getBoundingClientRect();"
            " return r.width > 0 && r.top < innerHeight && r.bottom > 0; });"
            " return shown.length > 0 && shown.every(i => i.complete && i.naturalWidth > 0); }",
        )
        reviewer.screenshot(path=str(SCREENSHOTS / "rounds-provenance.png"))
    assert only_local(requested) == []


COUNTY_TITLE = "关于2024年中牟县五一劳动奖和工人先锋号推荐对象的公示"


def _notice_form(page: Page, *, level: str, unit: str, title: str, start: str) -> None:
    page.get_by_label("公示层级").select_option(label=level)
    if unit:
        page.get_by_label("发布单位").select_option(label=unit)
    page.get_by_label("标题").fill(title)
    page.get_by_label("公示开始日期").fill(start)
    page.get_by_role("button", name="按开始日期重新计算结束日期").click()
    page.get_by_label("联系人").fill("李老师")
    page.get_by_label("联系电话").fill("0371-62191234")
    page.get_by_label("举报电话").fill("0371-62195678")
    page.get_by_label("举报邮箱").fill("zmxzgh@example.cn")
    page.get_by_role("button", name="保存草稿").click()


@pytest.mark.browser
def test_county_office_publishes_its_two_notices_and_prints_its_statement(
    live_server, settings, tmp_path
) -> None:
    """中牟县总工会's office publishes 城关镇总工会's unit notice, then its own 县级公示, in the
    browser, and takes the 公示情况说明 it hands the city from its documents page."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    load_campaign_file(CAMPAIGN_FILE)
    link = load_child_campaign("zhongmu-2024")
    county = link.child
    town = Unit.objects.get(campaign=county, name="城关镇总工会")
    staff = get_user_model().objects.create_user("county_staff", password=PASSWORD)
    Membership.objects.create(user=staff, campaign=county, role=Role.REVIEWER)
    clerk = get_user_model().objects.create_user("town_clerk")
    Membership.objects.create(user=clerk, campaign=county, role=Role.CLERK, unit=town)
    run_round(county, town, clerk)
    base, slug = live_server.url, county.slug
    requested: list[str] = []

    with time_machine.travel("2024-03-22T09:30:00+08:00", tick=True), chromium() as browser:
        page = sign_in(browser, base, "county_staff", requested)
        page.goto(f"{base}/office/{slug}/notices/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("两公示")
        _notice_form(
            page,
            level="所在单位公示",
            unit="城关镇总工会",
            title="城关镇总工会关于2024年中牟县五一劳动奖推荐对象的公示",
            start="2024-03-25",
        )
        page.get_by_role("button", name="发布公示").click()
        expect(page.locator(".status-bar")).to_contain_text("已发布")
        page.goto(f"{base}/office/{slug}/notices/")
        _notice_form(
            page,
            level="县级公示",
            unit="",
            title=COUNTY_TITLE,
            start="2024-04-09",
        )
        expect(page.locator("#preview")).to_contain_text("城关镇总工会")
        page.screenshot(path=str(SCREENSHOTS / "county-notice-office.png"), full_page=True)
        page.get_by_role("button", name="发布公示").click()
        expect(page.locator(".status-bar")).to_contain_text("已发布")

    with time_machine.travel("2024-04-16T09:30:00+08:00", tick=True), chromium() as browser:
        with worker_running():
            page = sign_in(browser, base, "county_staff", requested)
            page.goto(f"{base}/office/{slug}/documents/")
            row = page.locator(
                "tr", has_text="关于2024年中牟县五一劳动奖和工人先锋号推荐对象的公示"
            )
            expect(row).to_contain_text("公示情况说明")
            page.screenshot(path=str(SCREENSHOTS / "county-documents.png"), full_page=True)
            row.get_by_role("button", name="PDF").last.click()
            page.wait_for_url("**/jobs/*/")
            link = page.get_by_role("link", name=re.compile("^下载“"))
            expect(link).to_be_visible(timeout=60_000)
            expect(link).to_contain_text("公示情况说明")
            page.screenshot(path=str(SCREENSHOTS / "county-statement-job.png"), full_page=True)
    assert only_local(requested) == []


def _forwarded_county(campaign: Campaign) -> tuple[CampaignLink, Unit]:
    """中牟县's round done and forwarded; ``county_staff`` (its office, the city's unit 中牟县) and
    ``town_clerk`` (城关镇总工会) sign in with ``PASSWORD``."""
    link = load_child_campaign("zhongmu-2024")
    county = link.child
    town = Unit.objects.get(campaign=county, name="城关镇总工会")
    staff = get_user_model().objects.create_user("county_staff", password=PASSWORD)
    Membership.objects.create(user=staff, campaign=county, role=Role.REVIEWER)
    Membership.objects.create(user=staff, campaign=campaign, role=Role.CLERK, unit=link.unit)
    clerk = get_user_model().objects.create_user("town_clerk", password=PASSWORD)
    Membership.objects.create(user=clerk, campaign=county, role=Role.CLERK, unit=town)
    run_round(county, town, clerk)
    with time_machine.travel("2024-03-22T09:00:00+08:00", tick=False):
        publish_level(county, "unit", town, staff)
        publish_level(county, "city", None, staff)
    forward_picks(link, actor=staff, role=Role.CLERK, today=date(2024, 4, 16))
    return link, town


@pytest.mark.browser
def test_a_forwarded_nomination_is_withdrawn_with_a_reason_and_forwarded_again(
    live_server, settings
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = load_campaign_file(CAMPAIGN_FILE)
    link, town = _forwarded_county(campaign)
    # 城关镇总工会 handed in to the county: its page says whom to ask (县总工会, not 市总工会).
    Submission.objects.filter(campaign=link.child, unit=town).update(submitted_at=timezone.now())
    forwarding = Forwarding.objects.filter(link=link, source__award="五一劳动奖章").first()
    assert forwarding is not None
    name = forwarding.source.display_name
    delete_url = reverse("portal:nomination_delete", args=[campaign.slug, forwarding.nomination_id])
    base = live_server.url
    requested: list[str] = []
    reason = "经核实，该职工已调离本县，由新单位另行推荐"

    with chromium() as browser:
        town_page = sign_in(browser, base, "town_clerk", requested)
        expect(town_page.locator("body")).to_contain_text("如需修改请联系县总工会退回")
        expect(town_page.locator("body")).not_to_contain_text("市总工会")
        town_page.screenshot(path=str(SCREENSHOTS / "county-unit-page.png"), full_page=True)

        page = sign_in(browser, base, "county_staff", requested)
        page.goto(f"{base}{delete_url}")
        expect(page.get_by_role("note")).to_contain_text("向上级报送的推荐对象")
        page.get_by_role("button", name="撤回报送并删除").click()
        expect(page.get_by_role("alert")).to_contain_text("须逐个删除并写明撤回理由")
        page.screenshot(path=str(SCREENSHOTS / "forward-withdraw-refused.png"), full_page=True)
        page.get_by_label("撤回理由").fill(reason)
        page.screenshot(path=str(SCREENSHOTS / "forward-withdraw-reason.png"), full_page=True)
        page.get_by_role("button", name="撤回报送并删除").click()
        expect(page.locator("body")).to_contain_text("这次报送已撤回")

        page.goto(f"{base}{reverse('office:forward', args=[link.child.slug])}")
        row = page.locator("table.forward-table tr", has_text=name)
        expect(row).to_contain_text("已撤回")
        expect(row).to_contain_text(f"撤回理由：{reason}")
        page.screenshot(path=str(SCREENSHOTS / "forward-withdrawn.png"), full_page=True)
        row.get_by_role("button", name="再次报送").click()
        expect(page.get_by_role("status")).to_contain_text("已报送 1 个推荐对象。")
        row = page.locator("table.forward-table tr", has_text=name)
        expect(row).to_contain_text("曾被撤回，此为再次报送")
    assert only_local(requested) == []
