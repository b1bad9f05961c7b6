"""Odd text in a request (issue 11, 4.): numbers are ASCII digits only and short, and a NUL byte
or a bidi control in any path, query or form value is answered 400 in Chinese, never 500. On
PostgreSQL a NUL byte reaching a query would be a 500: the suite runs on both."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.inputs import ascii_int
from tests.web.personas import make_persona, signed_in

pytestmark = pytest.mark.django_db

ODD = ["²", "٣", "١٢", "0x10", "-1", " 7 ", "9" * 5000, "1e3", "", "Ⅻ", "७"]
CONTROLS = ["\x00", "\u202e", "\u202d", "\u2066", "\u2069"]


def test_ascii_int_takes_ascii_digits_only() -> None:
    assert [ascii_int(text) for text in ODD] == [
        None,
        None,
        None,
        None,
        None,
        7,
        None,
        None,
        None,
        None,
        None,
    ]
    assert (ascii_int("123456789"), ascii_int("1234567890")) == (123456789, None)


@pytest.fixture
def people(campaign: Campaign) -> dict[str, Client]:
    return {
        "clerk": signed_in(make_persona(campaign, "clerk_a")),
        "reviewer": signed_in(make_persona(campaign, "reviewer")),
    }


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.one_of(st.sampled_from(ODD), st.text(max_size=30)))
def test_odd_numbers_never_give_a_500(
    campaign: Campaign, people: dict[str, Client], text: str
) -> None:
    slug = campaign.slug
    reviewer, clerk = people["reviewer"], people["clerk"]
    answers = [
        reviewer.get(f"/office/{slug}/opinions/", {"unit": text}).status_code,
        reviewer.get(f"/office/{slug}/complaints/", {"q": text, "state": text}).status_code,
        reviewer.post(f"/office/{slug}/review/release/", {"decision": [text]}).status_code,
        clerk.post(f"/portal/{slug}/submit/", {"initial:五一劳动奖章": text}).status_code,
        clerk.post(f"/portal/{slug}/live-check/person/", {"nomination": text}).status_code,
        Client().get(f"/campaigns/{slug}/notices/", {"page": text}).status_code,
    ]
    assert 500 not in answers, answers


@pytest.mark.parametrize("control", CONTROLS)
def test_control_characters_are_refused_in_chinese(
    campaign: Campaign, people: dict[str, Client], control: str
) -> None:
    slug = campaign.slug
    answers = [
        people["reviewer"].get(f"/office/{slug}/complaints/1/", {"q": f"张{control}三"}),
        people["clerk"].post(f"/portal/{slug}/submit/", {"explanation": f"已核实{control}"}),
        Client().post(f"/campaigns/{slug}/complaints/new/", {"name": f"王{control}"}),
    ]

    assert [a.status_code for a in answers] == [400, 400, 400]
    assert all("不允许的控制字符" in a.content.decode() for a in answers)
