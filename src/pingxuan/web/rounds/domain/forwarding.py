"""Forwarding a child campaign's picks to its parent as the linked unit's nominations (三（二）:
自下而上、层层选拔), without retyping.

A pick is a nomination of the child that passed 初审 (or 复审) and whose last notice (the child's
highest publicity level that applies to it) has ended. Each becomes a normal nomination of the
parent unit through ``save_nomination``, so the parent unit's places are checked and the city-wide
ratios wait for the parent's own checks; it carries its cells, honours, negative records and
material images, and a ``Forwarding`` row keeps its provenance (the unit's vote, the notice). Its
published notices go up as a snapshot with their evidence images (``notices.domain.carried``):
the child's unit notice stands for the parent's unit level, the child's own top notice for the
parent's middle level when the linked unit publishes one, so the parent's order gates count them.
A pick already forwarded is skipped, so a second forward adds nothing; a pick whose forwarded
nomination the parent deleted (withdrawn, ``withdrawal.py``) goes up again only when asked for
one by one (``withdrawal.forward_again``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.core.publicity import carried_levels
from pingxuan.core.spec.models import Spec
from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.materials.domain import save_file
from pingxuan.web.materials.images import storage_name
from pingxuan.web.materials.models import Material
from pingxuan.web.materials.models.material import MATERIALS_DIR
from pingxuan.web.nominations.domain.adapt import Adapter
from pingxuan.web.nominations.domain.edit import (
    HonourInput,
    NominationInput,
    NominationRefused,
    save_nomination,
)
from pingxuan.web.nominations.enums import Kind, Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.carried import carry_notices
from pingxuan.web.notices.domain.notices import level_name, publisher
from pingxuan.web.notices.domain.order import required_levels
from pingxuan.web.notices.models import CarriedNotice, Notice, NoticeState
from pingxuan.web.rounds.domain.records import outcome, to_core
from pingxuan.web.rounds.models import CampaignLink, Forwarding, Round

PICKED = (Standing.PASSED, Standing.APPROVED)


@dataclass
class Pick:
    """A nomination of the child and whether it may go up now."""

    nomination: Nomination
    notice: Notice | None
    forwarded: Forwarding | None
    waiting: str  # why it cannot go up yet ("" when it can)
    withdrawn: Forwarding | None = None  # its last forwarding, withdrawn in the parent

    @property
    def ready(self) -> bool:
        return not self.waiting and self.forwarded is None and self.withdrawn is None


@dataclass
class ForwardResult:
    created: list[Forwarding] = field(default_factory=list)
    already: int = 0
    withdrawn: int = 0  # withdrawn in the parent: each goes up again only when asked for
    refused: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)


def _last_notice(spec: Spec, adapter: Adapter, nomination: Nomination, today: date) -> Any:
    """The nominee's last required notice that has ended, or the reason there is none yet."""
    levels = required_levels(spec, adapter.to_core(nomination), nomination.unit)
    if not levels:
        return None, _("没有可以公示它的层级（涉敏情况未明确）")
    last = levels[-1]
    notice = (
        Notice.objects.filter(
            campaign=nomination.campaign,
            state=NoticeState.PUBLISHED,
            level=last.key,
            rows__nomination=nomination,
        )
        .order_by("-end")
        .first()
    )
    if notice is None:
        return None, _("尚未列入%(level)s") % {"level": last.name}
    if notice.end >= today:
        return None, _("%(level)s到%(end)s结束，期满后才能报送") % {
            "level": last.name,
            "end": f"{notice.end:%Y-%m-%d}",
        }
    return notice, ""


def _full(award: str, limit: int) -> str:
    return _("超出向上级报送的%(award)s名额（共%(n)s个，已按表中顺序占满）") % {
        "award": award,
        "n": limit,
    }


def _within_limits(spec: Spec, found: list[Pick]) -> None:
    """Say of each pick that the forward would refuse for the award's limit that it would: the
    page then counts what really goes up (9 of 中牟县's 30 picks, not 30). The same order as
    ``_forward``: leaders before alternates, each award filled in list order."""
    assert spec.parent is not None
    counts: dict[str, int] = {}
    for pick in found:
        if pick.forwarded is not None and pick.nomination.kind != Kind.ALTERNATE:
            counts[pick.nomination.award] = counts.get(pick.nomination.award, 0) + 1
    over: set[int] = set()
    for pick in sorted(found, key=lambda p: p.nomination.kind == Kind.ALTERNATE):
        source = pick.nomination
        if not pick.ready or source.award not in spec.parent.forward:
            continue
        if source.kind == Kind.ALTERNATE:
            if source.alternate_of_id in over:
                pick.waiting = _("其对应的推荐对象超出向上级报送的名额，备选不单独报送")
            continue
        limit = spec.parent.forward[source.award].total
        if counts.get(source.award, 0) >= limit:
            pick.waiting = _full(source.award, limit)
            over.add(source.pk)
        else:
            counts[source.award] = counts.get(source.award, 0) + 1


def picks(link: CampaignLink, today: date | None = None) -> list[Pick]:
    """The child's nominations that passed its 初审, each with what still holds it back."""
    today = today or timezone.localdate()
    child = link.child
    spec = campaign_spec(child)
    assert spec.parent is not None
    adapter = Adapter(spec)
    nominations = list(
        Nomination.objects.filter(campaign=child, standing__in=PICKED)
        .select_related("unit", "campaign", "alternate_of")
        .prefetch_related("honours", "negative_records")
        .order_by("award", "seq")
    )
    # A pick's last forwarding: the one nothing replaced, live or withdrawn.
    last = {
        f.source_id: f
        for f in Forwarding.objects.filter(source__in=nominations, replaced_by__isnull=True)
        .select_related("nomination", "withdrawn_by")
        .order_by("forwarded_at", "pk")
    }
    # Once the child's 复审 approved any of an award, its 复审 decides who goes up for that award.
    decided = {n.award for n in nominations if n.standing == Standing.APPROVED}
    found = []
    for nomination in nominations:
        notice, waiting = _last_notice(spec, adapter, nomination, today)
        if nomination.award in decided and nomination.standing != Standing.APPROVED:
            waiting = _("本活动已在复审中确定报送的%(award)s，此对象未经复审通过") % {
                "award": nomination.award
            }
        if nomination.award not in spec.parent.forward:
            waiting = _("本活动不向上级报送%(award)s") % {"award": nomination.award}
        forwarding = last.get(nomination.pk)
        withdrawn = forwarding if forwarding is not None and forwarding.withdrawn else None
        live = forwarding if withdrawn is None else None
        found.append(Pick(nomination, notice, live, waiting, withdrawn))
    _within_limits(spec, found)
    return found


def _vote(spec: Spec, nomination: Nomination) -> tuple[Round | None, dict[str, Any]]:
    """The unit's round for the nominee's award, as the parent's reviewers will read it."""
    stored = (
        Round.objects.filter(
            campaign=nomination.campaign, unit=nomination.unit, award=nomination.award
        )
        .prefetch_related("ballots")
        .first()
    )
    if stored is None or spec.rounds is None:
        return None, {}
    ballots = list(stored.ballots.all())
    name = nomination.display_name
    return stored, {
        "单位": nomination.unit.name,
        "表决机构": stored.body,
        "表决日期": stored.held_on.isoformat(),
        "应到人数": stored.members,
        "实到人数": stored.present,
        "初始提名数": len(ballots),
        "应选人数": stored.seats,
        "当选": list(outcome(spec, nomination.unit, to_core(stored)).chosen),
        "本对象得票": next((b.votes for b in ballots if b.candidate == name), None),
        "决议": stored.resolution,
    }


def _notice(notice: Notice) -> dict[str, Any]:
    return {
        "层级": level_name(notice.campaign, notice.level),
        "标题": notice.title,
        "发布单位": publisher(notice),
        "开始": notice.start.isoformat(),
        "结束": notice.end.isoformat(),
    }


def _copy_materials(source: Nomination, target: Nomination, parent: Spec, actor: Any) -> int:
    """The nominee's images the parent also asks for, as new files (the child's stay its own)."""
    wanted = {m.name for m in parent.materials if m.scope == "nomination"}
    copied = 0
    for material in Material.objects.filter(nomination=source, requirement__in=wanted):
        with default_storage.open(material.path, "rb") as handle:
            data = handle.read()
        name = storage_name()
        path = save_file(MATERIALS_DIR, name, data)
        try:
            Material.objects.create(
                campaign=target.campaign,
                unit=target.unit,
                nomination=target,
                requirement=material.requirement,
                stage=material.stage,
                title=material.title,
                stored_name=name,
                width=material.width,
                height=material.height,
                size=material.size,
                sha256=material.sha256,
                uploaded_by=actor,
            )
        except BaseException:
            default_storage.delete(path)
            raise
        copied += 1
    return copied


def _input(source: Nomination, alternate_of: Nomination | None) -> NominationInput:
    return NominationInput(
        award=source.award,
        kind=source.kind,
        cells=dict(source.cells),
        extra=dict(source.extra),
        honours=[
            HonourInput(h.level, h.name, h.year, h.comprehensive) for h in source.honours.all()
        ],
        negatives=[(r.kind, r.date) for r in source.negative_records.all()],
        alternate_of=alternate_of,
    )


def forward_picks(
    link: CampaignLink,
    *,
    actor: Any,
    role: str,
    today: date | None = None,
    again: Forwarding | None = None,
) -> ForwardResult:
    """Forward every ready pick into the parent as nominations of the linked unit; with
    ``again`` (a withdrawn forwarding, ``withdrawal.forward_again``) that one pick only.

    The link row is locked for the whole forward: two offices pressing the button at once take
    turns, and the second finds the first one's ``Forwarding`` rows and adds nothing.
    """
    with transaction.atomic():
        CampaignLink.objects.select_for_update().filter(pk=link.pk).first()
        return _forward(link, actor=actor, role=role, today=today, again=again)


def _forward(
    link: CampaignLink, *, actor: Any, role: str, today: date | None, again: Forwarding | None
) -> ForwardResult:
    spec = campaign_spec(link.child)
    parent_spec = campaign_spec(link.parent)
    assert spec.parent is not None
    levels = carried_levels(spec, parent_spec, link.unit.level)
    result = ForwardResult()
    # Leaders before their alternates, so that an alternate can point at its forwarded leader.
    ordered = sorted(picks(link, today), key=lambda p: p.nomination.kind == Kind.ALTERNATE)
    sent: dict[int, Nomination] = {
        p.nomination.pk: p.forwarded.nomination for p in ordered if p.forwarded is not None
    }
    counts: dict[str, int] = {}
    for pick in ordered:
        if pick.forwarded is not None:
            result.already += 1
            if pick.nomination.kind != Kind.ALTERNATE:
                counts[pick.nomination.award] = counts.get(pick.nomination.award, 0) + 1
    for pick in ordered:
        source = pick.nomination
        if pick.forwarded is not None:
            continue
        if again is not None and (pick.withdrawn is None or pick.withdrawn.pk != again.pk):
            continue
        if again is None and pick.withdrawn is not None:
            result.withdrawn += 1  # the parent deleted it: not sent up again unasked
            continue
        if pick.waiting:
            result.refused.append((source.display_name, pick.waiting))
            continue
        limit = spec.parent.forward[source.award].total
        if source.kind != Kind.ALTERNATE and counts.get(source.award, 0) >= limit:
            result.refused.append((source.display_name, _full(source.award, limit)))
            continue
        leader = None
        if source.kind == Kind.ALTERNATE and source.alternate_of_id is not None:
            leader = sent.get(source.alternate_of_id)
            if leader is None:
                result.refused.append(
                    (source.display_name, _("备选对象须与其对应的推荐对象一同报送"))
                )
                continue
        try:
            with transaction.atomic():
                target = save_nomination(
                    link.parent, link.unit, _input(source, leader), actor=actor, role=role
                )
                stored_round, vote = _vote(spec, source)
                forwarding = Forwarding.objects.create(
                    nomination=target,
                    source=source,
                    link=link,
                    round=stored_round,
                    vote=vote,
                    notice=_notice(pick.notice) if pick.notice else {},
                    forwarded_by=actor if getattr(actor, "is_authenticated", False) else None,
                    forwarded_at=timezone.now(),
                    replaces=again,
                )
                copied = _copy_materials(source, target, parent_spec, actor)
                notices, images = carry_notices(source, target, levels, parent_spec, actor=actor)
                record(
                    "nomination.forward",
                    actor=actor,
                    role=role,
                    campaign=link.parent,
                    unit_name=link.unit.name,
                    obj=target,
                    changes={
                        "来自活动": [None, link.child.slug],
                        "来自推荐对象": [None, source.pk],
                        "材料图片": [None, copied],
                        "下级公示": [None, notices],
                        "公示留证图片": [None, images],
                    },
                )
        except NominationRefused as exc:
            result.refused.append((source.display_name, str(exc)))
            continue
        sent[source.pk] = target
        if source.kind != Kind.ALTERNATE:
            counts[source.award] = counts.get(source.award, 0) + 1
        result.created.append(forwarding)
    return result


def provenance(nominations: list[Nomination]) -> dict[int, Forwarding]:
    """Nomination pk → where it was forwarded from, for the nominations that were, with the
    lower notices it carries (each named by the parent level it stands for)."""
    found = {
        f.nomination_id: f
        for f in Forwarding.objects.filter(nomination__in=nominations)
        .select_related("link__child", "link__parent", "source__unit")
        .prefetch_related(
            Prefetch(
                "nomination__carried_notices",
                CarriedNotice.objects.order_by("start", "pk").prefetch_related("evidence"),
            )
        )
    }
    for forwarding in found.values():
        for carried in forwarding.nomination.carried_notices.all():
            carried.level_name = level_name(forwarding.link.parent, carried.level)  # type: ignore[attr-defined]
    return found
