"""Arbitrary text in the busy URLs' parameters (issue 11, 4.): the submit page's initial counts,
the live check, the opinions board, the complaints register and search, the import page and its
confirmation, the public notice pages, the nomination form's own fields. NUL bytes, bidi
controls, superscript and other non-ASCII digits, 5,000-digit numbers and strings of tens of
thousands of characters never give a 5xx. tests/web runs on SQLite and on PostgreSQL, where a
NUL byte reaching a query, or a number past bigint, would be a 500."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.notices.domain.notices import create_notice
from tests.web.complaints.helpers import a_complaint
from tests.web.matrix.common import published_as_arranged
from tests.web.nominations.helpers import fill_unit
from tests.web.notices.helpers import notice_input
from tests.web.personas import UNIT_A, make_persona, signed_in

pytestmark = pytest.mark.django_db

ODD = [
    "²",
    "¹²³",
    "٣",
    "७",
    "Ⅻ",
    "-1",
    "0x10",
    "1e3",
    " 7 ",
    "9" * 5000,
    "9" * 20,  # past bigint
    "\x00",
    "1\x00",
    "\u202e张三",
    "\u2066",
    "\u200b",
    "%00",
    "../../etc/passwd",
    "<script>",
    "=1+1",
    "",
]
HOSTILE = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=40),
    st.builds(lambda piece, n: piece * n, st.text(min_size=1, max_size=3), st.integers(1, 20_000)),
)


@dataclass
class World:
    slug: str
    clerk: Client
    approver: Client
    reviewer: Client
    nomination: int
    complaint: int
    notice: int


@pytest.fixture
def world(campaign: Campaign) -> World:
    clerk = make_persona(campaign, "clerk_a")
    reviewer = make_persona(campaign, "reviewer")
    unit = Unit.objects.get(campaign=campaign, name=UNIT_A)
    fill_unit(campaign, unit, clerk)
    notice = create_notice(campaign, notice_input(unit, level="unit"), actor=reviewer, role="r")
    first = unit.nominations.order_by("seq").first()
    assert first is not None
    return World(
        campaign.slug,
        signed_in(clerk),
        signed_in(make_persona(campaign, "approver_a")),
        signed_in(reviewer),
        first.pk,
        a_complaint(campaign).pk,
        published_as_arranged(notice).pk,
    )


def answers(world: World, text: str) -> dict[str, int]:
    """Each busy URL with ``text`` in its parameters: what it answered."""
    slug, clerk, office = world.slug, world.clerk, world.reviewer
    portal, segment = f"/portal/{slug}", quote(text, safe="") or "x"
    return {
        "submit initial": world.approver.post(
            f"{portal}/submit/", {"initial_counts": "1", "initial:五一劳动奖章": text}
        ).status_code,
        "submit explanation": world.approver.post(f"{portal}/submit/", {text: text}).status_code,
        "live check": clerk.post(
            f"{portal}/live-check/person/", {"nomination": text, "姓名": text, "简要事迹": text}
        ).status_code,
        "live check subject": clerk.post(f"{portal}/live-check/{segment}/").status_code,
        "new form": clerk.get(f"{portal}/new/person/", {"kind": text, "leader": text}).status_code,
        "edit form": clerk.post(
            f"{portal}/nominations/{world.nomination}/", {"姓名": text, "kind": text}
        ).status_code,
        "import page": clerk.get(f"{portal}/import/", {"progress": text}).status_code,
        "import upload": clerk.post(f"{portal}/import/", {"file": text}).status_code,
        "opinions": office.get(
            f"/office/{slug}/opinions/", {"unit": text, "department": text}
        ).status_code,
        "opinions mark": office.post(
            f"/office/{slug}/opinions/", {"unit": text, "department": text}
        ).status_code,
        "complaints": office.get(
            f"/office/{slug}/complaints/", {"q": text, "state": text, "outcome": text}
        ).status_code,
        "complaint search": office.get(
            f"/office/{slug}/complaints/{world.complaint}/", {"q": text}
        ).status_code,
        "complaint link": office.post(
            f"/office/{slug}/complaints/{world.complaint}/",
            {"action": "link", "nomination": text},
        ).status_code,
        "review filter": office.get(f"/office/{slug}/review/", {"show": text}).status_code,
        "notice checker": office.get(f"/office/{slug}/notices/", {"start": text}).status_code,
        "public notices": Client()
        .get(f"/campaigns/{slug}/notices/", {"page": text, "q": text})
        .status_code,
        "public notice": Client()
        .get(f"/campaigns/{slug}/notices/{world.notice}/", {"page": text, "sort": text})
        .status_code,
        "public complaint": Client()
        .post(f"/campaigns/{slug}/complaints/new/", {"kind": text, "content": text})
        .status_code,
    }


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=HOSTILE)
def test_hostile_text_in_busy_parameters_never_gives_a_5xx(world: World, text: str) -> None:
    answered = answers(world, text)

    assert {name: code for name, code in answered.items() if code >= 500} == {}


def test_the_odd_values_themselves_never_give_a_5xx(world: World) -> None:
    """Every listed odd value, not left to the draw."""
    failures = {
        (text[:20], name): code
        for text in ODD
        for name, code in answers(world, text).items()
        if code >= 500
    }

    assert failures == {}
