"""A unit's 差额 round for one award (三（二）): the initial nomination list with each candidate's
votes, and the meeting that voted. Who is put forward is derived by the core
(``pingxuan.core.rounds.derive``), never stored."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pingxuan.web.campaigns.models import Campaign, Unit


class Round(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="rounds")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="rounds")
    award = models.CharField(_("奖项"), max_length=100)
    body = models.CharField(_("表决机构"), max_length=50)
    held_on = models.DateField(_("表决日期"))
    members = models.PositiveIntegerField(_("应到人数"))
    present = models.PositiveIntegerField(_("实到人数"))
    seats = models.PositiveSmallIntegerField(_("应选人数"))
    resolution = models.TextField(_("决议"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("录入时间"))

    class Meta:
        ordering = ("campaign", "unit", "award")
        constraints = (
            models.UniqueConstraint(
                fields=("campaign", "unit", "award"), name="round_one_per_unit_award"
            ),
        )
        verbose_name = _("差额表决")
        verbose_name_plural = _("差额表决")

    def __str__(self) -> str:
        return f"{self.unit.name} {self.award} {self.held_on:%Y-%m-%d}"


class Ballot(models.Model):
    """A candidate of the initial nomination list and the votes it received."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    position = models.PositiveSmallIntegerField(_("提名顺序"))
    candidate = models.CharField(_("候选对象"), max_length=200)
    votes = models.PositiveIntegerField(_("得票"))

    class Meta:
        ordering = ("round", "position")
        verbose_name = _("候选对象得票")
        verbose_name_plural = _("候选对象得票")

    def __str__(self) -> str:
        return f"{self.candidate}：{self.votes}"
