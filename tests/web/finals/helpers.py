"""A campaign whose final list may be released: unit A's and unit B's nominations approved at
复审, arranged directly (the procedure up to 复审 is tests/web/review's and notices' business)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.complaints.domain import file_complaint, link_nomination
from pingxuan.web.complaints.domain.handling import close
from pingxuan.web.complaints.enums import ComplainantKind, Outcome
from pingxuan.web.finals.domain.release import preview, release_final_list
from pingxuan.web.finals.models import FinalList
from pingxuan.web.nominations.enums import Kind, Standing
from pingxuan.web.nominations.models import Nomination
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, UNIT_B, make_persona

ISSUED = date(2024, 4, 28)
MEDAL = "五一劳动奖章"
BADGE = "五一劳动奖状"


def approved(campaign: Campaign) -> User:
    """Units A and B filled; every nomination but the alternates approved (the leaders keep
    their places). Returns the city's reviewer."""
    for unit_name, clerk in ((UNIT_A, "clerk_a"), (UNIT_B, "clerk_b")):
        unit = Unit.objects.get(campaign=campaign, name=unit_name)
        fill_unit(campaign, unit, make_persona(campaign, clerk))
    nominations = Nomination.objects.filter(campaign=campaign)
    nominations.exclude(kind=Kind.ALTERNATE).update(standing=Standing.APPROVED)
    nominations.filter(kind=Kind.ALTERNATE).update(standing=Standing.REJECTED)
    # Two units alone cannot meet the city's medal ratios with every place: the committee
    # approved 2 一线产业工人, 1 科教人员, the 其他一线 and the leader (RULES.md §3 holds).
    keep = {"一线产业工人": 2, "科教人员": 1}
    medals = nominations.filter(award=MEDAL, kind=Kind.COMPREHENSIVE).order_by(
        "unit__position", "seq"
    )
    for nomination in medals:
        category = nomination.cells.get("身份类别")
        if category in keep:
            if keep[category]:
                keep[category] -= 1
            else:
                Nomination.objects.filter(pk=nomination.pk).update(standing=Standing.REJECTED)
    return make_persona(campaign, "reviewer")


def release(
    campaign: Campaign, reviewer: User, number: str = "郑工〔2024〕8号", reason: str = ""
) -> FinalList:
    """Release what the page would preview now: the first list, or a correction."""
    shown = preview(campaign)
    return release_final_list(
        campaign,
        number=number,
        issued_on=ISSUED,
        shown=shown.digest,
        based_on=shown.current.pk if shown.current is not None else None,
        reason=reason,
        actor=reviewer,
        role="reviewer",
    )


def revoke_by_complaint(nomination: Nomination, reviewer: User) -> None:
    """A complaint about ``nomination`` found 属实: it is revoked (the office's one way)."""
    complaint = file_complaint(
        nomination.campaign,
        kind=ComplainantKind.PERSON,
        name="张某",
        contact="13800000000",
        about=nomination.display_name,
        content="隐瞒了安全生产事故，材料不实。",
    )
    link_nomination(complaint, nomination, actor=reviewer, role="reviewer")
    close(complaint, Outcome.SUBSTANTIATED, "经查属实", actor=reviewer, role="reviewer")
    nomination.refresh_from_db()


def listed(campaign: Campaign) -> list[Nomination]:
    """The nominations on the live final list, in its order."""
    by_pk = Nomination.objects.in_bulk([line.nomination_id for line in preview(campaign).lines])
    return [by_pk[line.nomination_id] for line in preview(campaign).lines]
