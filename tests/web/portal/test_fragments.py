"""The cached fragments of the unit page, the office overview and the 初审 list
(``pingxuan.web.fragments``): a warm fragment is exactly what the uncached path renders, it never
reaches another unit or role, nothing per request is in it, and every write that changes what the
page shows shows at once."""

from __future__ import annotations

import pickle
import re

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.cache import caches
from django.template.loader import render_to_string
from django.test import Client

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.fragments import CACHE, fragment_key
from pingxuan.web.nominations.domain.compliance import finding_key, unit_compliance
from pingxuan.web.nominations.domain.edit import NominationInput, save_nomination
from pingxuan.web.nominations.domain.submit import return_unit, submit_unit
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.portal.unit_page import BODY_TEMPLATE
from tests.web.nominations.helpers import BEFORE_DEADLINE, fill_unit
from tests.web.portal.form_data import person_row

pytestmark = pytest.mark.django_db

SLUG = "zhengzhou-2024"
PAGE = f"/portal/{SLUG}/"
OVERVIEW = f"/office/{SLUG}/"
REVIEW = f"/office/{SLUG}/review/"
PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+')


@pytest.fixture(autouse=True)
def cold() -> None:
    caches[CACHE].clear()


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return campaign.units.get(name="郑东新区")


@pytest.fixture
def unit_b(campaign: Campaign) -> Unit:
    return campaign.units.get(name="巩义市")


def html(client: Client, url: str = PAGE) -> str:
    response = client.get(url)
    assert response.status_code == 200
    # The CSRF token and the CSP nonce change with every request, outside the fragments.
    return PER_REQUEST.sub(r"\1…", response.content.decode())


def cached() -> list[str]:
    """The fragments the cache holds (the local-memory backend keeps them pickled)."""
    store = caches[CACHE]._cache  # type: ignore[attr-defined]
    return [pickle.loads(value) for value in store.values()]


def body_of(response_html: str) -> str:
    start = response_html.index('<nav class="toc"')
    return response_html[start : response_html.index("</main>")]


def test_warm_unit_page_is_the_cold_one(
    campaign: Campaign, unit_a: Unit, clerk_a: User, client_clerk_a: Client
) -> None:
    fill_unit(campaign, unit_a, clerk_a)

    cold_page = html(client_clerk_a)
    assert len(cached()) == 1
    warm_page = html(client_clerk_a)

    assert warm_page == cold_page
    assert len(cached()) == 1  # served from the cache, not rendered a second time


def test_fragment_is_what_the_template_renders_from_the_page(
    campaign: Campaign, unit_a: Unit, clerk_a: User, client_clerk_a: Client
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    response = client_clerk_a.get(PAGE)

    uncached = render_to_string(BODY_TEMPLATE, {"v": response.context["page"].body})

    assert cached() == [uncached]
    assert uncached in response.content.decode()


def test_nothing_per_request_is_in_a_fragment(
    campaign: Campaign, unit_a: Unit, clerk_a: User, client_clerk_a: Client
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    nomination = Nomination.objects.filter(unit=unit_a, kind=Kind.COMPREHENSIVE).first()
    assert nomination is not None
    # A save leaves a message for the next page: it is on the page, not in the fragment.
    client_clerk_a.get(f"/portal/{SLUG}/nominations/{nomination.pk}/")
    token = client_clerk_a.cookies["csrftoken"].value

    page = client_clerk_a.get(PAGE).content.decode()

    [fragment] = cached()
    assert "csrf" not in fragment.lower()
    assert token not in fragment
    assert "nonce" not in fragment
    assert "clerk_a" not in fragment  # the signed-in user's name is in the page's header only
    assert "clerk_a" in page


def test_unit_never_gets_another_units_fragment(
    campaign: Campaign,
    unit_a: Unit,
    unit_b: Unit,
    clerk_a: User,
    client_clerk_a: Client,
    client_clerk_b: Client,
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    names_a = list(Nomination.objects.filter(unit=unit_a).values_list("cells__姓名", flat=True))
    names_a = [name for name in names_a if name]
    assert names_a

    html(client_clerk_a)
    page_b = html(client_clerk_b)

    assert len(cached()) == 2
    assert "巩义市" in page_b
    for name in names_a:
        assert name not in body_of(page_b)


def test_equal_bodies_of_two_units_or_two_roles_are_kept_apart(
    campaign: Campaign,
    unit_a: Unit,
    client_clerk_a: Client,
    client_approver_a: Client,
) -> None:
    page = client_clerk_a.get(PAGE).context["page"]

    # The same value under another unit or another role is another entry.
    keys = {
        fragment_key(BODY_TEMPLATE, page.body, scope=(unit_a.pk, "clerk")),
        fragment_key(BODY_TEMPLATE, page.body, scope=(unit_a.pk, "approver")),
        fragment_key(BODY_TEMPLATE, page.body, scope=(unit_a.pk + 1, "clerk")),
    }
    assert len(keys) == 3
    approver_page = html(client_approver_a)
    assert len(cached()) == 2
    assert body_of(approver_page) == body_of(html(client_clerk_a))


def test_a_save_shows_at_once(
    campaign: Campaign, unit_a: Unit, clerk_a: User, client_clerk_a: Client
) -> None:
    row = person_row(campaign, "郑东新区")
    saved = save_nomination(
        campaign, unit_a, NominationInput("五一劳动奖章", cells=row), actor=clerk_a, role="clerk"
    )
    before = html(client_clerk_a)
    assert row["姓名"] in before

    renamed = {**row, "姓名": "王建国"}
    save_nomination(
        campaign,
        unit_a,
        NominationInput("五一劳动奖章", cells=renamed),
        actor=clerk_a,
        role="clerk",
        nomination=saved,
    )
    after = html(client_clerk_a)

    assert "王建国" in after
    assert f"1. {row['姓名']}<" not in after
    caches[CACHE].clear()
    assert html(client_clerk_a) == after  # the cold page after the save


def test_submit_and_return_show_at_once(
    campaign: Campaign,
    unit_a: Unit,
    clerk_a: User,
    reviewer: User,
    client_clerk_a: Client,
    client_reviewer: Client,
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    editable_page = html(client_clerk_a)
    editable_review = html(client_reviewer, REVIEW)
    assert "/delete/" in editable_page

    explanations = {finding_key(f): "说明" for f in unit_compliance(campaign, unit_a).warnings}
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        submit_unit(campaign, unit_a, explanations=explanations, actor=clerk_a, role="approver")
        submitted_page = html(client_clerk_a)
        submitted_review = html(client_reviewer, REVIEW)
        return_unit(campaign, unit_a, note="请补充", actor=reviewer, role="reviewer")
        returned_page = html(client_clerk_a)

    assert "/delete/" not in submitted_page
    assert "添加五一劳动奖章推荐对象" not in submitted_page
    assert submitted_review != editable_review
    assert "/delete/" in returned_page
    assert body_of(returned_page) == body_of(editable_page)


def test_warm_office_pages_are_the_cold_ones_and_follow_a_save(
    campaign: Campaign,
    unit_a: Unit,
    clerk_a: User,
    client_reviewer: Client,
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    cold_overview, cold_review = html(client_reviewer, OVERVIEW), html(client_reviewer, REVIEW)
    assert len(cached()) == 2

    assert html(client_reviewer, OVERVIEW) == cold_overview
    assert html(client_reviewer, REVIEW) == cold_review
    assert len(cached()) == 2

    # One more nomination of 郑东新区: its count in the 初审 list and the overview's table move.
    row = person_row(campaign, "郑东新区", seed=11)
    save_nomination(
        campaign,
        unit_a,
        NominationInput("五一劳动奖章", cells=row, kind=Kind.SPECIAL),
        actor=clerk_a,
        role="clerk",
    )
    overview, review = html(client_reviewer, OVERVIEW), html(client_reviewer, REVIEW)
    assert review != cold_review
    caches[CACHE].clear()
    assert html(client_reviewer, OVERVIEW) == overview
    assert html(client_reviewer, REVIEW) == review
