"""The office's opinion pages: the matrix, the bulk "asked", answering with the sheet upload."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.opinions.domain import missing_opinions, required_for
from pingxuan.web.opinions.domain.changes import request_opinions
from pingxuan.web.opinions.models import Opinion, OpinionState
from tests.web.materials.test_images import encode, picture
from tests.web.opinions.helpers import filled_unit, pass_unit
from tests.web.personas import make_persona, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


@pytest.fixture
def passed(campaign: Campaign, reviewer: User) -> list[Nomination]:
    unit = filled_unit(campaign, make_persona(campaign, "clerk_a"))
    return pass_unit(campaign, unit, reviewer)


@pytest.fixture
def client(reviewer: User) -> Client:
    return signed_in(reviewer)


def upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("意见表.jpg", encode(picture(), "JPEG"), content_type="image/jpeg")


def test_list_shows_passed_nominations_with_outstanding_counts(
    campaign: Campaign, passed: list[Nomination], client: Client
) -> None:
    response = client.get(reverse("office:opinions", kwargs={"slug": campaign.slug}))

    assert response.status_code == 200
    board = response.context["board"]
    assert [r.nomination.pk for r in board.rows] == [
        n.pk for n in sorted(passed, key=lambda n: (n.award, n.seq))
    ]
    assert board.unrequested["公安"] == len(passed)  # everybody needs 公安


def test_list_filtered_by_department(
    campaign: Campaign, passed: list[Nomination], client: Client
) -> None:
    url = reverse("office:opinions", kwargs={"slug": campaign.slug})
    rows = client.get(url, {"department": "税务"}).context["board"].rows

    assert {r.nomination.pk for r in rows} == {n.pk for n in passed if "税务" in required_for(n)}


def test_bulk_mark_requested(campaign: Campaign, passed: list[Nomination], client: Client) -> None:
    url = reverse("office:opinions", kwargs={"slug": campaign.slug})
    response = client.post(url, {"department": "公安"})

    assert response.status_code == 302
    assert Opinion.objects.filter(department="公安", state=OpinionState.REQUESTED).count() == len(
        passed
    )


def test_answer_with_sheet_is_recorded(
    campaign: Campaign, passed: list[Nomination], client: Client
) -> None:
    team = next(n for n in passed if n.award == "工人先锋号")
    url = reverse("office:opinion", kwargs={"slug": campaign.slug, "pk": team.pk})

    response = client.post(
        url, {"action": "answer", "department": "公安", "state": "agreed", "sheet": upload()}
    )

    assert response.status_code == 302
    assert missing_opinions(team) == []
    page = client.get(url)
    assert "所需部门意见已齐" in page.content.decode()
    opinion = Opinion.objects.get(nomination=team)
    sheet = client.get(
        reverse("office:opinion_sheet_file", kwargs={"slug": campaign.slug, "pk": opinion.pk})
    )
    assert sheet["Content-Type"] == "image/jpeg"
    assert sheet["X-Content-Type-Options"] == "nosniff"
    assert b"".join(sheet.streaming_content)[:3] == b"\xff\xd8\xff"  # closes the file too


def test_answer_without_sheet_is_refused_and_keeps_the_note(
    campaign: Campaign, passed: list[Nomination], client: Client
) -> None:
    team = next(n for n in passed if n.award == "工人先锋号")
    url = reverse("office:opinion", kwargs={"slug": campaign.slug, "pk": team.pk})

    response = client.post(
        url, {"action": "answer", "department": "公安", "state": "objected", "note": "有记录"}
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "请上传部门签署的意见表" in body
    assert "有记录" in body
    assert not Opinion.objects.exists()


def test_objection_is_shown_prominently(
    campaign: Campaign, passed: list[Nomination], client: Client
) -> None:
    team = next(n for n in passed if n.award == "工人先锋号")
    url = reverse("office:opinion", kwargs={"slug": campaign.slug, "pk": team.pk})
    client.post(
        url,
        {
            "action": "answer",
            "department": "公安",
            "state": "objected",
            "note": "班组长有违法记录",
            "sheet": upload(),
        },
    )

    body = client.get(url).content.decode()
    assert 'class="objection" role="alert"' in body
    assert "班组长有违法记录" in body


def test_list_queries_do_not_grow_with_opinions(
    campaign: Campaign, passed: list[Nomination], client: Client, reviewer: User
) -> None:
    url = reverse("office:opinions", kwargs={"slug": campaign.slug})
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for department in ("公安", "税务", "市场监管"):
        request_opinions(passed, department, actor=reviewer, role="reviewer")
    with CaptureQueriesContext(connection) as after:
        client.get(url)

    assert len(after) == len(before)
    assert len(before) < 20  # not one query per nomination
