"""The Content-Security-Policy (issue 11): every HTML answer carries it, the ones no view wrote
too (a 404, the 400 of the control-character guard); the role × URL matrix checks every route's
pages for the header and for anything inline (tests/web/test_url_matrix.py)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.csp import ContentSecurityPolicy

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def test_public_page_carries_the_policy(campaign: Campaign) -> None:
    response = Client().get(f"/campaigns/{campaign.slug}/")

    assert (response.status_code, response["Content-Security-Policy"]) == (200, POLICY)


def test_not_found_page_carries_the_policy() -> None:
    response = Client().get("/no-such-page/")

    assert (response.status_code, response["Content-Security-Policy"]) == (404, POLICY)


def test_refused_control_character_carries_the_policy(campaign: Campaign) -> None:
    response = Client().get(f"/campaigns/{campaign.slug}/", {"q": "\u202e"})

    assert (response.status_code, response["Content-Security-Policy"]) == (400, POLICY)


def test_login_page_carries_the_policy() -> None:
    response = Client().get("/accounts/login/")

    assert (response.status_code, response["Content-Security-Policy"]) == (200, POLICY)


def test_policy_only_on_html_and_never_over_a_views_own() -> None:
    request = RequestFactory().get("/")
    answers = {
        "pdf": HttpResponse(b"%PDF-1.7", content_type="application/pdf"),
        "own": HttpResponse(headers={"Content-Security-Policy": "default-src 'none'"}),
        "html": HttpResponse("<p>页</p>"),
    }

    policies = {
        kind: ContentSecurityPolicy(lambda _request, a=answer: a)(request).get(
            "Content-Security-Policy"
        )
        for kind, answer in answers.items()
    }

    assert policies == {"pdf": None, "own": "default-src 'none'", "html": POLICY}
