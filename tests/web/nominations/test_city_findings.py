"""Findings the engine makes only over the whole campaign (issue 10, 4.): a duplicate ID number
within a unit or across units is shown, in the engine's words, on the unit page, the submit page,
the office overview and the 初审 page, and it blocks submission like any error."""

from __future__ import annotations

import html

import pytest
from django.contrib.auth.models import User

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.compliance import unit_compliance
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.nominations.models import Nomination
from tests.web.nominations.helpers import fill_unit
from tests.web.notices.helpers import set_cell
from tests.web.personas import UNIT_A, UNIT_B, make_persona, signed_in

pytestmark = pytest.mark.django_db

MEDAL = "五一劳动奖章"


def medals(campaign: Campaign, unit: Unit) -> list[Nomination]:
    return list(
        Nomination.objects.filter(
            campaign=campaign, unit=unit, award=MEDAL, kind=Kind.COMPREHENSIVE
        ).order_by("seq")
    )


def duplicate_message(campaign: Campaign, unit: Unit) -> str:
    found = [f for f in unit_compliance(campaign, unit).errors if f.rule == "identity.duplicate"]
    assert len(found) == 1
    return found[0].message


def pages(campaign: Campaign, unit: Unit) -> dict[str, str]:
    slug = campaign.slug
    clerk = signed_in(User.objects.get(username="clerk_a" if unit.name == UNIT_A else "clerk_b"))
    office = signed_in(User.objects.get(username="reviewer"))
    return {
        "unit": clerk.get(f"/portal/{slug}/").content.decode(),
        "submit": clerk.get(f"/portal/{slug}/submit/").content.decode(),
        "overview": office.get(f"/office/{slug}/").content.decode(),
        "review": office.get(f"/office/{slug}/review/units/{unit.pk}/").content.decode(),
    }


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    make_persona(campaign, "reviewer")
    unit = Unit.objects.get(campaign=campaign, name=UNIT_A)
    fill_unit(campaign, unit, make_persona(campaign, "clerk_a"))
    return unit


def test_duplicate_within_a_unit_is_on_every_page(campaign: Campaign, unit_a: Unit) -> None:
    first, second, *_ = medals(campaign, unit_a)
    set_cell(second, "身份证号", str(first.cells["身份证号"]))

    message = html.escape(duplicate_message(campaign, unit_a))
    shown = {name: message in page for name, page in pages(campaign, unit_a).items()}

    assert "同一人（身份证号相同）被重复推荐2次" in message
    assert shown == {"unit": True, "submit": True, "overview": True, "review": True}


def test_duplicate_across_units_is_on_both_units_pages_without_the_other_unit(
    campaign: Campaign, unit_a: Unit
) -> None:
    unit_b = Unit.objects.get(campaign=campaign, name=UNIT_B)
    fill_unit(campaign, unit_b, make_persona(campaign, "clerk_b"), seed=7)
    theirs = medals(campaign, unit_b)[0]
    mine = medals(campaign, unit_a)[0]
    set_cell(theirs, "身份证号", str(mine.cells["身份证号"]))

    message = duplicate_message(campaign, unit_a)

    assert duplicate_message(campaign, unit_b) == message
    told = "该身份证号已被其他推荐单位推荐，请与主办方核实"
    for unit, other, their_nominee in ((unit_a, UNIT_B, theirs), (unit_b, UNIT_A, mine)):
        seen = pages(campaign, unit)
        # The unit is told, in words that name neither the other unit nor its nominee.
        assert {name: told in page for name, page in seen.items()} == {
            "unit": True,
            "submit": True,
            "overview": False,
            "review": False,
        }
        for name in ("unit", "submit"):
            assert html.escape(message) not in seen[name]
            assert f"{other}：" not in seen[name]
            assert their_nominee.display_name not in seen[name]
        # The organiser's office reads the whole finding.
        assert html.escape(message) in seen["overview"]
        assert html.escape(message) in seen["review"]


def test_duplicate_blocks_submission(campaign: Campaign, unit_a: Unit) -> None:
    first, second, *_ = medals(campaign, unit_a)
    set_cell(second, "身份证号", str(first.cells["身份证号"]))

    errors = unit_compliance(campaign, unit_a).errors

    assert "identity.duplicate" in [f.rule for f in errors]
