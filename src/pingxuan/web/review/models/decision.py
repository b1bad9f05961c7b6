"""A reviewer's decision on one nomination at one stage: prepared first, released in bulk.

初审 and 复审 are separate rows (one per nomination and stage), so the second review never
overwrites the first. A released decision is the record of what was decided and is never changed;
only an unreleased one may be replaced or dropped.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.review.enums import Outcome, ReviewStage


class Decision(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="review_decisions"
    )
    stage = models.CharField(_("阶段"), max_length=10, choices=ReviewStage.choices)
    outcome = models.CharField(_("结论"), max_length=10, choices=Outcome.choices)
    reason = models.TextField(_("理由"), blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    prepared_at = models.DateTimeField(_("准备时间"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ("campaign", "stage", "nomination__unit__name", "nomination__award", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=("nomination", "stage"), name="review_decision_one_per_stage"
            ),
        )
        indexes = (models.Index(fields=("campaign", "stage", "released_at")),)
        verbose_name = _("审核决定")
        verbose_name_plural = _("审核决定")

    def __str__(self) -> str:
        return f"{self.get_stage_display()}：{self.nomination}{self.get_outcome_display()}"

    @property
    def released(self) -> bool:
        return self.released_at is not None
