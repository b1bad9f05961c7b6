"""中牟县's own round names its own federation (issue 15): a unit of the county round is told to
ask 县总工会, never 市总工会, on its unit page, when a change is refused, on its materials page
and on the 推荐审批表's last box."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.documents.domain.sheets import APPROVAL, Box, nomination_sheet
from pingxuan.web.nominations.domain.edit import NominationInput, NominationRefused, save_nomination
from pingxuan.web.nominations.enums import SubmissionState
from pingxuan.web.nominations.models import Submission
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import signed_in
from tests.web.rounds.conftest import MEDAL

pytestmark = pytest.mark.django_db


def hand_in(county: Campaign, town: Unit) -> None:
    Submission.objects.create(
        campaign=county, unit=town, state=SubmissionState.SUBMITTED, submitted_at=timezone.now()
    )


def test_a_submitted_county_unit_page_says_ask_the_county_federation(
    county: Campaign, town: Unit, town_clerk: User
) -> None:
    hand_in(county, town)

    page = signed_in(town_clerk).get(f"/portal/{county.slug}/").content.decode()

    assert "数据只读，如需修改请联系县总工会退回。" in page
    assert "市总工会" not in page


def test_a_returned_county_unit_page_says_the_county_federation_returned_it(
    county: Campaign, town: Unit, town_clerk: User
) -> None:
    Submission.objects.create(
        campaign=county, unit=town, state=SubmissionState.RETURNED, return_note="补充职代会决议"
    )

    page = signed_in(town_clerk).get(f"/portal/{county.slug}/").content.decode()

    assert "县总工会已退回：补充职代会决议" in page
    assert "市总工会" not in page


def test_a_change_to_a_submitted_county_unit_is_refused_naming_the_county_federation(
    county: Campaign, town: Unit, town_clerk: User
) -> None:
    hand_in(county, town)

    with pytest.raises(NominationRefused) as refusal:
        save_nomination(county, town, NominationInput(award=MEDAL), actor=town_clerk, role="clerk")

    assert str(refusal.value) == "本单位已报送初审，数据只读；如需修改，请联系县总工会退回。"


def test_a_submitted_county_unit_materials_page_says_ask_the_county_federation(
    county: Campaign, town: Unit, town_clerk: User
) -> None:
    hand_in(county, town)

    page = signed_in(town_clerk).get(f"/portal/{county.slug}/materials/").content.decode()

    assert "本单位已报送初审，材料只读；如需修改，请联系县总工会退回。" in page
    assert "市总工会" not in page


def test_the_county_approval_form_has_the_county_federation_box(
    county: Campaign, town: Unit, town_clerk: User
) -> None:
    fill_unit(county, town, town_clerk)

    sheet = nomination_sheet(town.nominations.filter(award=MEDAL).first(), APPROVAL)

    assert sheet.boxes[-1] == Box("县总工会意见", "中牟县总工会（盖章）")
