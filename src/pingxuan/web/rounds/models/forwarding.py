"""Provenance of a forwarded nomination: a normal nomination of the parent campaign, plus where it
came from (which round, which vote, which notice). One per child pick, so a second forward finds
it and adds nothing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pingxuan.web.nominations.models import Nomination
from pingxuan.web.rounds.models.link import CampaignLink
from pingxuan.web.rounds.models.round import Round


class Forwarding(models.Model):
    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, related_name="forwarding", verbose_name=_("报送后")
    )
    source = models.OneToOneField(
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

    class Meta:
        verbose_name = _("向上级报送")
        verbose_name_plural = _("向上级报送")

    def __str__(self) -> str:
        return f"{self.source_id} → {self.nomination_id}"
