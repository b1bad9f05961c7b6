"""One audit row. Rows are only ever added (``record``); nothing updates or deletes them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    role = models.CharField(_("角色"), max_length=20, blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unit_name = models.CharField(_("推荐单位"), max_length=200, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=50, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=50, blank=True)
    action = models.CharField(_("动作"), max_length=50)
    changes = models.JSONField(_("变更（前/后）"), default=dict, blank=True)

    class Meta:
        ordering = ("pk",)
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"
