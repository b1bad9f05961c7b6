"""Is submission (or the 复审 materials) still open for this unit, and until when: the one place
every page and domain function asks, and the one way the office grants an extension (延期).

The window itself is the core's (``pingxuan.core.deadlines.effective_window``): the notice's
deadline moved by the extensions stored here. Callers judge ``window.is_open(now)`` inside their
own transaction, after their lock, so that a request that waited past the deadline is late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.core.deadlines import Extension as Grant
from pingxuan.core.deadlines import Gate, Window, effective_window, gated_deadline
from pingxuan.core.spec.models import Deadline, Spec
from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Extension, Unit
from pingxuan.web.campaigns.models.extension import REASON_LENGTH

__all__ = [
    "DeadlineLine",
    "ExtensionRefused",
    "Gate",
    "Window",
    "closed_refusal",
    "deadline_lines",
    "gate_line",
    "gate_window",
    "grant_extension",
    "moment",
    "submission_line",
    "window",
]


class ExtensionRefused(Exception):
    """An extension the office cannot grant; the message is Chinese and says what to do."""


def moment(spec: Spec, at: datetime, *, seconds: bool = False) -> str:
    """A moment as the notice writes it, in the campaign's time zone."""
    local = at.astimezone(ZoneInfo(spec.campaign.timezone))
    return f"{local:%Y年%m月%d日 %H:%M:%S}" if seconds else f"{local:%Y年%m月%d日 %H:%M}"


def _grants(campaign: Campaign) -> list[Grant]:
    return [
        Grant(e.deadline, e.unit.name if e.unit else None, e.new_at, e.reason, e.granted_at)
        for e in Extension.objects.filter(campaign=campaign).select_related("unit")
    ]


def window(campaign: Campaign, unit: Unit | None, deadline: Deadline) -> Window:
    """The window of one of the spec's deadlines for ``unit`` (None: the whole campaign)."""
    return effective_window(deadline, _grants(campaign), unit.name if unit else None)


def gate_window(
    campaign: Campaign, unit: Unit | None, gate: Gate
) -> tuple[Deadline | None, Window]:
    """The deadline that closes ``gate`` and its window for ``unit``; a gate the spec does not
    close is open (``Window(None, None, None)``)."""
    deadline = gated_deadline(campaign_spec(campaign), gate)
    if deadline is None:
        return None, Window(None, None, None)
    return deadline, window(campaign, unit, deadline)


def closed_refusal(campaign: Campaign, unit: Unit, gate: Gate) -> str | None:
    """Why ``gate`` is closed for ``unit`` right now (a Chinese sentence), or None while open."""
    deadline, found = gate_window(campaign, unit, gate)
    if deadline is None or found.is_open(timezone.now()):
        return None
    assert found.closes_at is not None  # an open-ended window is always open
    spec = campaign_spec(campaign)
    values = {"at": moment(spec, found.closes_at, seconds=True)}
    if gate is Gate.SUBMISSION:
        values["consequence"] = deadline.consequence or _("不能再报送")
        return _("已过报送截止时间（%(at)s），%(consequence)s。") % values
    values["consequence"] = deadline.consequence or _("不能再提交复审材料")
    return _("已过复审材料报送截止时间（%(at)s），%(consequence)s。") % values


@dataclass(frozen=True)
class DeadlineLine:
    """One deadline as a unit's page shows it: the moment in force, and why it moved."""

    key: str
    label: str
    closes_at: datetime | None
    at: str  # empty: 另行通知
    iso: str
    passed: bool
    consequence: str
    clause: str
    original: str  # the notice's own moment when an extension moved it, else empty
    extension_note: str  # 已延期至…（原因）, else empty


def line(spec: Spec, deadline: Deadline, found: Window, now: datetime) -> DeadlineLine:
    note = ""
    if found.extension is not None and found.closes_at is not None:
        if found.original is None:
            note = _("%(federation)s定于%(at)s（%(reason)s）") % {
                "federation": spec.campaign.federation_short,
                "at": moment(spec, found.closes_at),
                "reason": found.extension.reason,
            }
        else:
            note = _("已延期至%(at)s（%(reason)s）") % {
                "at": moment(spec, found.closes_at),
                "reason": found.extension.reason,
            }
    return DeadlineLine(
        key=deadline.key,
        label=deadline.label,
        closes_at=found.closes_at,
        at=moment(spec, found.closes_at) if found.closes_at else "",
        iso=found.closes_at.isoformat() if found.closes_at else "",
        passed=not found.is_open(now),
        consequence=deadline.consequence,
        clause=deadline.clause,
        original=moment(spec, found.original) if found.extended and found.original else "",
        extension_note=note,
    )


def gate_line(
    campaign: Campaign, unit: Unit | None, gate: Gate, now: datetime
) -> DeadlineLine | None:
    """The line of the deadline that closes ``gate`` (None when the spec closes it with none)."""
    deadline, found = gate_window(campaign, unit, gate)
    if deadline is None:
        return None
    return line(campaign_spec(campaign), deadline, found, now)


def submission_line(campaign: Campaign, lines: list[DeadlineLine]) -> DeadlineLine | None:
    """Of ``deadline_lines``' result, the one that closes submission for 初审."""
    deadline = gated_deadline(campaign_spec(campaign), Gate.SUBMISSION)
    return next((item for item in lines if deadline and item.key == deadline.key), None)


def deadline_lines(campaign: Campaign, unit: Unit | None, now: datetime) -> list[DeadlineLine]:
    """Every deadline of the notice (四) as ``unit`` must plan by it (None: campaign-wide)."""
    spec = campaign_spec(campaign)
    grants = _grants(campaign)
    name = unit.name if unit else None
    return [
        line(spec, deadline, effective_window(deadline, grants, name), now)
        for deadline in spec.deadlines
    ]


def grant_extension(
    campaign: Campaign,
    *,
    deadline_key: str,
    unit: Unit | None,
    new_at: datetime,
    reason: str,
    actor: Any,
    role: str,
) -> Extension:
    """Extend (or, for a deadline the notice left 另行通知, set) a deadline for one unit or the
    whole campaign: later than the moment in force for that scope, in the future, with a reason."""
    spec = campaign_spec(campaign)
    deadline = next((d for d in spec.deadlines if d.key == deadline_key), None)
    if deadline is None:
        raise ExtensionRefused(_("请选择通知里的一个截止时间。"))
    if unit is not None and unit.campaign_id != campaign.pk:
        raise ExtensionRefused(_("请选择本评选活动的推荐单位。"))
    reason = reason.strip()
    if not reason:
        raise ExtensionRefused(_("请写明延期原因：推荐单位会在页面上看到这段说明。"))
    if len(reason) > REASON_LENGTH:
        raise ExtensionRefused(
            _("“延期原因”共%(n)s字，超过上限%(max)s字，请删减到%(max)s字以内。")
            % {"n": len(reason), "max": REASON_LENGTH}
        )
    with transaction.atomic():
        # One grant at a time per campaign: two offices extending at once both see the other.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        now = timezone.now()
        if new_at <= now:
            raise ExtensionRefused(
                _("延至的时间（%(at)s）已经过去，请选择今后的时间。") % {"at": moment(spec, new_at)}
            )
        current = window(campaign, unit, deadline).closes_at
        if current is not None and new_at <= current:
            raise ExtensionRefused(
                _("%(scope)s的“%(label)s”已是%(at)s；延期须晚于这个时间。")
                % {
                    "scope": unit.name if unit else _("全部推荐单位"),
                    "label": deadline.label,
                    "at": moment(spec, current),
                }
            )
        extension = Extension.objects.create(
            campaign=campaign,
            unit=unit,
            deadline=deadline.key,
            new_at=new_at,
            reason=reason,
            granted_by=actor,
            granted_at=now,
        )
        record(
            "deadline.extend",
            actor=actor,
            role=role,
            campaign=campaign,
            unit_name=unit.name if unit else "",
            obj=extension,
            changes={
                "截止时间": [deadline.label, deadline.label],
                "适用": ["", unit.name if unit else str(_("全部推荐单位"))],
                "时间": [
                    moment(spec, current) if current else str(_("另行通知")),
                    moment(spec, new_at),
                ],
                "原因": ["", reason],
            },
        )
    return extension
