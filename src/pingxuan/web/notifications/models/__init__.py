"""A message to a unit: returned, failed or revoked nominations, complaint outcomes. It stays on
the unit's page; e-mail is only a copy."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pingxuan.web.campaigns.models import Campaign, Unit


class Notification(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("类别"), max_length=40)
    message = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = (models.Index(fields=("campaign", "unit", "-created_at")),)
        verbose_name = _("通知")
        verbose_name_plural = _("通知")

    def __str__(self) -> str:
        return self.message[:40]
