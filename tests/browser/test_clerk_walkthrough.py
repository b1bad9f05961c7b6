"""A clerk of 郑东新区 walks through the portal in a real browser, as issue 3 asks: signs in,
fills a nomination by the form and the rest by the exchange workbook, sees a reserved place
missing and fills it, uploads a too-large PNG and converts it; the approver submits before the
deadline. In a second test the approver clicks one second after the deadline and is refused in
the notice's words.

Everything goes through the pages (labels, roles, texts), with the server's clock frozen around the
2024 campaign's 初审 deadline (2024-03-20 23:59:59 +08:00). Screenshots of each main step are kept
under var/screenshots/walkthrough-NN-<step>.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from pingxuan.core.columns import COLUMNS_BY_SUBJECT, Kind
from pingxuan.web.campaigns.domain.specs import campaign_spec, load_campaign_file
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.materials.models import Material, PendingUpload
from pingxuan.web.nominations.domain.compliance import unit_compliance
from pingxuan.web.nominations.enums import SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from tests.browser.helpers import wait_until
from tests.factories.campaign import Generator, write_workbook
from tests.jobs import worker_running
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.materials.test_images import picture
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, make_persona

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
PASSWORD = "Zhengzhou-2024-walkthrough"
DESKTOP = {"width": 1366, "height": 768}
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOON_ON_THE_LAST_DAY = datetime(2024, 3, 20, 12, 0, tzinfo=SHANGHAI)
LAST_SECOND = datetime(2024, 3, 20, 23, 59, 59, tzinfo=SHANGHAI)
ONE_SECOND_LATE = datetime(2024, 3, 21, 0, 0, 0, tzinfo=SHANGHAI)
MEDAL, TEAM = "五一劳动奖章", "工人先锋号"
PLEDGE = "推荐对象脱密情况承诺书"
# Columns the form derives itself (the row, the kind fields) and those typed by hand below.
NOT_TYPED = {"序号", "推荐单位", "表彰类型", "备选对象序号", "负面记录"}


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root  # type: ignore[attr-defined]
    # One password hash per sign-in: the default hasher would spend a second on each.
    settings.PASSWORD_HASHERS = [  # type: ignore[attr-defined]
        "django.contrib.auth.hashers.MD5PasswordHasher"
    ]
    return root


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's chromium. Database work stays outside this block: Playwright's sync API runs an
    event loop in this thread, and Django refuses ORM calls while one runs."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# ── the browser side ──────────────────────────────────────────────────────────────────────


def shot(page: Page, number: int, step: str) -> None:
    # From the top, so that the sticky rule-check panel sits beside the form's first fields.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=SCREENSHOTS / f"walkthrough-{number:02d}-{step}.png", full_page=True)


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def open_page(browser: Browser, requested: list[str]) -> Page:
    """A fresh context (its own cookies), as a second person at another desk."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    return page


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(re.escape(f"{base}/portal/")))


def field(scope: Page | Locator, label: str) -> Locator:
    """The input labelled ``label``; a required field's label ends in its (aria-hidden) star."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}\*?$"))


def type_row(page: Page, subject: str, row: dict[str, str]) -> None:
    """Type one generator row into the nomination form, field by field, as a clerk would:
    text into boxes, options from the selects, boxes ticked, 涉敏 answered on purpose."""
    form = page.locator("#nomination-form")
    for column in COLUMNS_BY_SUBJECT[subject]:
        value = row.get(column.name, "")
        if column.name in NOT_TYPED or not value:
            continue
        if column.name == "涉敏":
            form.get_by_role("group", name="涉敏").get_by_role("radio", name=value).check()
        elif column.kind in (Kind.TAGS, Kind.AREAS):
            group = form.get_by_role("group", name=column.name)
            for part in re.split(r"[、，,]", value):
                name = re.compile(rf"^{part}\. ") if column.kind == Kind.AREAS else part
                group.get_by_role("checkbox", name=name, exact=column.kind == Kind.TAGS).check()
        elif column.kind in (Kind.ENUM, Kind.BOOL, Kind.BOOL_NA):
            field(form, column.name).select_option(value)
        else:
            field(form, column.name).fill(value)


def seat(page: Page, text: str) -> Locator:
    return page.locator(".seat").filter(has_text=text)


def material_item(page: Page, name: str) -> Locator:
    return page.locator("section.material-item").filter(has=page.get_by_role("heading", name=name))


def explain_every_warning(page: Page) -> int:
    boxes = page.get_by_role("textbox", name="书面说明")
    count = boxes.count()
    for index in range(count):
        boxes.nth(index).fill(f"说明{index + 1}：经本单位评选领导小组核实，情况属实，特此说明。")
    return count


# ── the data side (outside the Playwright block: no ORM while its event loop runs) ─────────


def unit_rows(campaign: Campaign) -> dict[str, list[dict[str, str]]]:
    spec = campaign_spec(campaign)
    rows = Generator(spec).rows()
    return {a.name: [r for r in rows[a.name] if r["推荐单位"] == UNIT_A] for a in spec.awards}


def is_frontline_scientist(row: dict[str, str]) -> bool:
    return row["身份类别"] == "科教人员" and "一线" in row.get("人员标签", "")


@pytest.mark.browser
def test_clerk_fills_fixes_uploads_and_the_approver_submits(live_server, tmp_path: Path) -> None:
    with time_machine.travel(NOON_ON_THE_LAST_DAY, tick=True):
        campaign = load_campaign_file(CAMPAIGN_FILE)
        make_persona(campaign, "clerk_a", password=PASSWORD)
        make_persona(campaign, "approver_a", password=PASSWORD)
        spec = campaign_spec(campaign)
        rows = unit_rows(campaign)
        team = rows[TEAM][0]  # typed by the form first; the workbook's same row updates it
        scientist = next(r for r in rows[MEDAL] if is_frontline_scientist(r))
        rows[MEDAL] = [r for r in rows[MEDAL] if r is not scientist]  # the reserved place left open
        # Two rows the rules question "in principle" (原则上): the approver explains them.
        no_honour = next(r for r in rows[MEDAL] if "农民工" in r.get("人员标签", ""))
        no_honour["荣誉级别"] = "无"
        repeat = rows[TEAM][2]
        repeat["曾获市级荣誉年份"] = "2021"
        book = write_workbook(tmp_path / "郑东新区推荐汇总.xlsx", spec, rows)
        unit_rows_in_book = sum(len(r) for r in rows.values())
        png = tmp_path / "脱密承诺书扫描件.png"
        picture((2000, 3000)).save(png, "PNG")
        base, slug = live_server.url, campaign.slug
        unit_url = f"{base}/portal/{slug}/"
        requested: list[str] = []

        with chromium() as browser, worker_running():
            # ── 1. the clerk signs in ─────────────────────────────────────────────────────────
            page = open_page(browser, requested)
            page.goto(f"{base}/accounts/login/")
            expect(page.get_by_role("heading", level=1)).to_have_text("登录")
            shot(page, 1, "login")
            sign_in(page, base, "clerk_a")
            expect(page).to_have_url(unit_url)
            expect(page.get_by_role("heading", level=1)).to_contain_text(UNIT_A)
            expect(page.locator(".countdown")).to_contain_text("还剩 11 小时")
            expect(page.get_by_text("空缺（预留给一线科教）")).to_have_count(1)
            assert no_sideways_scroll(page), "the unit page scrolls sideways at 1366×768"
            shot(page, 2, "unit-empty")

            # ── 2. one 工人先锋号 team by the form ─────────────────────────────────────────────
            page.get_by_role("link", name=f"添加{TEAM}推荐对象").click()
            expect(page.get_by_role("heading", level=1)).to_have_text(f"添加{TEAM}推荐对象")
            type_row(page, "team", team)
            field(page, "联系人").fill("王建国")
            field(page, "联系电话").fill("0371-66668888")
            live = page.locator("#live-findings")
            expect(live).to_contain_text("按目前填写，将占用“企业班组”名额")
            expect(live).not_to_contain_text("错误")
            shot(page, 3, "team-form")
            page.get_by_role("button", name="保存").click()
            expect(page).to_have_url(f"{unit_url}#award-team")
            expect(page.get_by_role("status")).to_contain_text(
                f"已保存：{team['所属单位全称']}{team['集体名称']}"
            )
            expect(seat(page, team["集体名称"])).to_have_count(1)
            expect(page.locator("#award-team")).to_contain_text("已占用 1 / 共 4 个名额")

            # ── 3. the rest by the workbook ───────────────────────────────────────────────────
            page.get_by_role("link", name="从 Excel 导入").click()
            expect(page.get_by_role("heading", level=1)).to_contain_text("导入推荐交换工作簿")
            with page.expect_download() as download:
                page.get_by_role("link", name=f"下载“{UNIT_A}-推荐交换模板.xlsx”").click()
            assert download.value.suggested_filename.endswith(".xlsx")
            assert download.value.failure() is None
            page.get_by_label("Excel 工作簿（.xlsx）").set_input_files(book)
            page.get_by_role("button", name="上传并预览").click()
            # The background worker reads the workbook; the job page follows it.
            page.wait_for_url("**/jobs/*/")
            expect(page.locator("#job-status")).to_contain_text("待确认", timeout=90_000)
            expect(page.get_by_role("heading", name="预览")).to_be_visible()
            preview = page.locator("table.import-rows tbody tr")
            expect(preview).to_have_count(unit_rows_in_book)
            updated = preview.filter(has_text=team["集体名称"])
            expect(updated).to_contain_text("更新已录入对象")
            expect(preview.filter(has_text="新增")).to_have_count(unit_rows_in_book - 1)
            expect(page.get_by_text("尚未保存任何内容")).to_be_visible()
            # Row-level findings, on the rows they concern, before anything is saved.
            for label in (no_honour["姓名"], repeat["集体名称"]):
                row_findings = preview.filter(has_text=label).locator(".finding")
                expect(row_findings).to_have_count(1)
                expect(row_findings).to_contain_text("警告")
            # The missing 一线科教 is a finding of the unit, shown before anything is saved.
            expect(page.locator("#main")).to_contain_text("一线科教")
            shot(page, 4, "import-preview")
            page.get_by_role("button", name=f"确认导入 {unit_rows_in_book} 行").click()
            expect(page.locator("#job-status")).to_contain_text("完成", timeout=90_000)
            expect(page.get_by_role("status")).to_contain_text(
                f"新增 {unit_rows_in_book - 1} 个、更新 1 个、删除 0 个"
            )
            shot(page, 5, "import-done")

            # ── 4. the reserved place is missing; the clerk fills it by the form ───────────────
            page.get_by_role("link", name=UNIT_A).first.click()
            expect(page).to_have_url(unit_url)
            medal = page.locator("#award-person")
            expect(medal.locator(".seat-empty")).to_have_text(["空缺（预留给一线科教）"])
            findings = page.locator("#findings")
            expect(findings).to_contain_text("一线科教名额空缺1个")
            expect(findings).to_contain_text("还需 1 名一线科教")
            shot(page, 6, "reserved-place-missing")
            medal.get_by_role("link", name=f"添加{MEDAL}推荐对象").click()
            type_row(page, "person", scientist)
            field(page, "学历").fill("硕士研究生")
            field(page, "职称/技能等级").fill("高级工程师")
            field(page, "参加工作时间").fill("2008-07-01")
            field(page, "联系电话").fill("13837100000")
            expect(live).to_contain_text("按目前填写，将占用“一线科教”名额")
            expect(live).not_to_contain_text("错误")
            shot(page, 7, "scientist-form")
            page.get_by_role("button", name="保存").click()
            expect(page).to_have_url(f"{unit_url}#award-person")
            expect(page.get_by_role("status")).to_contain_text(f"已保存：{scientist['姓名']}")
            expect(medal.locator(".seat-empty")).to_have_count(0)
            expect(seat(page, scientist["姓名"])).to_have_count(1)
            expect(findings).not_to_contain_text("一线科教名额空缺")
            assert scientist["身份证号"] not in page.content()
            shot(page, 8, "reserved-place-filled")

            # ── 5. a too-large PNG, converted in one click ────────────────────────────────────
            page.get_by_role("link", name="上传材料").click()
            expect(page.get_by_role("heading", level=1)).to_contain_text("报送材料")
            pledge = material_item(page, PLEDGE)
            expect(pledge.locator(".status")).to_have_text("未上传")
            pledge.get_by_label("图片", exact=True).set_input_files(png)
            pledge.get_by_label("图片名称").fill("脱密承诺书")
            pledge.get_by_role("button", name="上传").click()
            pledge = material_item(page, PLEDGE)
            offer = pledge.locator(".pending")
            expect(offer).to_contain_text("不符合图片要求")
            expect(offer.locator("li")).not_to_have_count(0)
            expect(offer).to_contain_text("2000×3000")
            shot(page, 9, "png-conversion-offer")
            offer.get_by_role("button", name="一键转换为合格 JPEG").click()
            pledge = material_item(page, PLEDGE)
            expect(pledge.locator(".status")).to_have_text("已上传")
            expect(pledge.locator(".pending")).to_have_count(0)
            thumb = pledge.get_by_role("img", name="脱密承诺书")
            expect(pledge.locator(".meta")).to_contain_text("850×1275")
            thumb.scroll_into_view_if_needed()
            wait_until(
                page, "img => img.complete && img.naturalWidth === 850", thumb.element_handle()
            )
            image = page.request.get(base + thumb.get_attribute("src"))
            assert image.status == 200 and image.headers["content-type"] == "image/jpeg"
            assert image.body()[:3] == b"\xff\xd8\xff"
            shot(page, 10, "png-converted")
            page.context.close()

            # ── 6. the approver submits before the deadline ──────────────────────────────────
            page = open_page(browser, requested)
            sign_in(page, base, "approver_a")
            expect(page).to_have_url(unit_url)
            page.get_by_role("link", name="报送初审…").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("报送初审")
            expect(page.get_by_text("没有错误。")).to_be_visible()
            counts = page.get_by_role("spinbutton", name=re.compile("初始提名数$"))
            expect(counts).not_to_have_count(0)
            for index in range(counts.count()):
                box = counts.nth(index)
                put_forward = int(box.locator("xpath=ancestor::tr/td[2]").inner_text())
                box.fill(str(put_forward + 2))
            page.get_by_role("button", name="保存初始提名数").click()
            expect(page.get_by_role("status")).to_contain_text("初始提名数已保存。")
            expect(page.locator("#main")).not_to_contain_text("未提供初始提名数")
            expect(page.locator("#main")).not_to_contain_text(f"未签订{PLEDGE}")
            warnings = page.locator(".warning-item")
            # Materials not uploaded yet are warnings too, naming the nominees they are missing for.
            rules = warnings.filter(has_not_text="未上传")
            expect(rules.filter(has_text=no_honour["姓名"])).to_have_count(1)
            expect(rules.filter(has_text=repeat["集体名称"])).to_have_count(1)
            expect(warnings.filter(has_text="初审材料“简表”未上传")).to_have_count(1)
            explained = explain_every_warning(page)
            assert explained == warnings.count() >= 2
            assert no_sideways_scroll(page), "the submit page scrolls sideways at 1366×768"
            shot(page, 11, "submit-explained")
            page.get_by_role("button", name="确认报送初审").click()
            expect(page).to_have_url(unit_url)
            expect(page.get_by_role("status")).to_contain_text("已报送初审")
            expect(page.locator(".state")).to_have_text("已报送初审")
            expect(page.get_by_role("link", name=re.compile("^＋"))).to_have_count(0)
            expect(page.get_by_role("link", name="删除", exact=True)).to_have_count(0)
            expect(page.get_by_role("link", name=re.compile("^修改"))).to_have_count(0)
            expect(page.get_by_role("link", name=f"查看“{no_honour['姓名']}”")).to_be_visible()
            expect(page.get_by_role("link", name="从 Excel 导入")).to_have_count(0)
            expect(page.get_by_role("link", name="查看报送")).to_be_visible()
            shot(page, 12, "submitted")
            page.get_by_role("link", name=scientist["姓名"]).first.click()
            expect(page.get_by_role("status")).to_contain_text("数据只读")
            expect(page.get_by_role("button", name="保存")).to_have_count(0)
            page.go_back()
            page.get_by_role("link", name="上传材料").click()
            expect(page.get_by_role("status")).to_contain_text("材料只读")
            expect(page.get_by_role("button", name="上传", exact=True)).to_have_count(0)
            expect(page.get_by_role("button", name="删除")).to_have_count(0)
            kept = material_item(page, PLEDGE).get_by_role("img", name="脱密承诺书")
            expect(kept).to_be_visible()
            page.context.close()

    submission = Submission.objects.get(campaign=campaign, unit__name=UNIT_A)
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.submitted_at is not None
    assert submission.submitted_at.astimezone(SHANGHAI).date() == NOON_ON_THE_LAST_DAY.date()
    assert len(submission.explanations) == explained
    unit = submission.unit
    assert Nomination.objects.filter(unit=unit).count() == unit_rows_in_book + 1
    assert [f.message for f in unit_compliance(campaign, unit).errors] == []
    assert Material.objects.filter(unit=unit, requirement=PLEDGE).count() == 1
    assert PendingUpload.objects.filter(unit=unit).count() == 0
    assert [url for url in requested if urlsplit(url).hostname not in LOCAL_HOSTS] == []


@pytest.mark.browser
def test_one_second_late_the_submission_is_refused(live_server) -> None:
    with time_machine.travel(LAST_SECOND, tick=False) as clock:
        campaign = load_campaign_file(CAMPAIGN_FILE)
        clerk = make_persona(campaign, "clerk_a", password=PASSWORD)
        make_persona(campaign, "approver_a", password=PASSWORD)
        fill_unit(campaign, campaign.units.get(name=UNIT_A), clerk)
        base, slug = live_server.url, campaign.slug
        requested: list[str] = []

        with chromium() as browser:
            page = open_page(browser, requested)
            sign_in(page, base, "approver_a")
            page.goto(f"{base}/portal/{slug}/submit/")
            expect(page.locator(".countdown")).to_have_text("还剩 0 小时 0 分")
            expect(page.get_by_text("没有错误。")).to_be_visible()
            explain_every_warning(page)
            # The page was opened in the last second; the click lands one second after 23:59:59.
            clock.move_to(ONE_SECOND_LATE)
            page.get_by_role("button", name="确认报送初审").click()
            refusal = page.get_by_role("alert")
            expect(refusal).to_contain_text("已过报送截止时间（2024年03月20日 23:59:59）")
            expect(refusal).to_contain_text("逾期不报的视为放弃推荐名额")
            expect(page.locator(".state")).to_have_text("填报中")
            expect(page.locator(".countdown")).to_have_text("已过截止时间")
            # What the approver wrote is still there.
            expect(page.get_by_role("textbox", name="书面说明").first).to_have_value(
                re.compile("^说明1：")
            )
            shot(page, 13, "late-refused")
            page.goto(f"{base}/portal/{slug}/")
            expect(page.locator(".state")).to_have_text("填报中")
            page.context.close()

    assert not Submission.objects.filter(campaign=campaign, state=SubmissionState.SUBMITTED)
    assert [url for url in requested if urlsplit(url).hostname not in LOCAL_HOSTS] == []
