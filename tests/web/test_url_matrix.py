"""The role × URL matrix: every route of the project, tried by every persona, answers as the table
below says. The routes are read from the resolver, so a route added without a row fails here.

The objects in the URLs belong to unit A (郑东新区); clerk_b (巩义市) must never see one of them,
and no page shows unit A's full ID numbers outside the audited reveal to unit A's own people.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponseBase
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.views.static import serve

from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.materials.domain import upload
from pingxuan.web.materials.models import Material, PendingUpload
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.nominations.models import Nomination
from tests.web.materials.test_images import encode, picture
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, make_persona, signed_in

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "clerk_a", "approver_a", "clerk_b", "reviewer", "admin")
UNIT_A_STAFF = frozenset({"clerk_a", "approver_a"})


# ── the routes, as the resolver has them ────────────────────────────────────────────────────


def walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """("namespace:name", route) for every pattern under ``patterns``, included ones too."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, (namespace, pattern.namespace)))
            yield from walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern) and pattern.callback is not serve:
            # An unnamed route still needs a row; it is known by its route.
            name = pattern.name or f"<{route}>"
            yield (f"{namespace}:{name}" if namespace else name), route


@cache
def resolver_routes() -> dict[str, str]:
    found = list(walk(get_resolver().url_patterns))
    names = [name for name, _ in found]
    assert len(names) == len(set(names)), f"路由名称重复：{names}"
    return dict(found)


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


Body = Callable[[Objects], dict[str, Any]]


@dataclass(frozen=True)
class Row:
    route: str
    pk: str = ""  # which object of unit A the <pk> names: nomination, material or pending
    methods: dict[str, Cells] = field(default_factory=dict)
    body: Body = lambda objects: {}
    body_names_unit_a_object: bool = False  # the POST body, not the URL, names one

    def names_unit_a_object(self, method: str) -> bool:
        return bool(self.pk) or (method == "POST" and self.body_names_unit_a_object)


def junk_image_for_nomination(objects: Objects) -> dict[str, Any]:
    # Valid as a form, so the view looks the nomination up; not a picture, so nothing is stored.
    return {
        "requirement": "简表",
        "nomination": str(objects.nomination.pk),
        "file": SimpleUploadedFile("x.jpg", b"not a picture", content_type="image/jpeg"),
    }


MATRIX: dict[str, Row] = {
    "accounts:login": Row(
        "accounts/login/",
        methods={
            "GET": everyone(Expect(302, "portal:home"), anonymous=OK),
            # An empty form: a form error for a stranger, the portal for the signed in.
            "POST": everyone(Expect(302, "portal:home"), anonymous=OK),
        },
    ),
    "accounts:logout": Row(
        "accounts/logout/",
        methods={
            "GET": everyone(NOT_ALLOWED),
            "POST": everyone(TO_LOGIN),
        },
    ),
    "portal:home": Row(
        "portal/",
        methods={
            "GET": portal(
                Expect(302, "portal:unit"),
                # The city has no unit page: a list of its memberships instead.
                city=OK,
            ),
        },
    ),
    "portal:unit": Row("portal/<slug:slug>/", methods={"GET": portal(OK)}),
    "portal:nomination_new": Row(
        "portal/<slug:slug>/new/<str:subject>/",
        methods={"GET": portal(OK), "POST": portal(OK)},  # the empty form again, with errors
    ),
    "portal:nomination_edit": Row(
        "portal/<slug:slug>/nominations/<int:pk>/",
        pk="nomination",
        methods={"GET": unit_a_object(OK), "POST": unit_a_object(OK)},
    ),
    "portal:nomination_delete": Row(
        "portal/<slug:slug>/nominations/<int:pk>/delete/",
        pk="nomination",
        methods={
            "GET": unit_a_object(OK),
            "POST": unit_a_object(Expect(302, "portal:unit")),
        },
    ),
    "portal:reveal_id": Row(
        "portal/<slug:slug>/nominations/<int:pk>/reveal-id/",
        pk="nomination",
        methods={"GET": POST_ONLY_GET, "POST": unit_a_object(OK)},
    ),
    "portal:live_check": Row(
        "portal/<slug:slug>/live-check/<str:subject>/",
        methods={"GET": POST_ONLY_GET, "POST": unit_a_object(OK)},
        # Checking a draft of unit A's nomination is a lookup of unit A's object.
        body=lambda objects: {"nomination": str(objects.nomination.pk)},
        body_names_unit_a_object=True,
    ),
    "portal:submit": Row(
        "portal/<slug:slug>/submit/",
        methods={
            "GET": portal(OK),
            # Only an approver submits; the 2024 deadline has passed, so it is refused (200).
            "POST": portal(DENIED, approver_a=OK),
        },
    ),
    "portal:import": Row(
        "portal/<slug:slug>/import/",
        methods={"GET": portal(OK), "POST": portal(BAD)},  # no workbook attached
    ),
    "portal:import_confirm": Row(
        "portal/<slug:slug>/import/confirm/",
        methods={"GET": POST_ONLY_GET, "POST": portal(BAD)},  # a token that is not one
        body=lambda objects: {"token": "forged"},
    ),
    "portal:template": Row(
        "portal/<slug:slug>/import/template.xlsx",
        methods={"GET": portal(OK)},  # each unit's own template
    ),
    "portal:materials": Row(
        "portal/<slug:slug>/materials/",
        methods={"GET": portal(OK), "POST": unit_a_object(BAD)},
        body=junk_image_for_nomination,
        body_names_unit_a_object=True,
    ),
    "portal:material_file": Row(
        "portal/<slug:slug>/materials/<int:pk>/image.jpg",
        pk="material",
        methods={"GET": unit_a_object(OK)},
    ),
    "portal:material_delete": Row(
        "portal/<slug:slug>/materials/<int:pk>/delete/",
        pk="material",
        methods={"GET": POST_ONLY_GET, "POST": unit_a_object(Expect(302, "portal:materials"))},
    ),
    "portal:material_convert": Row(
        "portal/<slug:slug>/materials/pending/<int:pk>/convert/",
        pk="pending",
        methods={"GET": POST_ONLY_GET, "POST": unit_a_object(Expect(302, "portal:materials"))},
    ),
    "portal:material_discard": Row(
        "portal/<slug:slug>/materials/pending/<int:pk>/discard/",
        pk="pending",
        methods={"GET": POST_ONLY_GET, "POST": unit_a_object(Expect(302, "portal:materials"))},
    ),
    "public:campaign_list": Row(
        "",
        # One campaign: straight to its page.
        methods={"GET": everyone(Expect(302, "public:campaign_detail"))},
    ),
    "public:campaign_detail": Row("campaigns/<slug:slug>/", methods={"GET": everyone(OK)}),
}

CELLS = [
    pytest.param(name, method, persona, id=f"{name}-{method}-{persona}")
    for name, row in MATRIX.items()
    for method, cells in row.methods.items()
    for persona in PERSONAS
]


# ── the objects of unit A, and the people ───────────────────────────────────────────────────


@pytest.fixture
def clerk_a(campaign: Campaign) -> User:
    return make_persona(campaign, "clerk_a")


@pytest.fixture
def objects(campaign: Campaign, clerk_a: User) -> Objects:
    unit_a = Unit.objects.get(campaign=campaign, name=UNIT_A)
    fill_unit(campaign, unit_a, clerk_a)
    person = (
        Nomination.objects.filter(campaign=campaign, unit=unit_a, kind=Kind.COMPREHENSIVE)
        .exclude(cells__身份证号="")
        .order_by("seq")
        .first()
    )
    assert person is not None and campaign_spec(campaign).award(person.award).subject == "person"
    material, pending = (
        upload(
            campaign,
            unit_a,
            requirement="简表",
            nomination=person,
            data=encode(picture(), image_format),
            actor=clerk_a,
            role="clerk",
        )
        for image_format in ("JPEG", "PNG")
    )
    assert isinstance(material, Material) and isinstance(pending, PendingUpload)
    everyone_of_a = list(Nomination.objects.filter(campaign=campaign, unit=unit_a))
    numbers = {str(n.cells.get("身份证号") or "") for n in everyone_of_a}
    names = {n.display_name for n in everyone_of_a}
    return Objects(
        campaign, person, material, pending, frozenset(numbers - {""}), frozenset(names - {""})
    )


def client_of(persona: str, campaign: Campaign, clerk_a: User) -> Client:
    if persona == "anonymous":
        return Client()
    return signed_in(clerk_a if persona == "clerk_a" else make_persona(campaign, persona))


def url_of(route: str, kwargs: dict[str, Any]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m[1]]), route)


def kwargs_for(name: str, objects: Objects) -> dict[str, Any]:
    row = MATRIX[name]
    kwargs: dict[str, Any] = {"slug": objects.campaign.slug}
    if row.pk:
        kwargs["pk"] = getattr(objects, row.pk).pk
    if "<str:subject>" in resolver_routes()[name]:
        kwargs["subject"] = "person"  # the award of objects.nomination
    return kwargs


def location_of(expect: Expect, objects: Objects) -> str:
    needs_slug = "<slug:slug>" in resolver_routes()[expect.to]
    return reverse(expect.to, kwargs={"slug": objects.campaign.slug} if needs_slug else None)


def content_of(response: HttpResponseBase) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined]


# ── the summary of a run ────────────────────────────────────────────────────────────────────


@dataclass
class Tally:
    cells: dict[tuple[str, str, str], tuple[str, bool]] = field(default_factory=dict)

    def table(self) -> list[str]:
        lines = ["route method | " + " | ".join(PERSONAS)]
        for name, row in MATRIX.items():
            for method in row.methods:
                if not any((name, method, p) in self.cells for p in PERSONAS):
                    continue
                got = [self.cells.get((name, method, p), ("-", True)) for p in PERSONAS]
                marks = [f"{seen}{'' if fine else '!'}" for seen, fine in got]
                lines.append(f"{name} {method} | " + " | ".join(marks))
        return lines


TALLY = Tally()


@pytest.fixture(scope="module", autouse=True)
def summary(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if not TALLY.cells:
        return
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    unexpected = sum(1 for _, fine in TALLY.cells.values() if not fine)
    lines = TALLY.table() if request.config.get_verbosity() > 0 else []
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        for line in [*lines, f"权限矩阵：{len(TALLY.cells)} 格，意外 {unexpected} 格"]:
            reporter.write_line(line)


# ── the tests ───────────────────────────────────────────────────────────────────────────────


def test_every_route_has_a_row_and_every_row_a_route() -> None:
    routes = resolver_routes()

    missing = [f"新路由 {name} 没有写入权限矩阵" for name in routes if name not in MATRIX]
    gone = [f"权限矩阵中的路由 {name} 已不存在" for name in MATRIX if name not in routes]
    moved = [
        f"路由 {name} 已改为 {routes[name]!r}（矩阵中为 {row.route!r}）"
        for name, row in MATRIX.items()
        if name in routes and routes[name] != row.route
    ]

    problems = missing + gone + moved
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(("name", "method", "persona"), CELLS)
def test_cell(name: str, method: str, persona: str, objects: Objects, clerk_a: User) -> None:
    if name not in resolver_routes():
        pytest.fail(f"权限矩阵中的路由 {name} 已不存在")
    row = MATRIX[name]
    expect = row.methods[method][persona]
    client = client_of(persona, objects.campaign, clerk_a)
    url = url_of(resolver_routes()[name], kwargs_for(name, objects))

    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, row.body(objects))

    status, location = response.status_code, response.get("Location", "")
    body = content_of(response).decode("utf-8", errors="replace")
    problems = []
    if status != expect.status:
        problems.append(f"{method} {url} 对 {persona} 应为 {expect.status}，实为 {status}")
    if expect.to and not location.startswith(wanted := location_of(expect, objects)):
        problems.append(f"{method} {url} 对 {persona} 应转到 {wanted}，实为 {location!r}")
    if persona == "clerk_b" and row.names_unit_a_object(method) and status < 400:
        problems.append(f"{method} {url} 把郑东新区的对象给了巩义市的经办人（{status}）")
    shown = sorted(number for number in objects.id_numbers if number in body)
    revealed = [objects.nomination.cells["身份证号"]]
    if shown and not (name == "portal:reveal_id" and persona in UNIT_A_STAFF and shown == revealed):
        problems.append(f"{method} {url} 向 {persona} 显示了完整身份证号")
    if persona not in UNIT_A_STAFF and (named := sorted(n for n in objects.names if n in body)):
        problems.append(f"{method} {url} 向 {persona} 显示了郑东新区的推荐对象 {named}")
    seen = Expect(status, _route_of(location) if location else "")
    TALLY.cells[(name, method, persona)] = (str(seen), not problems)

    assert problems == [], "\n".join(problems)


def _route_of(location: str) -> str:
    """The name of the route a Location points at, for the summary table."""
    path = location.split("?")[0].split("#")[0]
    try:
        match = resolve(path)
    except Resolver404:
        return f"?:{path}"
    return f"{match.namespace}:{match.url_name}"
