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
