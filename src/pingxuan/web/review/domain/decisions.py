"""初审 and 复审 decisions: prepared one by one, previewed, then released together.

A reviewer prepares a pass or fail per nomination; nothing changes for the unit until the
decisions are released. ``preview`` lists exactly what a release will change, and ``release``
refuses when that list changed since it was shown (another reviewer prepared or withdrew one), so
what was seen is what is done. Release goes through ``change_standing``, which audits the change
and tells the unit. A failed nomination is final and keeps its place (RULES.md §5, 三（六）).
Both stages share this module; they differ only in the checks of ``_refusal``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.limits import DECISION_REASON
from pingxuan.web.nominations.domain.edit import NominationRefused, lock_unit
from pingxuan.web.nominations.domain.standing import change_standing
from pingxuan.web.nominations.enums import Standing, SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from pingxuan.web.review.enums import Outcome, ReviewStage
from pingxuan.web.review.models import Decision

REASON_MAX = DECISION_REASON.max_length

# What a released decision makes of the nomination, per stage.
AFTER: dict[tuple[str, str], Standing] = {
    (ReviewStage.FIRST, Outcome.PASS): Standing.PASSED,
    (ReviewStage.FIRST, Outcome.FAIL): Standing.FAILED,
    (ReviewStage.SECOND, Outcome.PASS): Standing.APPROVED,
    (ReviewStage.SECOND, Outcome.FAIL): Standing.REJECTED,
}

# Where a nomination must stand to be decided at a stage.
BEFORE: dict[str, Standing] = {
    ReviewStage.FIRST: Standing.NOMINATED,
    ReviewStage.SECOND: Standing.PASSED,
}


@dataclass(frozen=True)
class Change:
    """One line of the preview: what releasing ``decision_id`` does to a nomination."""

    decision_id: int
    nomination: Nomination
    unit: str
    outcome: Outcome
    before: Standing
    after: Standing
    reason: str
    prepared_by: str
    prepared_at: datetime


def action_name(stage: str, verb: str) -> str:
    """``review.first.release`` and the like: the audit row's name."""
    return f"review.{ReviewStage(stage).value}.{verb}"


def _refusal(
    nomination: Nomination,
    stage: str,
    outcome: str,
    reason: str,
    *,
    releasing: bool = False,
    checklists: dict[int, list[Any]] | None = None,
) -> str:
    """Why this decision may not be prepared (or, ``releasing``, released) now, or ""."""
    stage_label = ReviewStage(stage).label
    if nomination.withdrawn:
        return _("“%(name)s”已%(standing)s，结论是最终的，不能再审核。") % {
            "name": nomination.display_name,
            "standing": nomination.get_standing_display(),
        }
    if outcome == Outcome.FAIL and not reason:
        return _("不通过须写明理由：推荐单位会看到这段说明。")
    if stage == ReviewStage.FIRST:
        submission = Submission.objects.filter(
            campaign_id=nomination.campaign_id, unit_id=nomination.unit_id
        ).first()
        if submission is None or submission.state != SubmissionState.SUBMITTED:
            return _("%(unit)s当前不是“已报送初审”状态，不能初审。") % {
                "unit": nomination.unit.name
            }
    if nomination.standing != BEFORE[stage]:
        return _("“%(name)s”当前为“%(standing)s”，不能%(stage)s。") % {
            "name": nomination.display_name,
            "standing": nomination.get_standing_display(),
            "stage": stage_label,
        }
    if stage == ReviewStage.SECOND and outcome == Outcome.PASS:
        # Imported here: the opinions app sits beside this one, and only 复审 needs it.
        from pingxuan.web.opinions.domain import missing_opinions

        missing = missing_opinions(nomination)
        if missing:
            return _("“%(name)s”还缺少以下部门的同意意见：%(missing)s；齐全后才能复审通过。") % {
                "name": nomination.display_name,
                "missing": "、".join(missing),
            }
    if stage == ReviewStage.SECOND and outcome == Outcome.PASS:
        # One place, one person (三（一）1): a leader and its alternate never both pass 复审.
        partner = _place_partner_approved(nomination)
        if partner is not None:
            return _(
                "“%(name)s”与“%(other)s”同占一个名额（负责人与其备选），后者已复审通过，不能同时通过。"
            ) % {
                "name": nomination.display_name,
                "other": partner.display_name,
            }
    if stage == ReviewStage.SECOND and releasing:
        # A 复审 result is prepared whenever the reviewer likes (the selection prepares many at
        # once) but released only in the procedure's order.
        from pingxuan.web.review.domain.second import release_problem

        return release_problem(nomination, outcome == Outcome.PASS, checklists)
    return ""


def _place_partner_approved(nomination: Nomination) -> Nomination | None:
    """The leader or alternate sharing ``nomination``'s place, if it has passed 复审."""
    partners = Nomination.objects.filter(standing=Standing.APPROVED)
    if nomination.alternate_of_id is not None:
        return partners.filter(pk=nomination.alternate_of_id).first()
    return partners.filter(alternate_of=nomination).first()


def _released(nomination: Nomination, stage: str) -> Decision | None:
    return Decision.objects.filter(
        nomination=nomination, stage=stage, released_at__isnull=False
    ).first()


def prepare(
    campaign: Campaign,
    nomination: Nomination,
    stage: str,
    outcome: str,
    reason: str,
    *,
    actor: Any,
    role: str,
) -> Decision:
    """Create or replace the unreleased ``stage`` decision on ``nomination``."""
    if nomination.campaign_id != campaign.pk:
        raise NominationRefused(_("该推荐对象不属于本评选活动。"))
    stage, outcome = ReviewStage(stage), Outcome(outcome)
    reason = reason.strip()[:REASON_MAX]
    with transaction.atomic():
        lock_unit(campaign, nomination.unit)
        current = Nomination.objects.select_related("unit").get(pk=nomination.pk)
        if _released(current, stage) is not None:
            raise NominationRefused(
                _("“%(name)s”的%(stage)s结论已发布，不能更改。")
                % {"name": current.display_name, "stage": stage.label}
            )
        refusal = _refusal(current, stage, outcome, reason)
        if refusal:
            raise NominationRefused(refusal)
        decision = Decision.objects.filter(nomination=current, stage=stage).first()
        before = [decision.get_outcome_display(), decision.reason] if decision else ["", ""]
        if decision is None:
            decision = Decision(campaign=campaign, nomination=current, stage=stage)
        decision.outcome = outcome
        decision.reason = reason
        decision.prepared_by = actor
        decision.prepared_at = timezone.now()
        decision.save()
        record(
            action_name(stage, "prepare"),
            actor=actor,
            role=role,
            campaign=campaign,
            unit_name=current.unit.name,
            obj=current,
            changes={"结论": [before[0], str(outcome.label)], "理由": [before[1], reason]},
        )
    return decision


def prepare_rest_as_passed(
    campaign: Campaign, unit: Unit, stage: str, *, actor: Any, role: str
) -> tuple[int, list[str]]:
    """Prepare a pass for every nomination of ``unit`` still undecided at ``stage`` (the
    reviewer has failed the few that fail). Returns how many were prepared, and why the others
    could not be (e.g. 复审 opinions missing); nothing is released."""
    stage = ReviewStage(stage)
    decided = Decision.objects.filter(campaign=campaign, nomination__unit=unit, stage=stage)
    undecided = (
        Nomination.objects.filter(campaign=campaign, unit=unit, standing=BEFORE[stage])
        .exclude(pk__in=decided.values("nomination_id"))
        .order_by("award", "seq")
    )
    prepared, refusals = 0, []
    with transaction.atomic():
        for nomination in undecided:
            try:
                prepare(campaign, nomination, stage, Outcome.PASS, "", actor=actor, role=role)
            except NominationRefused as refusal:
                refusals.append(str(refusal))
            else:
                prepared += 1
    return prepared, refusals


def withdraw_prepared(
    campaign: Campaign, nomination: Nomination, stage: str, *, actor: Any, role: str
) -> bool:
    """Drop the unreleased ``stage`` decision on ``nomination``; False when there was none."""
    stage = ReviewStage(stage)
    with transaction.atomic():
        lock_unit(campaign, nomination.unit)
        decision = Decision.objects.filter(
            campaign=campaign, nomination=nomination, stage=stage, released_at__isnull=True
        ).first()
        if decision is None:
            return False
        record(
            action_name(stage, "withdraw"),
            actor=actor,
            role=role,
            campaign=campaign,
            unit_name=nomination.unit.name,
            obj=nomination,
            changes={"结论": [decision.get_outcome_display(), ""], "理由": [decision.reason, ""]},
        )
        decision.delete()
    return True


def drop_unreleased(campaign: Campaign, unit: Unit, stage: str) -> int:
    """Delete a unit's unreleased decisions (a returned unit is decided again from scratch).
    The caller holds the unit's lock and writes the audit row."""
    dropped, _by_model = Decision.objects.filter(
        campaign=campaign, nomination__unit=unit, stage=stage, released_at__isnull=True
    ).delete()
    return dropped


def pending(campaign: Campaign, stage: str, *, unit: Unit | None = None) -> list[Decision]:
    """The unreleased decisions of a stage, in the order the preview shows them."""
    decisions = Decision.objects.filter(
        campaign=campaign, stage=stage, released_at__isnull=True
    ).select_related("nomination", "nomination__unit", "nomination__campaign", "prepared_by")
    if unit is not None:
        decisions = decisions.filter(nomination__unit=unit)
    return sorted(
        decisions,
        key=lambda d: (d.nomination.unit.name, d.nomination.award, d.nomination.seq),
    )


def preview(campaign: Campaign, stage: str, *, unit: Unit | None = None) -> list[Change]:
    """Exactly what ``release`` of the same decisions will change."""
    stage = ReviewStage(stage)
    return [
        Change(
            decision_id=d.pk,
            nomination=d.nomination,
            unit=d.nomination.unit.name,
            outcome=Outcome(d.outcome),
            before=Standing(d.nomination.standing),
            after=AFTER[(stage, d.outcome)],
            reason=d.reason,
            prepared_by=d.prepared_by.get_username() if d.prepared_by else "",
            prepared_at=d.prepared_at,
        )
        for d in pending(campaign, stage, unit=unit)
    ]


def release_blockers(changes: Iterable[Change], stage: str) -> dict[int, str]:
    """Decision id → why it may not be released now, for those that may not: the preview
    shows these, and ``release`` refuses while there is any. Besides each decision's own
    check, a leader and its alternate may not both pass 复审 in one release."""
    blockers: dict[int, str] = {}
    checklists: dict[int, list[Any]] = {}
    passing: dict[int, Nomination] = {}
    for change in changes:
        nomination = change.nomination
        refusal = _refusal(
            nomination,
            stage,
            change.outcome,
            change.reason,
            releasing=True,
            checklists=checklists,
        )
        if not refusal and stage == ReviewStage.SECOND and change.outcome == Outcome.PASS:
            partner = _partner_in(nomination, passing)
            if partner is not None:
                refusal = _(
                    "“%(name)s”与“%(other)s”同占一个名额（负责人与其备选），不能同时复审通过。"
                ) % {"name": nomination.display_name, "other": partner.display_name}
            passing[nomination.pk] = nomination
        if refusal:
            blockers[change.decision_id] = refusal
    return blockers


def _partner_in(nomination: Nomination, passing: dict[int, Nomination]) -> Nomination | None:
    if nomination.alternate_of_id in passing:
        return passing[nomination.alternate_of_id]
    return next((n for n in passing.values() if n.alternate_of_id == nomination.pk), None)


def release(
    campaign: Campaign,
    stage: str,
    decision_ids: Iterable[int],
    *,
    actor: Any,
    role: str,
    unit: Unit | None = None,
) -> list[Change]:
    """Release the previewed decisions (``decision_ids`` as the preview showed them) at once.

    Refused, with nothing changed, when the unreleased decisions in scope are no longer exactly
    those ids: the reviewer must look at the new preview first."""
    stage = ReviewStage(stage)
    shown = set(decision_ids)
    if not shown:
        raise NominationRefused(_("没有待发布的决定。"))
    with transaction.atomic():
        # The campaign row serialises releases with every edit, return and prepare.
        Campaign.objects.select_for_update(no_key=True).only("pk").get(pk=campaign.pk)
        changes = preview(campaign, stage, unit=unit)
        if {c.decision_id for c in changes} != shown:
            raise NominationRefused(
                _(
                    "预览之后待发布的决定有了变化（有人准备、撤回了决定，或单位被退回），请核对新的预览后再发布。"
                )
            )
        blockers = release_blockers(changes, stage)
        if blockers:
            raise NominationRefused(next(iter(blockers.values())))
        now = timezone.now()
        for change in changes:
            change_standing(
                change.nomination,
                change.after,
                reason=change.reason,
                actor=actor,
                role=role,
                action=action_name(stage, "release"),
            )
            Decision.objects.filter(pk=change.decision_id).update(
                released_by=actor, released_at=now
            )
    return changes
