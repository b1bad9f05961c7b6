"""Submitting a unit for 初审 and returning it: the deadline is judged inside the transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.domain.deadlines import Gate, closed_refusal, gate_window, moment
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.limits import EXPLANATION, refusal
from pingxuan.web.nominations.domain.compliance import finding_key, unit_compliance
from pingxuan.web.nominations.domain.edit import NominationRefused, lock_unit, read_only_refusal
from pingxuan.web.nominations.enums import SubmissionState
from pingxuan.web.nominations.models import Submission
from pingxuan.web.notifications.domain import notify


def submit_unit(
    campaign: Campaign, unit: Unit, *, explanations: dict[str, str], actor: Any, role: str
) -> Submission:
    """Submit for 初审: no error, a written explanation for every warning, before the deadline."""
    with transaction.atomic():
        submission = lock_unit(campaign, unit)
        # Judged here, after the lock: a request that waited for the lock past the deadline is late.
        if (closed := closed_refusal(campaign, unit, Gate.SUBMISSION)) is not None:
            raise NominationRefused(closed)
        if not submission.editable:
            raise NominationRefused(_("本单位已报送初审，无需重复报送。"))
        compliance = unit_compliance(campaign, unit)
        if not compliance.findings and not compliance.seatings:
            raise NominationRefused(_("本单位还没有推荐对象，不能报送。"))
        if compliance.errors:
            raise NominationRefused(
                _("还有 %(n)s 个错误未改正，改正后才能报送。") % {"n": len(compliance.errors)}
            )
        needed = {finding_key(f) for f in compliance.warnings}
        given = {key: text.strip() for key, text in explanations.items() if text.strip()}
        missing = needed - set(given)
        if missing:
            raise NominationRefused(
                _("还有 %(n)s 个警告没有填写说明，每个警告都须书面说明理由。") % {"n": len(missing)}
            )
        for key in sorted(needed):
            if (too_long := refusal(EXPLANATION, given[key])) is not None:
                raise NominationRefused(too_long)
        submission.state = SubmissionState.SUBMITTED
        submission.submitted_at = timezone.now()
        submission.submitted_by = actor
        submission.explanations = {key: given[key] for key in sorted(needed)}
        submission.save(update_fields=["state", "submitted_at", "submitted_by", "explanations"])
        record(
            "submission.submit",
            actor=actor,
            role=role,
            campaign=campaign,
            unit_name=unit.name,
            obj=submission,
            changes={
                "状态": [str(SubmissionState.DRAFT.label), str(SubmissionState.SUBMITTED.label)]
            },
        )
    return submission


RETURNS_ALLOWED = 1  # 初审 hands a unit back once for corrections (RULES.md §5)


def may_be_returned(submission: Submission) -> bool:
    """Whether the unit's 初审 submission can still be handed back for corrections: what the unit
    is told after submitting (the deadline aside, which the unit sees on its own)."""
    return submission.return_count < RETURNS_ALLOWED


def return_unit(campaign: Campaign, unit: Unit, *, note: str, actor: Any, role: str) -> Submission:
    """The city hands a submitted unit back for corrections, once and before the 初审 deadline.

    Its data become editable again; its unreleased 初审 decisions are dropped (the unit will
    submit again and be decided afresh); released ones stand, and a failed nomination keeps its
    place. The unit is told with the note."""
    # Imported here: the review app builds on this one, not the other way round.
    from pingxuan.web.review.domain.decisions import drop_unreleased
    from pingxuan.web.review.enums import ReviewStage

    note = note.strip()
    if not note:
        raise NominationRefused(_("请写明退回原因：推荐单位会看到这段说明。"))
    with transaction.atomic():
        submission = lock_unit(campaign, unit)
        # The unit's own window, extensions included: a unit granted more time may be handed back.
        deadline, window = gate_window(campaign, unit, Gate.SUBMISSION)
        if deadline is not None and not window.is_open(timezone.now()):
            assert window.closes_at is not None
            raise NominationRefused(
                _("已过%(label)s时间（%(at)s），不能再退回修改。")
                % {
                    "label": deadline.label,
                    "at": moment(campaign_spec(campaign), window.closes_at, seconds=True),
                }
            )
        if submission.state != SubmissionState.SUBMITTED:
            raise NominationRefused(
                _("该单位当前为“%(state)s”，只有已报送初审的单位才能退回。")
                % {"state": submission.get_state_display()}
            )
        if submission.return_count >= RETURNS_ALLOWED:
            raise NominationRefused(_("该单位已退回过一次，初审期间只能退回一次。"))
        dropped = drop_unreleased(campaign, unit, ReviewStage.FIRST)
        submission.state = SubmissionState.RETURNED
        submission.returned_at = timezone.now()
        submission.return_note = note
        submission.return_count += 1
        submission.save(update_fields=["state", "returned_at", "return_note", "return_count"])
        record(
            "submission.return",
            actor=actor,
            role=role,
            campaign=campaign,
            unit_name=unit.name,
            obj=submission,
            changes={
                "状态": [str(SubmissionState.SUBMITTED.label), str(SubmissionState.RETURNED.label)],
                "退回说明": ["", note],
                "退回次数": [submission.return_count - 1, submission.return_count],
                "撤回未发布的初审决定": [dropped, 0],
            },
        )
        notify(
            campaign,
            unit,
            _(
                "%(federation)s已退回本单位的初审报送，请在截止时间前修改并重新报送（只退回这一次）："
                "%(note)s"
            )
            % {"federation": campaign_spec(campaign).campaign.federation_short, "note": note},
            kind=_("退回修改"),
        )
    return submission


def set_initial_counts(
    campaign: Campaign, unit: Unit, counts: dict[str, int | None], *, actor: Any, role: str
) -> Submission:
    """Record how many initial candidates each award started with (差额推荐, 三（二）)."""
    spec = campaign_spec(campaign)
    known = {award.name for award in spec.awards}
    with transaction.atomic():
        submission = lock_unit(campaign, unit)
        if not submission.editable:
            raise NominationRefused(read_only_refusal(campaign))
        before = dict(submission.initial_counts)
        after = {
            name: count for name, count in counts.items() if name in known and count is not None
        }
        submission.initial_counts = after
        submission.save(update_fields=["initial_counts"])
        record(
            "submission.initial_counts",
            actor=actor,
            role=role,
            campaign=campaign,
            unit_name=unit.name,
            obj=submission,
            changes={
                name: [before.get(name), after.get(name)]
                for name in sorted(set(before) | set(after))
                if before.get(name) != after.get(name)
            },
        )
    return submission
