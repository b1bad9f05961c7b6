"""Roles, with the groups the access checks ask about."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("单位经办人")
    APPROVER = "approver", _("单位审批人")
    # The organiser's staff; pages name them by the campaign's spec (Membership.role_name:
    # 市级审核员 in Zhengzhou, 全国总工会审核员 nationally), so the choices stay neutral.
    REVIEWER = "reviewer", _("审核员")
    ADMIN = "admin", _("管理员")


UNIT_ROLES = frozenset({Role.CLERK, Role.APPROVER})
CITY_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})
