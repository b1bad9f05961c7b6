"""A deadline extension (延期) the city office granted: to one unit or the whole campaign."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pingxuan.web.campaigns.models.campaign import Campaign
from pingxuan.web.campaigns.models.unit import Unit

REASON_LENGTH = 500


class Extension(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="extensions")
    # Null: every unit of the campaign.
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="extensions"
    )
    deadline = models.CharField(_("截止时间"), max_length=50, help_text=_("配置中的截止时间键"))
    new_at = models.DateTimeField(_("延至"))
    reason = models.CharField(_("原因"), max_length=REASON_LENGTH)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("批准时间"))

    class Meta:
        ordering = ("campaign", "granted_at", "pk")
        verbose_name = _("延期")
        verbose_name_plural = _("延期")

    def __str__(self) -> str:
        return f"{self.deadline} → {self.new_at:%Y-%m-%d %H:%M}"
