"""The personas themselves: each client is signed in as its user, with the documented role."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from pingxuan.web.accounts.enums import Role
from pingxuan.web.accounts.models import Membership


def signed_in_user(client: Client) -> User:
    return client.get("/accounts/login/").wsgi_request.user


def test_persona_clients_are_signed_in_as_their_users(
    client_clerk_a: Client,
    client_approver_a: Client,
    client_clerk_b: Client,
    client_reviewer: Client,
    client_admin: Client,
    anonymous: Client,
) -> None:
    names = [
        signed_in_user(client).get_username()
        for client in (client_clerk_a, client_approver_a, client_clerk_b, client_reviewer)
    ]

    assert names == ["clerk_a", "approver_a", "clerk_b", "reviewer"]
    assert signed_in_user(client_admin).get_username() == "admin"
    assert not signed_in_user(anonymous).is_authenticated


def test_personas_have_their_roles_and_units(
    clerk_a: User, approver_a: User, clerk_b: User, reviewer: User, admin: User
) -> None:
    memberships = {
        m.user.username: (m.role, m.unit.name if m.unit else None)
        for m in Membership.objects.select_related("user", "unit")
    }

    assert memberships == {
        "clerk_a": (Role.CLERK, "郑东新区"),
        "approver_a": (Role.APPROVER, "郑东新区"),
        "clerk_b": (Role.CLERK, "巩义市"),
        "reviewer": (Role.REVIEWER, None),
        "admin": (Role.ADMIN, None),
    }


def test_a_fixture_and_its_client_are_the_same_person(
    clerk_a: User, client_clerk_a: Client
) -> None:
    assert signed_in_user(client_clerk_a) == clerk_a
