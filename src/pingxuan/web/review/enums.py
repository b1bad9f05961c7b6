"""The two review stages and a reviewer's outcome."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStage(models.TextChoices):
    FIRST = "first", _("初审")
    SECOND = "second", _("复审")


class Outcome(models.TextChoices):
    PASS = "pass", _("通过")
    FAIL = "fail", _("不通过")
