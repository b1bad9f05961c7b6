"""The city staff's landing page (工作台): for each campaign they work on, what is waiting for
them, counted, each with the page where it is done. Counts come from the same records the pages
read; a task with nothing waiting says so."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils.translation import gettext as _

from pingxuan.web.accounts.enums import CITY_ROLES
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.complaints.enums import ComplaintState
from pingxuan.web.complaints.models import Complaint
from pingxuan.web.nominations.enums import SubmissionState
from pingxuan.web.nominations.models import Submission
from pingxuan.web.opinions.domain.board import board
from pingxuan.web.review.domain.counts import review_counts


@dataclass(frozen=True)
class Task:
    label: str
    count: int
    url: str
    note: str = ""


@dataclass(frozen=True)
class Desk:
    campaign: Campaign
    role: str
    tasks: list[Task]
    submitted: int
    units: int

    @property
    def waiting(self) -> int:
        return sum(task.count for task in self.tasks)


def desk(campaign: Campaign, role: str) -> Desk:
    slug = {"slug": campaign.slug}
    submitted_units = Submission.objects.filter(
        campaign=campaign, state=SubmissionState.SUBMITTED
    ).values("unit_id")
    opinions = board(campaign)
    counts = review_counts(campaign)  # the 总览's table counts with the same function
    tasks = [
        Task(
            _("待初审的推荐对象"),
            counts.total("awaiting"),
            reverse("office:review_units", kwargs=slug) + "?show=submitted",
            _("已报送单位中还没有准备初审结论的"),
        ),
        Task(
            _("初审结论待发布"),
            counts.total("first_prepared"),
            reverse("office:review_preview", kwargs=slug),
        ),
        Task(
            _("部门意见未齐"),
            sum(1 for row in opinions.rows if not row.complete),
            reverse("office:opinions", kwargs=slug),
            _("需签署意见的部门还没有全部答复的推荐对象"),
        ),
        Task(
            _("举报待办"),
            Complaint.objects.filter(campaign=campaign)
            .exclude(state=ComplaintState.CLOSED)
            .count(),
            reverse("office:complaints", kwargs=slug),
        ),
        Task(
            _("待复审的推荐对象"),
            counts.awaiting_second,
            reverse("office:second_review", kwargs=slug),
        ),
        Task(
            _("复审结论待发布"),
            counts.second_prepared,
            reverse("office:second_release", kwargs=slug),
            _("已准备、尚未发布的复审结论"),
        ),
    ]
    return Desk(
        campaign,
        role,
        tasks,
        submitted_units.count(),
        campaign.units.count(),
    )


def desks(user: AbstractBaseUser) -> list[Desk]:
    """One desk per campaign where ``user`` is city staff, the newest campaign first."""
    memberships = (
        Membership.objects.filter(user=user, role__in=CITY_ROLES)
        .select_related("campaign")
        .order_by("-campaign__loaded_at")
    )
    return [desk(m.campaign, m.role_name) for m in memberships]
