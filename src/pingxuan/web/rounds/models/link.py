"""A child campaign and the unit of its parent it stands for (the spec's ``[parent]``), stored
once the child has been checked against the parent."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pingxuan.web.campaigns.models import Campaign, Unit


class CampaignLink(models.Model):
    child = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="parent_link", verbose_name=_("下级活动")
    )
    parent = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="child_links", verbose_name=_("上级活动")
    )
    # A unit of the parent campaign: the child's picks become its nominations.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="child_links", verbose_name=_("上级推荐单位")
    )
    linked_at = models.DateTimeField(_("关联时间"))

    class Meta:
        verbose_name = _("上下级活动")
        verbose_name_plural = _("上下级活动")

    def __str__(self) -> str:
        return f"{self.child} → {self.parent}（{self.unit}）"
