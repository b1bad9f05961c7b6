"""Arrangements for 复审 tests: a unit's 复审 materials handed in, every checklist item of the
stage with a small compliant JPEG, through the same upload as a clerk's."""

from __future__ import annotations

from django.contrib.auth.models import User

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.materials.domain import checklist, upload
from pingxuan.web.materials.models import Stage
from tests.web.materials.test_images import encode, picture


def hand_in_second_materials(campaign: Campaign, unit: Unit, actor: User | None) -> None:
    image = encode(picture(), "JPEG")
    for item in checklist(campaign, unit, Stage.SECOND):
        if item.done:
            continue
        upload(
            campaign,
            unit,
            requirement=item.requirement.name,
            nomination=item.nomination,
            data=image,
            actor=actor,
            role="clerk",
            stage=Stage.SECOND,
        )
