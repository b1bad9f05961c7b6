from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from pytest_django.asserts import assertContains, assertRedirects

from tests.web.accounts.conftest import PASSWORD, WRONG
from tests.web.accounts.test_login import log_in

LOCKED = "登录失败次数过多，请 15 分钟后再试或联系管理员"


def fail(client: Client, times: int, username: str = "zd-jingban") -> None:
    for _ in range(times):
        log_in(client, username, WRONG)


def test_four_failures_do_not_lock(client: Client, user: User) -> None:
    fail(client, 4)

    response = log_in(client, "zd-jingban", PASSWORD)

    assertRedirects(response, "/portal/", fetch_redirect_response=False)


def test_five_failures_refuse_the_right_password(client: Client, user: User) -> None:
    fail(client, 5)

    response = log_in(client, "zd-jingban", PASSWORD)

    assertContains(response, LOCKED, status_code=429)
    assert "_auth_user_id" not in client.session


def test_the_fifth_failure_already_shows_the_lockout_page(client: Client, user: User) -> None:
    fail(client, 4)

    response = log_in(client, "zd-jingban", WRONG)

    assertContains(response, LOCKED, status_code=429)


def test_lockout_does_not_touch_another_user(client: Client, user: User, other_user: User) -> None:
    fail(client, 5)

    response = log_in(client, "gy-jingban", PASSWORD)

    assertRedirects(response, "/portal/", fetch_redirect_response=False)


def test_lockout_does_not_touch_another_address(client: Client, user: User) -> None:
    fail(client, 5)

    response = log_in(Client(), "zd-jingban", PASSWORD, REMOTE_ADDR="10.20.30.40")

    assertRedirects(response, "/portal/", fetch_redirect_response=False)


def test_lockout_ends_15_minutes_after_the_last_attempt(
    client: Client, user: User, time_machine
) -> None:
    time_machine.move_to(datetime(2024, 4, 8, 9, 0, tzinfo=UTC), tick=False)
    fail(client, 5)

    time_machine.shift(timedelta(minutes=16))
    response = log_in(client, "zd-jingban", PASSWORD)

    assertRedirects(response, "/portal/", fetch_redirect_response=False)


def test_trying_during_the_lockout_starts_the_15_minutes_again(
    client: Client, user: User, time_machine
) -> None:
    # So the page's "请 15 分钟后再试" holds from whichever attempt showed it.
    time_machine.move_to(datetime(2024, 4, 8, 9, 0, tzinfo=UTC), tick=False)
    fail(client, 5)

    time_machine.shift(timedelta(minutes=14))
    assert log_in(client, "zd-jingban", PASSWORD).status_code == 429
    time_machine.shift(timedelta(minutes=14))
    assert log_in(client, "zd-jingban", PASSWORD).status_code == 429
    time_machine.shift(timedelta(minutes=16))
    response = log_in(client, "zd-jingban", PASSWORD)

    assertRedirects(response, "/portal/", fetch_redirect_response=False)


def test_lockout_page_states_the_configured_cool_off() -> None:
    # The page's words are fixed text; they must follow the setting.
    assert timedelta(hours=settings.AXES_COOLOFF_TIME) == timedelta(minutes=15)
