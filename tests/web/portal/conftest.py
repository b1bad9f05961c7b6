"""Personas for the portal tests (see tests/web/personas.py): users, and clients signed in as them.

Each ``client_<persona>`` fixture brings its user, so ``client_clerk_a`` and ``clerk_a`` in one
test are the same person; ``anonymous`` is a client nobody signed in to.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pingxuan.web.campaigns.models import Campaign
from tests.web.personas import make_persona, signed_in


@pytest.fixture
def clerk_a(campaign: Campaign) -> User:
    return make_persona(campaign, "clerk_a")


@pytest.fixture
def approver_a(campaign: Campaign) -> User:
    return make_persona(campaign, "approver_a")


@pytest.fixture
def clerk_b(campaign: Campaign) -> User:
    return make_persona(campaign, "clerk_b")


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


@pytest.fixture
def admin(campaign: Campaign) -> User:
    return make_persona(campaign, "admin")


@pytest.fixture
def client_clerk_a(clerk_a: User) -> Client:
    return signed_in(clerk_a)


@pytest.fixture
def client_approver_a(approver_a: User) -> Client:
    return signed_in(approver_a)


@pytest.fixture
def client_clerk_b(clerk_b: User) -> Client:
    return signed_in(clerk_b)


@pytest.fixture
def client_reviewer(reviewer: User) -> Client:
    return signed_in(reviewer)


@pytest.fixture
def client_admin(admin: User) -> Client:
    return signed_in(admin)


@pytest.fixture
def anonymous(db: None) -> Client:
    return Client()
