"""What a download page lists: nominations per award in list order, and the notices a unit or
the city may take. The pages only show this; the files come from ``interfaces.exports``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from pingxuan.core.documents.procedure import (
    NAMES,
    NOTICE_STATEMENT,
    PLEDGE,
    REPORT,
    RESOLUTION,
)
from pingxuan.core.spec.models import Award
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.documents.domain.lists import in_list_order
from pingxuan.web.documents.domain.sheets import APPROVAL, BRIEF, OPINIONS, SHEET_NAMES
from pingxuan.web.nominations.domain.adapt import stored_nominations
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.content import CITY_LEVEL
from pingxuan.web.notices.models import Notice, NoticeState

# The per-nomination forms, in the order a unit prepares them (初审: 简表, 意见表; 复审: 审批表).
SHEETS = [(kind, SHEET_NAMES[kind]) for kind in (BRIEF, OPINIONS, APPROVAL)]
# A unit's own documents (通知四): what each is for, in the order they are handed in.
PROCEDURE_DOCUMENTS = [
    (RESOLUTION, NAMES[RESOLUTION], "初审：每个推荐对象一页，由所在单位填写表决情况并盖章"),
    (PLEDGE, NAMES[PLEDGE], "初审：列出全部推荐对象并标明涉敏对象（通知三（六）），签名盖章"),
    (NOTICE_STATEMENT, NAMES[NOTICE_STATEMENT], "复审：公示证明，取本单位已发布的公示及收到的反映"),
    (REPORT, NAMES[REPORT], "复审：写明差额推荐、职代会审议和公示情况，领导签名并盖章"),
]


@dataclass(frozen=True)
class AwardGroup:
    award: Award
    nominations: list[Nomination]


@dataclass(frozen=True)
class Catalogue:
    groups: list[AwardGroup]


def nominations_by_award(campaign: Campaign, unit: Unit | None = None) -> Catalogue:
    spec = campaign_spec(campaign)
    query = stored_nominations(campaign.pk)
    if unit is not None:
        query = query.filter(unit=unit)
    stored = list(query)
    groups = []
    for award in spec.awards:
        of_award = in_list_order(spec, [n for n in stored if n.award == award.name])
        groups.append(AwardGroup(award, of_award))
    return Catalogue(groups)


def unit_notices(campaign: Campaign, unit: Unit) -> QuerySet[Notice]:
    """A unit's own notices as published (a draft is still the office's to change)."""
    return Notice.objects.filter(
        campaign=campaign, unit=unit, state=NoticeState.PUBLISHED
    ).select_related("unit")


def city_notices(campaign: Campaign) -> QuerySet[Notice]:
    return Notice.objects.filter(campaign=campaign).select_related("unit")


def organiser_notices(campaign: Campaign) -> QuerySet[Notice]:
    """The organiser's own published notices (the top level): each has its 公示情况说明."""
    return Notice.objects.filter(
        campaign=campaign, level=CITY_LEVEL, state=NoticeState.PUBLISHED
    ).select_related("campaign")
