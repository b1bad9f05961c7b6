"""A department's opinion on one nomination (三（三）2): whether it was asked, what it answered, and
the signed opinion sheet as a re-encoded JPEG under MEDIA_ROOT (``opinions/<random>.jpg``)."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from pingxuan.web.nominations.models import Nomination

SHEETS_DIR = "opinions"


class OpinionState(models.TextChoices):
    # A row exists only once the office has done something; "not yet requested" is the absence
    # of a row, or a row put back to it (never: an answer is final, a new answer replaces it).
    REQUESTED = "requested", _("已征求")
    AGREED = "agreed", _("同意")
    OBJECTED = "objected", _("有异议")


ANSWERS = (OpinionState.AGREED, OpinionState.OBJECTED)


class Opinion(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="opinions")
    department = models.CharField(_("部门"), max_length=100)
    state = models.CharField(
        _("状态"), max_length=20, choices=OpinionState.choices, default=OpinionState.REQUESTED
    )
    requested_at = models.DateTimeField(_("征求时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    # The signed sheet, re-encoded: only a random name, never the clerk's file name.
    sheet_name = models.CharField(_("意见表文件"), max_length=64, blank=True)
    sheet_width = models.PositiveIntegerField(_("宽"), null=True, blank=True)
    sheet_height = models.PositiveIntegerField(_("高"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ("nomination", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=("nomination", "department"), name="opinion_unique_department"
            ),
        )
        verbose_name = _("部门意见")
        verbose_name_plural = _("部门意见")

    def __str__(self) -> str:
        return f"{self.nomination}：{self.department}（{self.get_state_display()}）"

    @property
    def sheet_path(self) -> str:
        """Relative to MEDIA_ROOT; empty when there is no sheet."""
        return f"{SHEETS_DIR}/{self.sheet_name}" if self.sheet_name else ""


@receiver(post_delete, sender=Opinion)
def _remove_sheet(sender: type, instance: Opinion, **kwargs: object) -> None:
    # Rows go with their nomination (CASCADE); the file follows once the delete is committed.
    path = instance.sheet_path
    if path:
        transaction.on_commit(lambda: default_storage.delete(path))
