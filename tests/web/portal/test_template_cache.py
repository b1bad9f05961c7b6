"""The unit's exchange template is written once per unit and spec and then served from memory
(writing one costs ~80 ms of CPU); every download is still audited, and a changed spec or
another unit gets its own."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.auth.models import User

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.nominations.domain.importing import unit_template
from tests.web.helpers import EditedSpec
from tests.web.personas import UNIT_A, UNIT_B

pytestmark = pytest.mark.django_db


def choices(data: bytes, word: str) -> bool:
    """Whether ``word`` is one of the template's drop-down choices."""
    lists = openpyxl.load_workbook(io.BytesIO(data))["选项"]
    return any(cell.value == word for row in lists.iter_rows() for cell in row)


def unit_choice(data: bytes) -> str:
    return str(openpyxl.load_workbook(io.BytesIO(data))["推荐单位情况"]["A2"].value)


def test_second_download_is_the_same_workbook_and_audited_again(campaign: Campaign) -> None:
    clerk = User.objects.create_user("clerk")
    unit_a = campaign.units.get(name=UNIT_A)
    unit_b = campaign.units.get(name=UNIT_B)

    first = unit_template(campaign, unit_a, actor=clerk, role="clerk")
    second = unit_template(campaign, unit_a, actor=clerk, role="clerk")
    other = unit_template(campaign, unit_b, actor=clerk, role="clerk")

    assert second == first
    assert (unit_choice(first), unit_choice(other)) == (UNIT_A, UNIT_B)
    assert AuditEvent.objects.filter(action="export.template", unit_name=UNIT_A).count() == 2


def test_changed_spec_writes_a_new_template(campaign: Campaign, edited_spec: EditedSpec) -> None:
    clerk = User.objects.create_user("clerk")
    unit = campaign.units.get(name=UNIT_A)
    before = unit_template(campaign, unit, actor=clerk, role="clerk")

    changed = load_campaign_file(edited_spec(('"网格员", ', '"网格员", "快递员", ')))
    after = unit_template(changed, changed.units.get(name=UNIT_A), actor=clerk, role="clerk")

    assert changed.pk == campaign.pk
    assert (choices(before, "快递员"), choices(after, "快递员")) == (False, True)
