"""A recommending unit of a campaign, mirrored from the spec so that rows can point at it and
quota checks can lock it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pingxuan.web.campaigns.models.campaign import Campaign


class Unit(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("推荐单位"), max_length=200)
    level = models.CharField(_("级别"), max_length=50)
    position = models.PositiveIntegerField(_("附件中的顺序"))

    class Meta:
        ordering = ("campaign", "position")
        constraints = (
            models.UniqueConstraint(fields=("campaign", "name"), name="unit_unique_name"),
        )
        verbose_name = _("推荐单位")
        verbose_name_plural = _("推荐单位")

    def __str__(self) -> str:
        return self.name
