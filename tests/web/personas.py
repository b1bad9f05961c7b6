"""The people of the web tests: two units' staff, the city's reviewer and administrator.

``clerk_a`` and ``approver_a`` act for 郑东新区, ``clerk_b`` for 巩义市; ``reviewer`` and ``admin``
for the city. Their clients are signed in with ``force_login`` (no password hashing, so a test
with five personas stays fast); pass ``password`` to :func:`make_persona` to sign in by the form.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.test import Client

from pingxuan.web.accounts.enums import Role
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.models import Campaign, Unit

UNIT_A = "郑东新区"
UNIT_B = "巩义市"


@dataclass(frozen=True)
class Persona:
    username: str
    role: Role
    unit_name: str | None = None


PERSONAS = {
    "clerk_a": Persona("clerk_a", Role.CLERK, UNIT_A),
    "approver_a": Persona("approver_a", Role.APPROVER, UNIT_A),
    "clerk_b": Persona("clerk_b", Role.CLERK, UNIT_B),
    "reviewer": Persona("reviewer", Role.REVIEWER),
    "admin": Persona("admin", Role.ADMIN),
}


def make_persona(campaign: Campaign, name: str, *, password: str | None = None) -> User:
    """The user ``name`` of :data:`PERSONAS`, with their membership of ``campaign``."""
    persona = PERSONAS[name]
    user = get_user_model().objects.create_user(persona.username, password=password)
    unit = (
        Unit.objects.get(campaign=campaign, name=persona.unit_name) if persona.unit_name else None
    )
    Membership.objects.create(user=user, campaign=campaign, role=persona.role, unit=unit)
    return user


def signed_in(user: User) -> Client:
    """A test client with ``user``'s session, as after a successful login."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
