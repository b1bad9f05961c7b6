"""A background job: who asked for what, how far the worker is, and what came out. Only its owner
ever sees it (``domain.own_job``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.jobs.enums import UNSUCCESSFUL_STATES, JobKind, JobState


class Job(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The unit the job works for; empty for the city's own jobs.
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("任务"), max_length=20, choices=JobKind.choices)
    state = models.CharField(
        _("状态"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    # What the handler needs (a stashed file's random name, a format): never personal data.
    params = models.JSONField(default=dict, blank=True)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    total = models.PositiveIntegerField(_("共计"), default=0)  # 0: not known yet
    step = models.CharField(_("当前步骤"), max_length=200, blank=True)
    summary = models.TextField(_("结果"), blank=True)
    # A page fragment the worker rendered from our own templates (autoescaped): an import's
    # preview, which needs the parsed workbook that only the worker has.
    detail_html = models.TextField(blank=True)
    result = models.FileField(_("结果文件"), upload_to="jobs/", blank=True)
    result_name = models.CharField(_("结果文件名"), max_length=200, blank=True)
    error = models.TextField(_("未完成的原因"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = (models.Index(fields=("owner", "-created_at")),)
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def active(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING)

    @property
    def unsuccessful(self) -> bool:
        """Ended without a result: failed, refused, abandoned or expired; ``error`` says why."""
        return self.state in UNSUCCESSFUL_STATES

    @property
    def percent(self) -> int | None:
        return min(100, self.done * 100 // self.total) if self.total else None
