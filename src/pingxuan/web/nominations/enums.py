"""Kinds of nomination and states of a unit's submission."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pingxuan.core.columns import ALTERNATE, COMPREHENSIVE, SPECIAL


class Kind(models.TextChoices):
    COMPREHENSIVE = COMPREHENSIVE, _("综合表彰")
    SPECIAL = SPECIAL, _("专项表彰")
    ALTERNATE = ALTERNATE, _("备选")


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已报送初审")
    RETURNED = "returned", _("已退回修改")


EDITABLE_STATES = frozenset({SubmissionState.DRAFT, SubmissionState.RETURNED})


class Standing(models.TextChoices):
    """Where a nomination stands in 两审三公示. A failed, rejected or revoked nomination keeps its
    place (the place is gone, RULES.md §5) and is never reopened."""

    NOMINATED = "nominated", _("待初审")
    PASSED = "passed", _("初审通过")
    FAILED = "failed", _("初审未通过")
    APPROVED = "approved", _("复审通过")
    REJECTED = "rejected", _("复审未通过")
    REVOKED = "revoked", _("已撤销")


WITHDRAWN = frozenset({Standing.FAILED, Standing.REJECTED, Standing.REVOKED})

# Which standing may follow which; anything else is refused. Revocation (a substantiated
# complaint) may come at any time before the list is final, and after it too.
STANDING_CHANGES: dict[str, frozenset[str]] = {
    Standing.NOMINATED: frozenset({Standing.PASSED, Standing.FAILED, Standing.REVOKED}),
    Standing.PASSED: frozenset({Standing.APPROVED, Standing.REJECTED, Standing.REVOKED}),
    Standing.APPROVED: frozenset({Standing.REVOKED}),
    Standing.FAILED: frozenset(),
    Standing.REJECTED: frozenset(),
    Standing.REVOKED: frozenset(),
}
