"""The vocabulary of the role × URL matrix: what a persona should get, and the rows' shape.

Each area of the site keeps its rows in a module of this package (``ROWS``, and ``build`` when
its URLs name objects of their own); ``AREAS`` lists the modules the matrix test merges.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.materials.models import Material, PendingUpload
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.models import Notice, NoticeState

PERSONAS = ("anonymous", "clerk_a", "approver_a", "clerk_b", "reviewer", "admin")
UNIT_A_STAFF = frozenset({"clerk_a", "approver_a"})
CITY_STAFF = frozenset({"reviewer", "admin"})


# ── what each persona should get ────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Expect:
    status: int
    to: str = ""  # for a 302: the route name the Location starts with

    def __str__(self) -> str:
        return f"{self.status}→{self.to.split(':')[1]}" if self.to else str(self.status)


OK = Expect(200)
BAD = Expect(400)  # the harmless body was refused as the form error it is
DENIED = Expect(403)
NOT_FOUND = Expect(404)
NOT_ALLOWED = Expect(405)
TO_LOGIN = Expect(302, "accounts:login")
JOB = Expect(302, "jobs:job")  # a background job started: its page
CONFLICT = Expect(409)

Cells = dict[str, Expect]


def everyone(expect: Expect, *, anonymous: Expect | None = None) -> Cells:
    return {p: expect for p in PERSONAS} | {"anonymous": anonymous or expect}


def portal(
    clerk_a: Expect,
    *,
    approver_a: Expect | None = None,
    clerk_b: Expect | None = None,
    city: Expect = NOT_FOUND,
) -> Cells:
    """A portal route. Its URL names no unit: each unit's staff reach their own unit's page there
    (clerk_b too, unless the URL names an object of unit A); the city has no unit, so a 404."""
    return {
        "anonymous": TO_LOGIN,
        "clerk_a": clerk_a,
        "approver_a": approver_a or clerk_a,
        "clerk_b": clerk_b or clerk_a,
        "reviewer": city,
        "admin": city,
    }


def unit_a_object(clerk_a: Expect, *, approver_a: Expect | None = None) -> Cells:
    """A route naming an object of unit A: anyone else is told it does not exist."""
    return portal(clerk_a, approver_a=approver_a, clerk_b=NOT_FOUND)


# Signed-in people get 405 before any scope is looked at; the method is no secret.
POST_ONLY_GET = everyone(NOT_ALLOWED, anonymous=TO_LOGIN)


@dataclass(frozen=True)
class Objects:
    """What the URLs and bodies are built from: the 2024 campaign and unit A's objects."""

    campaign: Campaign
    nomination: Nomination
    material: Material
    pending: PendingUpload
    id_numbers: frozenset[str]
    names: frozenset[str]
    # Objects an area's ``build`` adds (a notice, a complaint …), named by its rows' ``pk``.
    extra: dict[str, Any] = field(default_factory=dict)

    def named(self, name: str) -> Any:
        return self.extra[name] if name in self.extra else getattr(self, name)


Body = Callable[[Objects], dict[str, Any]]


@dataclass(frozen=True)
class Row:
    route: str
    pk: str = ""  # which object of unit A the <pk> names: nomination, material or pending
    methods: dict[str, Cells] = field(default_factory=dict)
    body: Body = lambda objects: {}
    body_names_unit_a_object: bool = False  # the POST body, not the URL, names one
    # Who may see unit A's nominee names here besides unit A's staff (the city's office pages,
    # the public notice of a published nominee).
    shows_names_to: frozenset[str] = frozenset()

    def names_unit_a_object(self, method: str) -> bool:
        return bool(self.pk) or (method == "POST" and self.body_names_unit_a_object)


def office(city: Expect = OK, *, admin: Expect | None = None) -> Cells:
    """A route of the city's office: unit staff are told it does not exist."""
    return {
        "anonymous": TO_LOGIN,
        "clerk_a": NOT_FOUND,
        "approver_a": NOT_FOUND,
        "clerk_b": NOT_FOUND,
        "reviewer": city,
        "admin": admin or city,
    }


def published_as_arranged(notice: Notice) -> Notice:
    """``notice`` marked published without the procedure that leads there (初审, the lower
    notices): the access matrix needs a published notice, not the procedure, which
    tests/web/notices covers. It freezes with no rows."""
    Notice.objects.filter(pk=notice.pk).update(
        state=NoticeState.PUBLISHED, published_at=timezone.now()
    )
    notice.refresh_from_db()
    return notice
