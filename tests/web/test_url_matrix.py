"""The role × URL matrix: every route of the project, tried by every persona, answers as the table
below says. The routes are read from the resolver, so a route added without a row fails here.

The objects in the URLs belong to unit A (郑东新区); clerk_b (巩义市) must never see one of them,
and no page shows unit A's full ID numbers outside the audited reveal to unit A's own people.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpResponseBase
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.views.static import serve

from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.csp import policy_of
from pingxuan.web.materials.domain import upload
from pingxuan.web.materials.models import Material, PendingUpload
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.nominations.models import Nomination
from tests.web.materials.test_images import encode, picture
from tests.web.matrix import AREAS
from tests.web.matrix.common import PERSONAS, UNIT_A_STAFF, Expect, Objects, Row
from tests.web.matrix.rounds import ROUND_AWARD
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, make_persona, signed_in

pytestmark = pytest.mark.django_db


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


# ── the rows, area by area ──────────────────────────────────────────────────────────────────

MODULES = [importlib.import_module(f"tests.web.matrix.{area}") for area in AREAS]
MATRIX: dict[str, Row] = {}
for module in MODULES:
    MATRIX.update(module.ROWS)
BUILDERS: list[Callable[[Objects], dict[str, Any]]] = [
    module.build for module in MODULES if hasattr(module, "build")
]


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
    objects = Objects(
        campaign, person, material, pending, frozenset(numbers - {""}), frozenset(names - {""})
    )
    for build in BUILDERS:
        objects.extra.update(build(objects))
    return objects


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
        kwargs["pk"] = objects.named(row.pk).pk
    if "<str:subject>" in resolver_routes()[name]:
        kwargs["subject"] = "person"  # the award of objects.nomination
    if "<str:kind>" in resolver_routes()[name]:
        kwargs["kind"] = "report"  # a procedure document: it names the unit's nominees
    if "<str:award>" in resolver_routes()[name]:
        kwargs["kind"] = "tally"  # a round document: unit A's recorded 差额 vote
        kwargs["award"] = ROUND_AWARD
    return kwargs


def location_of(expect: Expect, objects: Objects) -> str:
    route = resolver_routes()[expect.to]
    if "<int:pk>" in route:  # an object made by the request (a job): its route's fixed part
        return "/" + route.split("<", 1)[0]
    needs_slug = "<slug:slug>" in route
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
    # A public page (a published notice) shows unit A's object to everyone, clerk_b included.
    public = "clerk_b" in row.shows_names_to
    if persona == "clerk_b" and row.names_unit_a_object(method) and status < 400 and not public:
        problems.append(f"{method} {url} 把郑东新区的对象给了巩义市的经办人（{status}）")
    shown = sorted(number for number in objects.id_numbers if number in body)
    revealed = [objects.nomination.cells["身份证号"]]
    if shown and not (name == "portal:reveal_id" and persona in UNIT_A_STAFF and shown == revealed):
        problems.append(f"{method} {url} 向 {persona} 显示了完整身份证号")
    may_see = UNIT_A_STAFF | row.shows_names_to
    if persona not in may_see and (named := sorted(n for n in objects.names if n in body)):
        problems.append(f"{method} {url} 向 {persona} 显示了郑东新区的推荐对象 {named}")
    if response.get("Content-Type", "").startswith("text/html"):
        problems += csp_problems(f"{method} {url}", response, body)
    seen = Expect(status, _route_of(location) if location else "")
    TALLY.cells[(name, method, persona)] = (str(seen), not problems)

    assert problems == [], "\n".join(problems)


# What the Content-Security-Policy would block: an inline script, a style or on* attribute.
INLINE = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<[a-z][^>]*\s(?:style|on[a-z]+)=", re.IGNORECASE)


def csp_problems(what: str, response: HttpResponseBase, body: str) -> list[str]:
    """An HTML answer carries the policy of settings.SECURE_CSP and nothing it would block."""
    problems = []
    if response.get("Content-Security-Policy") != policy_of(settings.SECURE_CSP):
        problems.append(f"{what} 缺少 Content-Security-Policy")
    problems += [f"{what} 含内联代码 {found[:60]!r}" for found in INLINE.findall(body)]
    return problems


def _route_of(location: str) -> str:
    """The name of the route a Location points at, for the summary table."""
    path = location.split("?")[0].split("#")[0]
    try:
        match = resolve(path)
    except Resolver404:
        return f"?:{path}"
    return f"{match.namespace}:{match.url_name}"
