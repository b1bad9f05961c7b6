"""Arrangements for 复审 tests: a unit's notices published in the procedure's order and its
复审 materials handed in (every checklist item of the stage with a small compliant JPEG, through
the same upload as a clerk's)."""

from __future__ import annotations

from django.contrib.auth.models import User

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.materials.domain import checklist, upload
from pingxuan.web.materials.models import Stage
from tests.web.materials.test_images import encode, picture
from tests.web.notices.helpers import publish_in_order


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


def ready_for_second_review(campaign: Campaign, unit: Unit, reviewer: User | None) -> None:
    """A unit whose every nomination passed 初审: its notices published unit → county → city
    (the periods of ``PERIODS``) and its 复审 materials handed in. Release its 复审 results
    from ``AFTER_NOTICES`` on."""
    publish_in_order(campaign, unit, reviewer)
    hand_in_second_materials(campaign, unit, reviewer)
