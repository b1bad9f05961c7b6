"""Every change to a unit's nominations goes through here: locks, quota, read-only states, audit.

Writes lock the campaign row first (so 序号 and places are counted by one writer at a time: on
PostgreSQL a row lock, on SQLite the IMMEDIATE transaction), then the unit's submission row.
序号 themselves are ``numbering``'s: the unit's next number on creation, the gap closed on
deletion.
Two clerks adding the last place at the same moment can therefore never both succeed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from pingxuan.web.audit.domain.record import diff, record
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.numbering import next_number, renumber
from pingxuan.web.nominations.enums import Kind, Standing
from pingxuan.web.nominations.models import Honour, NegativeRecord, Nomination, Submission


class NominationRefused(Exception):
    """A change the rules do not allow; the message is Chinese and says what to do."""


@dataclass
class HonourInput:
    level: str
    name: str
    year: int
    comprehensive: bool = True


@dataclass
class NominationInput:
    """What a form or an import row asks to store."""

    award: str
    kind: str = Kind.COMPREHENSIVE
    cells: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    honours: list[HonourInput] | None = None  # None: leave the stored honours alone
    negatives: list[tuple[str, date]] | None = None
    alternate_of: Nomination | None = None


def lock_unit(campaign: Campaign, unit: Unit) -> Submission:
    """Lock the campaign and the unit's submission for the rest of the transaction. NO KEY: the
    writers still take turns, but an audit row naming the campaign (its foreign key's KEY SHARE)
    is not held up, which would deadlock against the audit chain head."""
    Campaign.objects.select_for_update(no_key=True).only("pk").get(pk=campaign.pk)
    Submission.objects.get_or_create(campaign=campaign, unit=unit)
    return Submission.objects.select_for_update().get(campaign=campaign, unit=unit)


def read_only_refusal(campaign: Campaign) -> str:
    """Why a submitted unit's data cannot change, naming whom to ask: 市总工会, 县总工会."""
    return _("本单位已报送初审，数据只读；如需修改，请联系%(federation)s退回。") % {
        "federation": campaign_spec(campaign).campaign.federation_short
    }


def _ensure_editable(campaign: Campaign, submission: Submission) -> None:
    if not submission.editable:
        raise NominationRefused(read_only_refusal(campaign))


def _ensure_not_decided(campaign: Campaign, nomination: Nomination | None) -> None:
    """Only a nomination still waiting for 初审 can change. A failed, rejected or revoked one is
    final (RULES.md §5): it is neither changed nor deleted and keeps its place, so that it cannot
    be replaced; a passed or approved one is what the city reviewed, so a unit returned for
    corrections corrects only the others. Read again under the lock: the caller's copy may
    predate a release."""
    if nomination is None or nomination.pk is None:
        return
    current = Nomination.objects.filter(pk=nomination.pk).first()
    if current is None or current.standing == Standing.NOMINATED:
        return
    if current.withdrawn:
        raise NominationRefused(
            _(
                "“%(name)s”%(standing)s，结论是最终的：不能修改或删除，也不能另行替换，其名额不再使用。"
            )
            % {"name": current.display_name, "standing": current.get_standing_display()}
        )
    raise NominationRefused(
        _(
            "“%(name)s”已%(standing)s，%(federation)s审核过的内容不能再修改或删除；"
            "如确需更正，请联系%(federation)s。"
        )
        % {
            "name": current.display_name,
            "standing": current.get_standing_display(),
            "federation": campaign_spec(campaign).campaign.federation_short,
        }
    )


def _ensure_place(
    campaign: Campaign, unit: Unit, data: NominationInput, nomination: Nomination | None
) -> None:
    spec = campaign_spec(campaign)
    award = spec.award(data.award)
    if data.kind == Kind.SPECIAL and not award.special_track:
        raise NominationRefused(_("%(award)s没有专项表彰。") % {"award": award.name})
    if data.kind == Kind.ALTERNATE:
        leader = data.alternate_of
        if leader is None or leader.unit_id != unit.pk or leader.award != award.name:
            raise NominationRefused(_("备选须对应本单位同一奖项的企业负责人或科级领导干部。"))
        return
    if data.kind != Kind.COMPREHENSIVE:
        return
    capacity = spec.capacity(unit.name, award.name)
    # Withdrawn (failed, rejected, revoked) nominations are counted: their place is gone.
    taken = (
        Nomination.objects.filter(
            campaign=campaign, unit=unit, award=award.name, kind=Kind.COMPREHENSIVE
        )
        .exclude(pk=nomination.pk if nomination else None)
        .count()
    )
    if taken >= capacity:
        if capacity == 0:
            raise NominationRefused(_("本单位没有%(award)s名额。") % {"award": award.name})
        raise NominationRefused(
            _("本单位%(award)s名额%(n)s个已全部占用，不能再增加；可修改或删除已有推荐对象。")
            % {"award": award.name, "n": capacity}
        )


def _snapshot(nomination: Nomination) -> dict[str, Any]:
    return {
        **nomination.cells,
        "表彰类型": nomination.kind,
        "备选对象": nomination.alternate_of_id,
        **{f"补充:{k}": v for k, v in nomination.extra.items()},
    }


def save_nomination(
    campaign: Campaign,
    unit: Unit,
    data: NominationInput,
    *,
    actor: Any,
    role: str,
    nomination: Nomination | None = None,
) -> Nomination:
    """Create (``nomination=None``) or update a nomination of ``unit``."""
    spec = campaign_spec(campaign)
    subject = spec.award(data.award).subject
    with transaction.atomic():
        submission = lock_unit(campaign, unit)
        _ensure_editable(campaign, submission)
        _ensure_not_decided(campaign, nomination)
        _ensure_place(campaign, unit, data, nomination)
        before = _snapshot(nomination) if nomination else {}
        if nomination is None:
            nomination = Nomination(
                campaign=campaign,
                unit=unit,
                award=data.award,
                subject=subject,
                seq=next_number(campaign, unit, data.award),
                created_by=actor,
            )
        nomination.kind = data.kind
        nomination.cells = {k: v for k, v in data.cells.items() if v not in (None, "")}
        nomination.extra = {k: v for k, v in data.extra.items() if v not in (None, "")}
        nomination.alternate_of = data.alternate_of if data.kind == Kind.ALTERNATE else None
        nomination.save()
        if data.honours is not None:
            nomination.honours.all().delete()
            Honour.objects.bulk_create(
                Honour(
                    nomination=nomination,
                    level=h.level,
                    name=h.name,
                    year=h.year,
                    comprehensive=h.comprehensive,
                )
                for h in data.honours
            )
        if data.negatives is not None:
            nomination.negative_records.all().delete()
            NegativeRecord.objects.bulk_create(
                NegativeRecord(nomination=nomination, kind=kind, date=when)
                for kind, when in data.negatives
            )
        record(
            "nomination.create" if not before else "nomination.update",
            actor=actor,
            role=role,
            campaign=campaign,
            unit_name=unit.name,
            obj=nomination,
            changes=diff(before, _snapshot(nomination)),
        )
    return nomination


def delete_nomination(
    nomination: Nomination, *, actor: Any, role: str, close_gap: bool = True, reason: str = ""
) -> None:
    """Delete, and close the gap in the unit's 序号 (``close_gap=False``: the caller numbers
    the unit afresh anyway, as the import does).

    A nomination a child campaign forwarded is deleted only with a ``reason``: the forwarding
    stays as the record, withdrawn, for the child's office to see (``rounds.domain.withdrawal``).
    """
    from pingxuan.web.rounds.domain.withdrawal import withdraw  # rounds builds on nominations

    with transaction.atomic():
        submission = lock_unit(nomination.campaign, nomination.unit)
        _ensure_editable(nomination.campaign, submission)
        _ensure_not_decided(nomination.campaign, nomination)
        withdrawn = withdraw(nomination, reason=reason, actor=actor, role=role)
        before = _snapshot(nomination)
        changes = diff(before, {})
        changes["序号"] = [nomination.seq, None]
        if withdrawn is not None:
            changes["撤回报送"] = [withdrawn.pk, None]
            changes["撤回理由"] = [None, withdrawn.withdrawn_reason]
        if close_gap:
            # The unit's later numbers move up one each: said here, on the row that caused it.
            later = Nomination.objects.filter(
                campaign=nomination.campaign,
                unit=nomination.unit,
                award=nomination.award,
                seq__gt=nomination.seq,
            ).count()
            if later:
                changes["其后序号前移"] = [None, later]
        record(
            "nomination.delete",
            actor=actor,
            role=role,
            campaign=nomination.campaign,
            unit_name=nomination.unit.name,
            obj=nomination,
            changes=changes,
        )
        try:
            nomination.delete()
        except ProtectedError:
            # Something of the city's refers to it (a complaint under investigation): the
            # nomination is evidence now, and stays.
            raise NominationRefused(
                _(
                    "%(federation)s的登记记录（如举报处理）引用了该推荐对象，不能删除；"
                    "如有疑问请联系%(federation)s。"
                )
                % {"federation": campaign_spec(nomination.campaign).campaign.federation_short}
            ) from None
        if close_gap:
            renumber(nomination.campaign, nomination.unit, nomination.award)


def reveal_id_number(nomination: Nomination, *, actor: Any, role: str) -> str:
    """The one place a full ID number leaves the database for a page; each reveal is audited."""
    record(
        "nomination.reveal_id",
        actor=actor,
        role=role,
        campaign=nomination.campaign,
        unit_name=nomination.unit.name,
        obj=nomination,
    )
    return str(nomination.cells.get("身份证号", ""))
