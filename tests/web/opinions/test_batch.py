"""Signed opinion sheets many at once (issue 14, 1): matched by name to a nominee and a required
department, recorded as 同意 one by one through ``answer``; a wrong name is explained, never
stored, and never stops the others."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.materials.batch import REFUSED, STORED, Incoming
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.opinions.batch import batch_agree
from pingxuan.web.opinions.domain import required_for
from pingxuan.web.opinions.models import Opinion, OpinionState
from tests.web.materials.test_images import encode, picture
from tests.web.opinions.helpers import filled_unit, pass_unit
from tests.web.personas import make_persona, signed_in

pytestmark = pytest.mark.django_db

JPEG = encode(picture((600, 850)), "JPEG")


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


@pytest.fixture
def passed(campaign: Campaign, reviewer: User) -> list[Nomination]:
    unit = filled_unit(campaign, make_persona(campaign, "clerk_a"))
    return pass_unit(campaign, unit, reviewer)


def test_each_sheet_is_recorded_as_agreed_or_explained(
    campaign: Campaign, passed: list[Nomination], reviewer: User, media: object
) -> None:
    person = max(passed, key=lambda n: len(required_for(n)))
    needed = required_for(person)
    assert len(needed) >= 3
    files = [
        Incoming(f"{person.display_name}-{needed[0]}.jpg", JPEG),
        Incoming(f"{person.unit.name}-{person.display_name}-{needed[1]}.jpg", JPEG),
        Incoming(f"{person.display_name}-不存在的部门.jpg", JPEG),
        Incoming("无名.jpg", JPEG),
        Incoming(f"{person.display_name}-{needed[2]}.jpg", b"not a picture"),
    ]

    outcomes = batch_agree(campaign, files, actor=reviewer, role="reviewer")

    assert [o.outcome for o in outcomes] == [STORED, STORED, REFUSED, REFUSED, REFUSED]
    assert "需要的有" in outcomes[2].message and needed[0] in outcomes[2].message
    assert "推荐对象-部门" in outcomes[3].message
    agreed = Opinion.objects.filter(nomination=person, state=OpinionState.AGREED)
    assert sorted(agreed.values_list("department", flat=True)) == sorted(needed[:2])


def test_the_office_page_takes_a_folder(
    campaign: Campaign, passed: list[Nomination], reviewer: User, media: object
) -> None:
    person = next(n for n in passed if n.subject == "person")
    department = required_for(person)[0]
    client = signed_in(reviewer)
    url = reverse("office:opinions_batch", kwargs={"slug": campaign.slug})
    file = io.BytesIO(JPEG)
    file.name = f"{person.display_name}-{department}.jpg"

    sent = client.post(url, {"files": [file]})
    shown = client.get(url).content.decode()

    assert sent.status_code == 302
    assert "已登记为同意" in shown and department in shown
    assert Opinion.objects.get(nomination=person, department=department).state == "agreed"
    board = client.get(reverse("office:opinions", kwargs={"slug": campaign.slug}))
    assert "批量登记同意意见" in board.content.decode()
