"""Roles, with the groups the access checks ask about."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("单位经办人")
    APPROVER = "approver", _("单位审批人")
    REVIEWER = "reviewer", _("市级审核员")
    ADMIN = "admin", _("市级管理员")


UNIT_ROLES = frozenset({Role.CLERK, Role.APPROVER})
CITY_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})
