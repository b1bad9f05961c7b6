from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from pytest_django.asserts import assertRedirects

from tests.web.accounts.conftest import PASSWORD
from tests.web.accounts.test_login import LOGIN, log_in

START = datetime(2024, 4, 8, 9, 0, tzinfo=UTC)


@pytest.fixture
def signed_in(client: Client, user: User, time_machine) -> Client:
    time_machine.move_to(START, tick=False)
    log_in(client, "zd-jingban", PASSWORD)
    return client


def is_signed_in(client: Client) -> bool:
    # The login page sends a signed-in user on to the portal and shows the form to anyone else.
    return client.get(LOGIN).status_code == 302


def test_session_key_changes_at_login(client: Client, user: User) -> None:
    session = client.session  # an anonymous session, as a fixation attacker would plant it
    session["seen"] = True
    session.save()
    planted = session.session_key

    log_in(client, "zd-jingban", PASSWORD)

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted
    assert not SessionStore().exists(planted)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_session_survives_29_idle_minutes(signed_in: Client, time_machine) -> None:
    time_machine.shift(timedelta(minutes=29))

    assert is_signed_in(signed_in)


def test_session_ends_after_31_idle_minutes(signed_in: Client, time_machine) -> None:
    time_machine.shift(timedelta(minutes=31))

    response = signed_in.get("/portal/")

    assertRedirects(response, f"{LOGIN}?next=/portal/", fetch_redirect_response=False)
    assert not is_signed_in(signed_in)


def test_every_request_renews_the_idle_time(signed_in: Client, time_machine) -> None:
    for _ in range(3):
        time_machine.shift(timedelta(minutes=25))
        assert is_signed_in(signed_in)


def test_session_cookie_is_httponly_and_lax(client: Client, user: User) -> None:
    response = log_in(client, "zd-jingban", PASSWORD)

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
