"""A lower campaign's published notice, carried up with a forwarded nomination (三（二）: the
lower rounds feed the upper one) and standing for one of the upper campaign's levels.

It is a snapshot taken when the nomination is forwarded: the notice's frame, the nominee's frozen
line and copies of its evidence images, owned by the upper campaign's nomination. A later change
in the lower campaign (a 更正公示, a notice taken down) does not change what the upper one holds.
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pingxuan.web.notices.models.notice import EVIDENCE_DIR, EvidenceKind, Notice


class CarriedNotice(models.Model):
    # The upper campaign's nomination the notice is proof for; it goes with it.
    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="carried_notices"
    )
    level = models.CharField(_("代替的公示层级"), max_length=20)  # a key of the upper spec
    # Where it came from, as it read when carried.
    source = models.ForeignKey(
        Notice, on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_as"
    )
    source_campaign = models.CharField(_("下级活动"), max_length=200)
    source_level = models.CharField(_("下级公示层级"), max_length=50)  # its name: 县级公示
    title = models.CharField(_("标题"), max_length=200)
    publisher = models.CharField(_("发布单位"), max_length=200)
    start = models.DateField(_("公示开始日期"))
    end = models.DateField(_("公示结束日期"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    fields = models.JSONField(_("公示栏目"))  # the nominee's frozen line: [[column, value], …]
    sensitive = models.BooleanField(_("涉敏"), default=False)
    carried_at = models.DateTimeField(_("报送时间"), default=timezone.now)

    class Meta:
        ordering = ("nomination", "start", "pk")
        verbose_name = _("下级公示")
        verbose_name_plural = _("下级公示")

    def __str__(self) -> str:
        return self.title


class CarriedEvidence(models.Model):
    """A copy of a lower notice's evidence image, re-encoded when carried: the upper campaign's
    own file, never the lower one's."""

    carried = models.ForeignKey(CarriedNotice, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("类型"), max_length=20, choices=EvidenceKind.choices)
    title = models.CharField(_("图片名称"), max_length=100)
    stored_name = models.CharField(_("存储文件名"), max_length=64, unique=True)
    width = models.PositiveIntegerField(_("宽"))
    height = models.PositiveIntegerField(_("高"))
    size = models.PositiveIntegerField(_("字节数"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("原上传时间"))
    carried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("carried", "uploaded_at", "pk")
        verbose_name = _("下级公示留证")
        verbose_name_plural = _("下级公示留证")

    def __str__(self) -> str:
        return f"{self.kind}：{self.title}"

    @property
    def path(self) -> str:
        """Relative to MEDIA_ROOT."""
        return f"{EVIDENCE_DIR}/{self.stored_name}"


@receiver(post_delete, sender=CarriedEvidence)
def _remove_file(sender: type, instance: CarriedEvidence, **kwargs: object) -> None:
    # After commit, so that a rolled-back delete keeps its file.
    path = instance.path
    transaction.on_commit(lambda: default_storage.delete(path))
