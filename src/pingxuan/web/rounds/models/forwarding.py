"""Provenance of a forwarded nomination: a normal nomination of the parent campaign, plus where it
came from (which round, which vote, which notice).

A child pick has at most one live forwarding, so a second forward finds it and adds nothing.
Deleting the forwarded nomination in the parent does not delete the record: the row stays,
withdrawn (who, when, why), and forwarding the pick again is a new row that ``replaces`` it
(corrections are new, linked records).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pingxuan.web.nominations.models import Nomination
from pingxuan.web.rounds.models.link import CampaignLink
from pingxuan.web.rounds.models.round import Round


class Forwarding(models.Model):
    # Empty once withdrawn: the parent's nomination was deleted, this record of it stays.
    nomination = models.OneToOneField(
        Nomination,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forwarding",
        verbose_name=_("报送后"),
    )
    source = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="forwarded_as", verbose_name=_("报送前")
    )
    link = models.ForeignKey(CampaignLink, on_delete=models.PROTECT, related_name="forwardings")
    round = models.ForeignKey(
        Round, on_delete=models.SET_NULL, null=True, blank=True, related_name="forwardings"
    )
    # The vote as it stood when forwarded (body, date, members, present, ballots, picks), and the
    # notice the pick last appeared in: the parent's reviewers read these even if the child's
    # records change later.
    vote = models.JSONField(_("表决记录"), default=dict, blank=True)
    notice = models.JSONField(_("公示"), default=dict, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    forwarded_at = models.DateTimeField(_("报送时间"))
    # The withdrawn forwarding of the same pick that this one forwards again.
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("再次报送，接替"),
    )
    # The forwarded nomination was deleted in the parent: when, by whom, why, and which of the
    # parent unit's numbers it had.
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True)
    withdrawn_seq = models.PositiveIntegerField(_("撤回时的上级序号"), null=True, blank=True)

    class Meta:
        verbose_name = _("向上级报送")
        verbose_name_plural = _("向上级报送")
        constraints = (
            models.UniqueConstraint(
                fields=["source"],
                condition=Q(withdrawn_at__isnull=True),
                name="rounds_forwarding_one_live_per_source",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
                name="rounds_forwarding_withdrawn_has_reason",
            ),
        )

    def __str__(self) -> str:
        return f"{self.source_id} → {self.nomination_id}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None
