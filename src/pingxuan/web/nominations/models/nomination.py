"""A nomination stores what the unit typed, keyed by the exchange workbook's column names, so
that forms, imports and exports share one vocabulary and the core reads every source alike."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pingxuan.core.columns import NAME_COLUMN
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.enums import WITHDRAWN, Kind, Standing


class Nomination(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="nominations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="nominations")
    award = models.CharField(_("奖项"), max_length=100)
    subject = models.CharField(_("对象类型"), max_length=20)
    kind = models.CharField(
        _("表彰类型"), max_length=10, choices=Kind.choices, default=Kind.COMPREHENSIVE
    )
    # 1..n per campaign, unit and award, in the unit's order: domain/numbering.py decides it.
    seq = models.PositiveIntegerField(_("序号"))
    alternate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alternates",
        verbose_name=_("备选对象"),
    )
    standing = models.CharField(
        _("审核状态"), max_length=20, choices=Standing.choices, default=Standing.NOMINATED
    )
    # Why it failed, was rejected or revoked, as the unit is told; kept with the date.
    standing_reason = models.TextField(_("审核说明"), blank=True)
    standing_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    cells = models.JSONField(_("填报内容"), default=dict)
    extra = models.JSONField(_("补充信息"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ("campaign", "award", "unit__position", "seq")
        constraints = (
            models.UniqueConstraint(
                fields=("campaign", "unit", "award", "seq"), name="nomination_unique_unit_seq"
            ),
        )
        indexes = (models.Index(fields=("campaign", "unit", "award")),)
        verbose_name = _("推荐对象")
        verbose_name_plural = _("推荐对象")

    def __str__(self) -> str:
        return self.display_name

    @property
    def withdrawn(self) -> bool:
        """Failed, rejected or revoked: the place stays taken and nothing can change it."""
        return self.standing in WITHDRAWN

    @property
    def decided(self) -> bool:
        """The city has reviewed it (passed, approved or withdrawn): the unit no longer edits it."""
        return self.standing != Standing.NOMINATED

    @property
    def display_name(self) -> str:
        name = self.cells.get(NAME_COLUMN.get(self.subject, ""), "")
        if self.subject == "team" and self.cells.get("所属单位全称"):
            return f"{self.cells['所属单位全称']}{name}"
        return name or f"{self.award}第{self.seq}号"


class Honour(models.Model):
    """One honour of a nominee; the highest 综合性 one is its 荣誉级别."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="honours")
    level = models.CharField(_("级别"), max_length=20)
    name = models.CharField(_("荣誉名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年份"))
    comprehensive = models.BooleanField(_("综合性荣誉"), default=True)

    class Meta:
        ordering = ("nomination", "-year", "pk")
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")

    def __str__(self) -> str:
        return f"{self.year}年 {self.name}"


class NegativeRecord(models.Model):
    """An incident of 三（三）3 at the nominee's organisation, with the day it happened."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="negative_records"
    )
    kind = models.CharField(_("类型"), max_length=50)
    date = models.DateField(_("发生日期"))

    class Meta:
        ordering = ("nomination", "date", "pk")
        verbose_name = _("负面记录")
        verbose_name_plural = _("负面记录")

    def __str__(self) -> str:
        return f"{self.kind}:{self.date:%Y-%m-%d}"
