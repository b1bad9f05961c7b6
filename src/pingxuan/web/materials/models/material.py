"""A stored material image, and an upload waiting for the clerk to accept its conversion.

Both name a re-encoded JPEG by a random ``stored_name`` under MEDIA_ROOT (``materials/`` and
``pending/``); the clerk's file name is only ever a ``title`` to show. A file is removed when its
row is, once the transaction commits (a rolled-back delete keeps both).
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.models import Nomination

MATERIALS_DIR = "materials"
PENDING_DIR = "pending"


class Stage(models.TextChoices):
    FIRST = "初审", _("初审")
    SECOND = "复审", _("复审")


class Material(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="materials")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="materials")
    # Null for the unit's own materials (scope "unit" of the spec's [[materials]]).
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, null=True, blank=True, related_name="materials"
    )
    requirement = models.CharField(_("材料"), max_length=200)
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices)
    title = models.CharField(_("图片名称"), max_length=100)
    stored_name = models.CharField(_("存储文件名"), max_length=64, unique=True)
    width = models.PositiveIntegerField(_("宽"))
    height = models.PositiveIntegerField(_("高"))
    size = models.PositiveIntegerField(_("字节数"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ("campaign", "unit", "requirement", "uploaded_at", "pk")
        indexes = (models.Index(fields=("campaign", "unit", "stage")),)
        verbose_name = _("材料图片")
        verbose_name_plural = _("材料图片")

    def __str__(self) -> str:
        return f"{self.requirement}：{self.title}"

    @property
    def path(self) -> str:
        """Relative to MEDIA_ROOT."""
        return f"{MATERIALS_DIR}/{self.stored_name}"


class PendingUpload(models.Model):
    """An upload that did not comply (PNG, too large, EXIF-rotated), kept already converted to a
    compliant JPEG until the clerk accepts the conversion; the uploaded bytes are never kept."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="pending_uploads")
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, null=True, blank=True, related_name="pending_uploads"
    )
    requirement = models.CharField(_("材料"), max_length=200)
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices)
    title = models.CharField(_("图片名称"), max_length=100)
    stored_name = models.CharField(_("存储文件名"), max_length=64, unique=True)
    problems = models.JSONField(_("不合格之处"), default=list)  # as the uploaded file had them
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ("campaign", "unit", "created_at", "pk")
        verbose_name = _("待转换图片")
        verbose_name_plural = _("待转换图片")

    def __str__(self) -> str:
        return f"{self.requirement}：{self.title}（待转换）"

    @property
    def path(self) -> str:
        return f"{PENDING_DIR}/{self.stored_name}"


@receiver(post_delete, sender=Material)
@receiver(post_delete, sender=PendingUpload)
def _remove_file(sender: type, instance: Material | PendingUpload, **kwargs: object) -> None:
    # Rows also go when their nomination is deleted (CASCADE), so the file follows here rather
    # than in each domain function; after commit, so that a rolled-back delete keeps its file.
    path = instance.path
    transaction.on_commit(lambda: default_storage.delete(path))
