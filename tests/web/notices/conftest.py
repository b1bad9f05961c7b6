"""Fixtures of the notices tests: the reviewer, and 巩义市 passed by 初审 with its own notice
published, so that its county notice may follow."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from pingxuan.web.campaigns.models import Campaign
from tests.web.notices.helpers import County, county_with_sensitive_nominee, publish_level
from tests.web.personas import make_persona


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


@pytest.fixture
def county(campaign: Campaign, reviewer: User) -> County:
    county = county_with_sensitive_nominee(campaign, make_persona(campaign, "clerk_b"))
    publish_level(campaign, "unit", county.unit, reviewer)
    return county
