"""How many nominations stand where in the review, counted once for the 工作台 and the 总览, so
that their numbers mean the same and agree: "待初审" is a nomination of a unit that has submitted
and on which no 初审 result is prepared yet; a unit still filling in is "未报送", not waiting for
the city. Every kind counts (备选 and 专项表彰 are reviewed too)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.nominations.enums import Standing, SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from pingxuan.web.review.enums import ReviewStage
from pingxuan.web.review.models import Decision


@dataclass(frozen=True)
class Column:
    key: str
    label: str


# The overview's columns, in the order of the procedure; every nomination is in exactly one.
COLUMNS = [
    Column("drafting", _("未报送（单位填报中）")),
    Column("awaiting", _("待初审")),
    Column("first_prepared", _("初审已准备未发布")),
    Column(Standing.PASSED, Standing.PASSED.label),
    Column(Standing.FAILED, Standing.FAILED.label),
    Column(Standing.APPROVED, Standing.APPROVED.label),
    Column(Standing.REJECTED, Standing.REJECTED.label),
    Column(Standing.REVOKED, Standing.REVOKED.label),
]


@dataclass
class ReviewCounts:
    by_award: dict[str, Counter[str]] = field(default_factory=dict)
    second_prepared: int = 0  # passed 初审, a 复审 result prepared and not yet released

    def total(self, key: str) -> int:
        return sum(counts[key] for counts in self.by_award.values())

    def row(self, award: str) -> list[int]:
        counts = self.by_award.get(award, Counter())
        return [counts[column.key] for column in COLUMNS]

    @property
    def awaiting_second(self) -> int:
        """Passed 初审 with no 复审 result prepared or released yet."""
        return self.total(Standing.PASSED) - self.second_prepared


def review_counts(campaign: Campaign) -> ReviewCounts:
    submitted = set(
        Submission.objects.filter(campaign=campaign, state=SubmissionState.SUBMITTED).values_list(
            "unit_id", flat=True
        )
    )
    prepared = {
        (stage, pk)
        for stage, pk in Decision.objects.filter(
            campaign=campaign, released_at__isnull=True
        ).values_list("stage", "nomination_id")
    }
    counts = ReviewCounts()
    rows = Nomination.objects.filter(campaign=campaign).values_list(
        "pk", "award", "standing", "unit_id"
    )
    for pk, award, standing, unit_id in rows:
        key = standing
        if standing == Standing.NOMINATED:
            if unit_id not in submitted:
                key = "drafting"
            elif (ReviewStage.FIRST, pk) in prepared:
                key = "first_prepared"
            else:
                key = "awaiting"
        elif standing == Standing.PASSED and (ReviewStage.SECOND, pk) in prepared:
            counts.second_prepared += 1
        counts.by_award.setdefault(award, Counter())[key] += 1
    return counts
