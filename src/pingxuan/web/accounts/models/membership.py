"""A user's place in one campaign: a role, and for unit staff the unit they act for."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pingxuan.web.accounts.enums import Role
from pingxuan.web.campaigns.models import Campaign, Unit


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("user", "campaign"),
                name="membership_one_per_campaign",
                violation_error_message=_("同一用户在一个评选活动中只能有一个角色。"),
            ),
            # Unit staff act for exactly one unit; city staff for none.
            models.CheckConstraint(
                condition=(
                    Q(role__in=("clerk", "approver"), unit__isnull=False)
                    | Q(role__in=("reviewer", "admin"), unit__isnull=True)
                ),
                name="membership_unit_matches_role",
                violation_error_message=_(
                    "单位经办人和审批人须指定推荐单位；主办方的审核员和管理员不指定。"
                ),
            ),
        )
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")

    def __str__(self) -> str:
        where = f"·{self.unit.name}" if self.unit_id else ""
        return f"{self.user}：{self.role_name}{where}"

    @property
    def role_name(self) -> str:
        """The role as pages name it: the organiser's staff by the campaign's own titles
        (市级审核员、市级管理员 in a city's campaign; the spec's ``campaign.reviewer_title`` and
        ``admin_title`` elsewhere)."""
        if self.is_city_staff:
            from pingxuan.web.campaigns.domain.specs import campaign_spec

            info = campaign_spec(self.campaign).campaign
            return info.reviewer_title if self.role == Role.REVIEWER else info.admin_name
        return str(self.get_role_display())

    @property
    def where(self) -> str:
        """The unit the member acts for, or for the organiser's staff the office (市级)."""
        if self.unit_id:
            return self.unit.name
        from pingxuan.web.campaigns.domain.specs import campaign_spec

        return campaign_spec(self.campaign).campaign.office

    @property
    def is_unit_staff(self) -> bool:
        return self.role in (Role.CLERK, Role.APPROVER)

    @property
    def is_city_staff(self) -> bool:
        return self.role in (Role.REVIEWER, Role.ADMIN)
