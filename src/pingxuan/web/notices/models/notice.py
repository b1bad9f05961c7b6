"""A public notice of 两审三公示 (三（三）1) and the evidence that it was posted.

A draft stores its frame (level, publishing unit, period, contact, complaint channels) and shows
its rows live from the nominations. Publication freezes them: ``NoticeRow`` holds every line as
published (its fields, order and the 涉敏 mark), and nothing later changes a published notice.
A correction is a new notice (更正公示) that names the one it corrects.
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pingxuan.web.campaigns.models import Campaign, Unit

EVIDENCE_DIR = "notices"


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤下")


class Notice(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="notices")
    level = models.CharField(_("公示层级"), max_length=20)  # a spec [publicity] level key
    # The publishing unit at unit and county level; the city publishes its own notice.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="notices"
    )
    title = models.CharField(_("标题"), max_length=200)
    start = models.DateField(_("公示开始日期"))
    end = models.DateField(_("公示结束日期"))
    contact_person = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=50)
    channel_phone = models.CharField(_("举报电话"), max_length=50, blank=True)
    channel_mailbox = models.CharField(_("举报邮箱"), max_length=100, blank=True)
    channel_address = models.CharField(_("来信地址"), max_length=200, blank=True)
    channel_text = models.TextField(_("其他说明"), blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=NoticeState.choices, default=NoticeState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    # A 更正公示 names the published notice it corrects and says why; the corrected one stays.
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("更正的公示"),
    )
    correction_note = models.TextField(_("更正说明"), blank=True)

    class Meta:
        ordering = ("campaign", "start", "pk")
        verbose_name = _("公示")
        verbose_name_plural = _("公示")

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.state == NoticeState.DRAFT

    @property
    def is_published(self) -> bool:
        return self.state == NoticeState.PUBLISHED


class NoticeRow(models.Model):
    """One line of a published notice, frozen at publication: the fields the notice showed, in
    the order it showed them. ``sensitive`` rows (涉敏, only in the unit's own notice) are for
    the unit's notice board and the logged-in pages of that unit and the city, never for an
    anonymous reader."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField(_("位置"))
    award = models.CharField(_("奖项"), max_length=50)
    # PROTECT: a nomination that was publicly noticed is kept for the record.
    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.PROTECT, related_name="notice_rows"
    )
    sensitive = models.BooleanField(_("涉敏"), default=False)
    fields = models.JSONField(_("公示栏目"))  # [[column, value], …] in the spec's column order

    class Meta:
        ordering = ("notice", "position")
        constraints = (
            models.UniqueConstraint(fields=("notice", "position"), name="notice_row_position"),
        )
        verbose_name = _("公示行")
        verbose_name_plural = _("公示行")

    def __str__(self) -> str:
        return f"{self.notice_id}#{self.position}"


class EvidenceKind(models.TextChoices):
    SCREENSHOT = "网页截图", _("网页截图")
    NEAR = "近景照片", _("近景照片")
    FAR = "远景照片", _("远景照片")
    OTHER = "其他", _("其他")


class NoticeEvidence(models.Model):
    """A re-encoded JPEG showing that the notice was posted: a screenshot of the web page, a
    photo of the board from near and from far (三（三）1 asks for the notice to be kept on file)."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("类型"), max_length=20, choices=EvidenceKind.choices)
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
        ordering = ("notice", "uploaded_at", "pk")
        verbose_name = _("公示留证")
        verbose_name_plural = _("公示留证")

    def __str__(self) -> str:
        return f"{self.kind}：{self.title}"

    @property
    def path(self) -> str:
        """Relative to MEDIA_ROOT."""
        return f"{EVIDENCE_DIR}/{self.stored_name}"


@receiver(post_delete, sender=NoticeEvidence)
def _remove_file(sender: type, instance: NoticeEvidence, **kwargs: object) -> None:
    # After commit, so that a rolled-back delete keeps its file.
    path = instance.path
    transaction.on_commit(lambda: default_storage.delete(path))
