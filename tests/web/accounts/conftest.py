"""Fixtures of the account tests: a user who signs in through the form, with a cheap hasher."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

PASSWORD = "Zhengzhou-2024-correct"
WRONG = "Zhengzhou-2024-wrong"


@pytest.fixture(autouse=True)
def fast_hasher(settings) -> None:
    # The production hasher takes a noticeable fraction of a second by design; these tests hash
    # dozens of times and are about sessions and throttling, not about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user(db: None) -> User:
    return get_user_model().objects.create_user("zd-jingban", password=PASSWORD)


@pytest.fixture
def other_user(db: None) -> User:
    return get_user_model().objects.create_user("gy-jingban", password=PASSWORD)
