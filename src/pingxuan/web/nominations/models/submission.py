"""A unit's submission for 初审: one row per campaign and unit, locked when places are taken."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.enums import EDITABLE_STATES, SubmissionState


class Submission(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="submissions")
    state = models.CharField(
        _("状态"), max_length=20, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    explanations = models.JSONField(_("警告说明"), default=dict, blank=True)
    # 差额推荐 (三（二）): how many candidates each award started with, {award name: count}.
    initial_counts = models.JSONField(_("初始提名数"), default=dict, blank=True)
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    return_note = models.TextField(_("退回说明"), blank=True)
    # 初审 may hand a unit back once for corrections, before the deadline (RULES.md §5).
    return_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("campaign", "unit"), name="submission_one_per_unit"),
        )
        verbose_name = _("单位报送")
        verbose_name_plural = _("单位报送")

    def __str__(self) -> str:
        return f"{self.unit.name}：{self.get_state_display()}"

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE_STATES
