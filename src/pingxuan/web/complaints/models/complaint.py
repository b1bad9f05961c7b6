"""A complaint (举报) about a nominee during the public notices, and how the office handled it.

The complainant's real name (or the complaining unit's name) and contact are personal data: only
the city's staff see them, and they never go into an audit row or a log line.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.complaints.enums import ComplainantKind, ComplaintState, Outcome
from pingxuan.web.nominations.models import Nomination


class Complaint(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="complaints")
    # 0007-K3F9: the number in the campaign, and a random suffix so that nobody can name
    # someone else's complaint by counting.
    seq = models.PositiveIntegerField(_("序号"))
    reference = models.CharField(_("受理编号"), max_length=20, unique=True)
    kind = models.CharField(_("举报人类型"), max_length=10, choices=ComplainantKind.choices)
    name = models.CharField(_("举报人姓名或单位名称"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=200)
    about = models.CharField(_("被举报对象"), max_length=200)
    content = models.TextField(_("举报内容"))
    received_at = models.DateTimeField(_("收到时间"), default=timezone.now)
    state = models.CharField(
        _("状态"), max_length=20, choices=ComplaintState.choices, default=ComplaintState.RECEIVED
    )
    # Linked by the office, as many as the complaint concerns; a nomination a complaint names
    # is never deleted from under it (ComplaintLink protects it).
    nominations = models.ManyToManyField(
        Nomination,
        through="ComplaintLink",
        related_name="complaints",
        verbose_name=_("关联推荐对象"),
    )
    # A substantiated complaint that concerns no nomination says so expressly (e.g. about the
    # way a unit ran its notice): otherwise 属实 must name whom it revokes.
    concerns_none = models.BooleanField(_("不涉及具体推荐对象"), default=False)
    outcome = models.CharField(_("调查结论"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("结论说明"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ("campaign", "-received_at", "-seq")
        constraints = (
            models.UniqueConstraint(fields=("campaign", "seq"), name="complaint_unique_seq"),
        )
        verbose_name = _("举报")
        verbose_name_plural = _("举报")

    def __str__(self) -> str:
        return f"{self.reference}（{self.get_state_display()}）"


class ComplaintLink(models.Model):
    """A nomination a complaint concerns, and when the office linked it."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="links")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(_("关联时间"), default=timezone.now)

    class Meta:
        ordering = ("complaint", "linked_at", "pk")
        constraints = (
            models.UniqueConstraint(fields=("complaint", "nomination"), name="complaint_link_once"),
        )
        verbose_name = _("举报关联")
        verbose_name_plural = _("举报关联")

    def __str__(self) -> str:
        return f"{self.complaint_id}→{self.nomination_id}"
