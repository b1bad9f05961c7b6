from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from pingxuan.web.accounts.views import LOGIN_REFUSED
from tests.web.accounts.conftest import PASSWORD, WRONG

LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"


def log_in(client: Client, username: str, password: str, **extra: str):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


@pytest.mark.django_db
def test_login_page_is_in_chinese(client: Client) -> None:
    response = client.get(LOGIN)

    assertContains(response, "<h1>登录</h1>", html=True)
    assertContains(response, '<label for="id_username">用户名</label>', html=True)
    assertContains(response, '<label for="id_password">密码</label>', html=True)
    assertContains(response, '<html lang="zh-Hans">')


@pytest.mark.django_db
def test_login_page_is_never_cached(client: Client) -> None:
    response = client.get(LOGIN)

    assert set(response["Cache-Control"].replace(" ", "").split(",")) >= {
        "no-cache",
        "no-store",
        "must-revalidate",
        "private",
    }


@pytest.mark.django_db
def test_login_page_carries_a_csrf_token(client: Client) -> None:
    response = client.get(LOGIN)

    assertContains(response, 'name="csrfmiddlewaretoken"', count=1)
    assert settings.CSRF_COOKIE_NAME in response.cookies


def test_login_without_csrf_token_is_refused(user: User) -> None:
    client = Client(enforce_csrf_checks=True)

    response = log_in(client, "zd-jingban", PASSWORD)

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_login_redirects_to_the_portal(client: Client, user: User) -> None:
    response = log_in(client, "zd-jingban", PASSWORD)

    assertRedirects(response, "/portal/", fetch_redirect_response=False)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_follows_a_local_next(client: Client, user: User) -> None:
    response = client.post(
        LOGIN, {"username": "zd-jingban", "password": PASSWORD, "next": "/portal/zhengzhou-2024/"}
    )

    assertRedirects(response, "/portal/zhengzhou-2024/", fetch_redirect_response=False)


def test_login_ignores_a_foreign_next(client: Client, user: User) -> None:
    response = client.post(
        LOGIN, {"username": "zd-jingban", "password": PASSWORD, "next": "https://evil.example/"}
    )

    assertRedirects(response, "/portal/", fetch_redirect_response=False)


def test_login_page_sends_a_signed_in_user_to_the_portal(client: Client, user: User) -> None:
    log_in(client, "zd-jingban", PASSWORD)

    assertRedirects(client.get(LOGIN), "/portal/", fetch_redirect_response=False)


def test_wrong_password_gets_the_generic_chinese_error(client: Client, user: User) -> None:
    response = log_in(client, "zd-jingban", WRONG)

    assert response.status_code == 200
    assertContains(response, str(LOGIN_REFUSED), count=1)
    assert "_auth_user_id" not in client.session


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(client: Client, user: User) -> None:
    wrong_password = log_in(client, "zd-jingban", WRONG).content.decode()
    unknown_user = log_in(client, "nobody-here", WRONG).content.decode()

    def errors(page: str) -> str:
        return page.split('<div class="form-errors" role="alert">')[1].split("</div>")[0]

    assert errors(unknown_user) == errors(wrong_password)


def test_inactive_user_gets_the_same_answer_as_a_wrong_password(client: Client, user: User) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = log_in(client, "zd-jingban", PASSWORD)

    assertContains(response, str(LOGIN_REFUSED), count=1)
    assertNotContains(response, "inactive")
    assert "_auth_user_id" not in client.session


def test_logout_by_post_ends_the_session(client: Client, user: User) -> None:
    log_in(client, "zd-jingban", PASSWORD)

    response = client.post(LOGOUT)

    assertRedirects(response, LOGIN, fetch_redirect_response=False)
    assert "_auth_user_id" not in client.session
    assertRedirects(client.get("/portal/"), f"{LOGIN}?next=/portal/", fetch_redirect_response=False)


def test_logout_by_get_is_not_allowed(client: Client, user: User) -> None:
    log_in(client, "zd-jingban", PASSWORD)

    response = client.get(LOGOUT)

    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(user.pk)


def test_passwords_never_reach_the_logs(client: Client, user: User, caplog) -> None:
    # Some of the site's loggers do not propagate to the root, where caplog listens.
    loggers = [logging.getLogger(name) for name in (*settings.LOGGING["loggers"], "axes")]
    for logger in loggers:
        logger.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    try:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, "zd-jingban", WRONG)
        log_in(client, "zd-jingban", PASSWORD)
    finally:
        for logger in loggers:
            logger.removeHandler(caplog.handler)

    assert "Too Many Requests" in caplog.text  # the lockout was logged, so logging was on
    assert WRONG not in caplog.text
    assert PASSWORD not in caplog.text


def test_no_log_handler_mails_request_data() -> None:
    handlers = [
        type(handler).__name__
        for name in settings.LOGGING["loggers"]
        for handler in logging.getLogger(name).handlers
    ]

    assert "AdminEmailHandler" not in handlers
    assert handlers  # the configuration was applied


def test_stale_form_gets_a_chinese_explanation(db: None) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
