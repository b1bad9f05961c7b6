"""Audit rows and the head of their hash chain. Rows are only ever added (``record``); an
instance refuses to be saved again or deleted, and ``verify_chain`` catches whatever bypasses that.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """An existing audit row was about to be changed or deleted."""


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("链序号"), unique=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    role = models.CharField(_("角色"), max_length=20, blank=True)
    # PROTECT, not SET_NULL: campaign_id is hashed, so clearing it would break the chain.
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit_name = models.CharField(_("推荐单位"), max_length=200, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=50, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=50, blank=True)
    action = models.CharField(_("动作"), max_length=50)
    changes = models.JSONField(_("变更（前/后）"), default=dict, blank=True)
    # Which hash the row was made with (audit/domain/chain.py): 1 before issue 11, 2 since.
    hash_version = models.PositiveSmallIntegerField(_("哈希版本"))

    class Meta:
        ordering = ("seq",)
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(_("审计记录只能追加，不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(_("审计记录只能追加，不能删除。"))


class AuditChainHead(models.Model):
    """The one row saying where the chain ends. Appenders lock it, so they take turns."""

    ONLY = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=ONLY)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return f"{self.last_seq} {self.last_hash[:12]}"
