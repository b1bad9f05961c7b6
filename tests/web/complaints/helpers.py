"""Complaints of the tests, filed as the public form would."""

from __future__ import annotations

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.complaints.domain import file_complaint
from pingxuan.web.complaints.enums import ComplainantKind
from pingxuan.web.complaints.models import Complaint

COMPLAINANT = "王实名"
PHONE = "13912345678"
CONTENT = "该推荐对象实为企业负责人，却按一线产业工人申报，隐瞒了身份。"


def a_complaint(campaign: Campaign, about: str = "某推荐对象") -> Complaint:
    return file_complaint(
        campaign,
        kind=ComplainantKind.PERSON,
        name=COMPLAINANT,
        contact=PHONE,
        about=about,
        content=CONTENT,
    )
