"""Filing a complaint and handling it: link it to a nomination, investigate, record the outcome.

A substantiated complaint about a linked nomination revokes it through ``change_standing``: the
place is cancelled and never refilled (RULES.md §5), and the unit is told why. An unsubstantiated
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
from pingxuan.web.complaints.models import Complaint
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
        Campaign.objects.select_for_update().only("pk").get(pk=campaign.pk)
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


def _locked(complaint: Complaint) -> Complaint:
    locked = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("nomination")
        .get(pk=complaint.pk)
    )
    if locked.state == ComplaintState.CLOSED:
        raise ComplaintRefused(_("该举报已办结，不能再修改。"))
    return locked


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
        unit_name=complaint.nomination.unit.name if complaint.nomination else "",
        obj=complaint,
        changes={"受理编号": [complaint.reference, complaint.reference], **changes},
    )


def link_nomination(
    complaint: Complaint, nomination: Nomination | None, *, actor: Any, role: str
) -> Complaint:
    """Link (or unlink, with ``None``) the nomination the complaint is about, of its campaign."""
    if nomination is not None and nomination.campaign_id != complaint.campaign_id:
        raise ComplaintRefused(_("只能关联本次评选的推荐对象。"))
    with transaction.atomic():
        locked = _locked(complaint)
        before = locked.nomination_id
        locked.nomination = nomination
        after = nomination.pk if nomination else None
        _save(
            locked,
            ["nomination"],
            "complaint.link",
            {"关联推荐对象": [before, after]},
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


def close(complaint: Complaint, outcome: str, note: str, *, actor: Any, role: str) -> Complaint:
    """Record the outcome; a substantiated complaint revokes its linked nomination, with the note
    as the reason the unit reads. Both happen together or not at all."""
    note = note.strip()
    if outcome not in Outcome.values:
        raise ComplaintRefused(_("请选择调查结论：属实或不属实。"))
    if not note:
        raise ComplaintRefused(_("请写明结论说明：举报属实时，推荐单位会看到这段说明。"))
    with transaction.atomic():
        locked = _locked(complaint)
        before = str(ComplaintState(locked.state).label)
        locked.state = ComplaintState.CLOSED
        locked.outcome = outcome
        locked.outcome_note = note
        locked.closed_at = timezone.now()
        _save(
            locked,
            ["state", "outcome", "outcome_note", "closed_at"],
            "complaint.close",
            {
                "状态": [before, str(ComplaintState.CLOSED.label)],
                "调查结论": [None, str(Outcome(outcome).label)],
                "结论说明": [None, note],
            },
            actor=actor,
            role=role,
        )
        nomination = locked.nomination
        if outcome == Outcome.SUBSTANTIATED and nomination is not None:
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
