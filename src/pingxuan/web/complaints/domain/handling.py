"""Filing a complaint and handling it: link it to the nominations it concerns, investigate,
record the outcome.

A substantiated complaint revokes every linked nomination through ``change_standing``: the place
is cancelled and never refilled (RULES.md §5), and the unit is told why. 属实 must name whom it
revokes, or say expressly that it concerns no nomination; a nomination linked after the complaint
was closed as 属实 is revoked then and there, so a complaint never dead-ends. An unsubstantiated
complaint is not told to the unit: the procedure asks for nothing there, and telling a unit that
somebody complained about its nominee only invites it to guess who. Audit rows name the complaint
by its reference, never the complainant.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.complaints.enums import ComplainantKind, ComplaintState, Outcome
from pingxuan.web.complaints.models import Complaint, ComplaintLink
from pingxuan.web.nominations.domain.standing import change_standing
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination

# No 0/O or 1/I/L: the complainant may read the number out over the phone.
SUFFIX_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class ComplaintRefused(Exception):
    """A change that cannot be made; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _reference(seq: int) -> str:
    suffix = "".join(secrets.choice(SUFFIX_ALPHABET) for _ in range(6))
    return f"{seq:04d}-{suffix}"


def file_complaint(
    campaign: Campaign, *, kind: str, name: str, contact: str, about: str, content: str
) -> Complaint:
    """Store a complaint from the public form (already validated) with its reference number."""
    with transaction.atomic():
        # The campaign row is the lock that keeps two complaints from taking the same number.
        Campaign.objects.select_for_update(no_key=True).only("pk").get(pk=campaign.pk)
        last = Complaint.objects.filter(campaign=campaign).aggregate(Max("seq"))["seq__max"]
        seq = (last or 0) + 1
        complaint = Complaint.objects.create(
            campaign=campaign,
            seq=seq,
            reference=_reference(seq),
            kind=ComplainantKind(kind),
            name=name.strip(),
            contact=contact.strip(),
            about=about.strip(),
            content=content.strip(),
        )
        # Who complained and what they wrote stay out of the audit chain (it is kept forever).
        record(
            "complaint.receive",
            actor=None,
            role="public",
            campaign=campaign,
            obj=complaint,
            changes={"受理编号": [None, complaint.reference], "举报人类型": [None, kind]},
        )
    return complaint


def _locked(complaint: Complaint, *, open_only: bool = True) -> Complaint:
    locked = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    if open_only and locked.state == ComplaintState.CLOSED:
        raise ComplaintRefused(_("该举报已办结，不能再修改。"))
    return locked


def linked(complaint: Complaint) -> list[Nomination]:
    """The nominations the complaint concerns, in the order they were linked."""
    return [
        link.nomination
        for link in ComplaintLink.objects.filter(complaint=complaint).select_related(
            "nomination__unit"
        )
    ]


def _save(
    complaint: Complaint, fields: list[str], action: str, changes: dict, *, actor: Any, role: str
) -> None:
    complaint.handled_by = actor if getattr(actor, "is_authenticated", False) else None
    complaint.save(update_fields=[*fields, "handled_by"])
    record(
        action,
        actor=actor,
        role=role,
        campaign=complaint.campaign,
        unit_name="、".join(sorted({n.unit.name for n in linked(complaint)})),
        obj=complaint,
        changes={"受理编号": [complaint.reference, complaint.reference], **changes},
    )


def link_nomination(
    complaint: Complaint, nomination: Nomination, *, actor: Any, role: str
) -> Complaint:
    """Link a nomination of the campaign the complaint concerns. While the complaint is open
    this only records it; once it is closed as 属实 the link revokes the nomination at once (a
    link the office found later). A complaint closed as 不属实 takes no more links."""
    if nomination.campaign_id != complaint.campaign_id:
        raise ComplaintRefused(_("只能关联本次评选的推荐对象。"))
    with transaction.atomic():
        locked = _locked(complaint, open_only=False)
        closed = locked.state == ComplaintState.CLOSED
        if closed and locked.outcome != Outcome.SUBSTANTIATED:
            raise ComplaintRefused(
                _(
                    "该举报经查不属实，已办结，不能再关联推荐对象；如有新的情况，请作为新的举报登记。"
                )
            )
        _link, created = ComplaintLink.objects.get_or_create(
            complaint=locked, nomination=nomination
        )
        if not created:
            raise ComplaintRefused(_("该推荐对象已关联。"))
        fields = []
        if locked.concerns_none:
            locked.concerns_none = False
            fields.append("concerns_none")
        _save(
            locked,
            fields,
            "complaint.link",
            {"关联推荐对象": [None, nomination.pk]},
            actor=actor,
            role=role,
        )
        if closed:
            _revoke(nomination, locked.outcome_note, actor=actor, role=role)
    complaint.refresh_from_db()
    return complaint


def unlink_nomination(
    complaint: Complaint, nomination: Nomination, *, actor: Any, role: str
) -> Complaint:
    """Undo a link while the complaint is still open (a wrong match)."""
    with transaction.atomic():
        locked = _locked(complaint)
        deleted, _by_model = ComplaintLink.objects.filter(
            complaint=locked, nomination=nomination
        ).delete()
        if not deleted:
            raise ComplaintRefused(_("该推荐对象未关联。"))
        _save(
            locked,
            [],
            "complaint.unlink",
            {"关联推荐对象": [nomination.pk, None]},
            actor=actor,
            role=role,
        )
    complaint.refresh_from_db()
    return complaint


def start_investigation(complaint: Complaint, *, actor: Any, role: str) -> Complaint:
    with transaction.atomic():
        locked = _locked(complaint)
        if locked.state != ComplaintState.RECEIVED:
            raise ComplaintRefused(_("该举报已在调查中。"))
        locked.state = ComplaintState.INVESTIGATING
        _save(
            locked,
            ["state"],
            "complaint.investigate",
            {"状态": [str(ComplaintState.RECEIVED.label), str(ComplaintState.INVESTIGATING.label)]},
            actor=actor,
            role=role,
        )
    complaint.refresh_from_db()
    return complaint


def close(
    complaint: Complaint,
    outcome: str,
    note: str,
    *,
    concerns_none: bool = False,
    actor: Any,
    role: str,
) -> Complaint:
    """Record the outcome; a substantiated complaint revokes every linked nomination, with the
    note as the reason the unit reads. Both happen together or not at all. 属实 with no link is
    refused unless ``concerns_none`` says it concerns no nomination."""
    note = note.strip()
    if outcome not in Outcome.values:
        raise ComplaintRefused(_("请选择调查结论：属实或不属实。"))
    if not note:
        raise ComplaintRefused(_("请写明结论说明：举报属实时，推荐单位会看到这段说明。"))
    with transaction.atomic():
        locked = _locked(complaint)
        nominations = linked(locked)
        if outcome == Outcome.SUBSTANTIATED and not nominations and not concerns_none:
            raise ComplaintRefused(
                _(
                    "举报属实时，请先关联所涉及的推荐对象（办结时将撤销其推荐资格）；"
                    "确实不涉及具体推荐对象的，请勾选“不涉及具体推荐对象”。"
                )
            )
        locked.concerns_none = bool(concerns_none and not nominations)
        before = str(ComplaintState(locked.state).label)
        locked.state = ComplaintState.CLOSED
        locked.outcome = outcome
        locked.outcome_note = note
        locked.closed_at = timezone.now()
        _save(
            locked,
            ["state", "outcome", "outcome_note", "closed_at", "concerns_none"],
            "complaint.close",
            {
                "状态": [before, str(ComplaintState.CLOSED.label)],
                "调查结论": [None, str(Outcome(outcome).label)],
                "结论说明": [None, note],
                "不涉及具体推荐对象": [False, locked.concerns_none],
            },
            actor=actor,
            role=role,
        )
        if outcome == Outcome.SUBSTANTIATED:
            for nomination in nominations:
                _revoke(nomination, note, actor=actor, role=role)
    complaint.refresh_from_db()
    return complaint


def _revoke(nomination: Nomination, reason: str, *, actor: Any, role: str) -> None:
    if nomination.withdrawn:
        # Failed, rejected or already revoked: the place is gone and the unit was told why; the
        # complaint's outcome stands on its own record.
        return
    change_standing(
        nomination,
        Standing.REVOKED,
        reason=reason,
        actor=actor,
        role=role,
        action="complaint.revoke",
    )
