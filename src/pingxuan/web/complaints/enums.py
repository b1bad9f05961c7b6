"""Who complains, where a complaint stands, and what the investigation found."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplainantKind(models.TextChoices):
    PERSON = "person", _("个人")
    UNIT = "unit", _("单位")


class ComplaintState(models.TextChoices):
    RECEIVED = "received", _("已收到")
    INVESTIGATING = "investigating", _("调查中")
    CLOSED = "closed", _("已办结")


class Outcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("属实")
    UNSUBSTANTIATED = "unsubstantiated", _("不属实")
