"""The Content-Security-Policy in a real browser (issue 11): the main pages of each kind of user
load under it with nothing blocked (no securitypolicyviolation event, no console message) and
still look as before; screenshots under var/screenshots/csp-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Unit
from tests.browser.helpers import PASSWORD, SCREENSHOTS, chromium, new_page, only_local, sign_in
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, make_persona
from tests.web.review.conftest import DURING_REVIEW, submit

# Runs before any script of the page: every violation the browser reports, in the page's order.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


def visit(page: Page, url: str, shot: str, problems: list[str]) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=SCREENSHOTS / f"csp-{shot}.png", full_page=True)
    blocked = page.evaluate("window.__violations")
    problems += [f"{url}: {violation}" for violation in blocked]


def upload_and_watch_the_job(page: Page, folder: Path) -> bool:
    """Send a file on the import page: the page becomes the import's job page, which asks for the
    job's status while it waits (jobs.js, fetch, no eval). True if it asked."""
    polls: list[str] = []
    page.on("request", lambda request: polls.append(request.url))
    file = folder / "推荐.xlsx"
    file.write_bytes(b"not a workbook")
    page.set_input_files("#import-file", file)
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url("**/jobs/*/")
    page.wait_for_timeout(2500)  # no worker runs here: the job stays queued, the page polls
    page.screenshot(path=SCREENSHOTS / "csp-job-queued.png", full_page=True)
    return any(url.endswith("/status.json") for url in polls)


@pytest.mark.browser
def test_main_pages_break_no_rule_of_the_policy(live_server, settings, tmp_path: Path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(DURING_REVIEW, tick=True):
        campaign = load_campaign_file(CAMPAIGN_FILE)
        make_persona(campaign, "reviewer", password=PASSWORD)
        clerk = make_persona(campaign, "clerk_a", password=PASSWORD)
        unit = Unit.objects.get(campaign=campaign, name=UNIT_A)
        fill_unit(campaign, unit, clerk)
        submit(campaign, unit, clerk)
        base, slug = live_server.url, campaign.slug
        requested: list[str] = []
        problems: list[str] = []
        console: list[str] = []

        with chromium() as browser:
            context_pages = []
            anonymous = new_page(browser, requested)
            context_pages.append(anonymous)
            anonymous.add_init_script(WATCH)
            anonymous.on(
                "console", lambda message: console.append(f"{message.type}: {message.text}")
            )
            visit(anonymous, f"{base}/", "public-list", problems)
            visit(anonymous, f"{base}/campaigns/{slug}/", "public-campaign", problems)
            visit(anonymous, f"{base}/campaigns/{slug}/notices/", "public-notices", problems)
            visit(anonymous, f"{base}/accounts/login/", "login", problems)

            for persona, pages in (
                ("clerk_a", [("", "portal-unit"), ("import/", "portal-import")]),
                (
                    "reviewer",
                    [
                        ("", "office-overview"),
                        ("review/", "office-review"),
                        (f"review/units/{unit.pk}/", "office-review-unit"),
                        ("notices/", "office-notices"),
                    ],
                ),
            ):
                page = sign_in(browser, base, persona, requested)
                page.add_init_script(WATCH)
                page.on(
                    "console", lambda message: console.append(f"{message.type}: {message.text}")
                )
                area = "portal" if persona == "clerk_a" else "office"
                for path, shot in pages:
                    visit(page, f"{base}/{area}/{slug}/{path}", shot, problems)
                if persona == "clerk_a":
                    before = len(console)
                    page.goto(f"{base}/portal/{slug}/import/")
                    polled = upload_and_watch_the_job(page, tmp_path)
                    problems += [f"任务页：{v}" for v in page.evaluate("window.__violations")]
                    assert console[before:] == []

            # The styles arrived: the header has its colour, not the browser's plain white.
            header = anonymous.evaluate(
                "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
            )

    assert problems == []
    assert console == []
    assert polled, "the import's job page did not ask for the job's status while it waited"
    assert header != "rgba(0, 0, 0, 0)"
    assert only_local(requested) == []
