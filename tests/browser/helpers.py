"""What every browser test shares: Debian's Chromium, where screenshots go, signing in.

Database work stays outside the Playwright block: its sync API runs an event loop in the test's
thread, and Django refuses ORM calls while one runs. Prepare data first, then drive the browser.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
PASSWORD = "Zhengzhou-2024-portal"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, asking nothing of the internet."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Browser, requested: list[str], viewport: dict[str, int] = DESKTOP) -> Page:
    """A page that notes every URL it asks for (see ``only_local``)."""
    page = browser.new_page(viewport=viewport, locale="zh-CN")
    page.on("request", lambda request: requested.append(request.url))
    return page


def sign_in(
    browser: Browser,
    base: str,
    username: str,
    requested: list[str],
    viewport: dict[str, int] = DESKTOP,
) -> Page:
    """Signed in through the login form (the user must have ``PASSWORD``)."""
    page = new_page(browser, requested, viewport)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    # Unit staff land on their unit's page, city staff on their 工作台 (/office/).
    page.wait_for_url(re.compile(re.escape(base) + "/(portal|office)/"))
    return page


def only_local(requested: list[str]) -> list[str]:
    """The URLs that left the machine: must be none."""
    return [url for url in requested if urlsplit(url).hostname not in LOCAL_HOSTS]


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def wait_until(page: Page, expression: str, arg: object = None, seconds: float = 15) -> None:
    """Poll ``expression`` from here until it is true. ``page.wait_for_function`` polls inside
    the page with ``new Function``, which our Content-Security-Policy (no 'unsafe-eval') refuses
    whenever the first check is false; ``page.evaluate`` is not subject to it."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {seconds} s: {expression}")
        page.wait_for_timeout(100)
