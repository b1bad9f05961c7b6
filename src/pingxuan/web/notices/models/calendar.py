"""The administrator's corrections to the official working-day calendar (chinesecalendar).

Both tables are site-wide, not per campaign: the State Council's holidays and 调休 are the same
for every campaign, and a correction entered once (a year the package lacks, a late change) must
not have to be entered again for the next campaign, nor disagree between two campaigns.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One day whose status the administrator sets: a worked weekend (调休) or a holiday. It wins
    over chinesecalendar's answer for that day."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        ordering = ("date",)
        verbose_name = _("工作日历修正")
        verbose_name_plural = _("工作日历修正")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"


class CalendarYear(models.Model):
    """A year chinesecalendar does not cover, entered in full by the administrator: every holiday
    and worked weekend of it is a ``CalendarDay``, every other day follows Monday to Friday."""

    year = models.PositiveIntegerField(_("年份"), unique=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        ordering = ("year",)
        verbose_name = _("已补录年份")
        verbose_name_plural = _("已补录年份")

    def __str__(self) -> str:
        return str(self.year)
