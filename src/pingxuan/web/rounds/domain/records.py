"""Recording a unit's 差额 round (三（二））: the one write path for the portal form and the
workbook import, and the adapter that hands stored rounds to the core.

A record is refused unless the core can derive who it puts forward (``core.rounds.derive``): a
vote without quorum, a tie at the last seat or no difference between nominated and chosen is
said in Chinese, and nothing is stored. The audit row holds counts, never candidates' names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.core import rounds as core
from pingxuan.core.spec.layers import RoundRules
from pingxuan.core.spec.models import Spec
from pingxuan.web.audit.domain.record import diff, record
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.edit import lock_unit
from pingxuan.web.rounds.models import Ballot, Round


class RoundRefused(Exception):
    """A record that cannot be stored; ``problems`` are Chinese sentences that say what to do."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


@dataclass
class RoundInput:
    award: str
    body: str
    held_on: date | None
    members: int
    present: int
    seats: int
    resolution: str = ""
    ballots: list[tuple[str, int]] = field(default_factory=list)

    def to_core(self) -> core.Round:
        return core.Round(
            award=self.award,
            body=self.body,
            held_on=self.held_on,
            present=self.present,
            members=self.members,
            seats=self.seats,
            ballots=tuple(core.Ballot(name.strip(), votes) for name, votes in self.ballots),
            resolution=self.resolution,
        )


def to_core(stored: Round, ballots: list[Ballot] | None = None) -> core.Round:
    """The stored round as the core reads it; ``ballots`` when the caller has them already."""
    return core.Round(
        award=stored.award,
        body=stored.body,
        held_on=stored.held_on,
        present=stored.present,
        members=stored.members,
        seats=stored.seats,
        ballots=tuple(
            core.Ballot(b.candidate, b.votes)
            for b in (stored.ballots.all() if ballots is None else ballots)
        ),
        resolution=stored.resolution,
    )


def round_rules(spec: Spec) -> RoundRules:
    if spec.rounds is None:
        raise RoundRefused(
            [_("本评选活动的配置没有 [rounds]（差额表决的规定），不能录入表决记录。")]
        )
    return spec.rounds


def outcome(spec: Spec, unit: Unit, record_: core.Round) -> core.Outcome:
    """Who the round puts forward, at most the unit's places for the award."""
    places = spec.capacity(unit.name, record_.award)
    return core.derive(record_, places=places, rules=round_rules(spec))


def _snapshot(stored: Round | None) -> dict[str, Any]:
    if stored is None:
        return {}
    ballots = list(stored.ballots.all())
    return {
        "表决机构": stored.body,
        "表决日期": stored.held_on.isoformat(),
        "应到人数": stored.members,
        "实到人数": stored.present,
        "应选人数": stored.seats,
        "初始提名数": len(ballots),
        "总票数": sum(b.votes for b in ballots),
    }


def record_round(
    campaign: Campaign, unit: Unit, data: RoundInput, *, actor: Any, role: str, source: str
) -> Round:
    """Store (or replace) the unit's round for ``data.award``; ``source`` is 网页 or 工作簿."""
    spec = campaign_spec(campaign)
    award_names = [award.name for award in spec.awards]
    if data.award not in award_names:
        raise RoundRefused([_("没有奖项“%(award)s”。") % {"award": data.award}])
    if spec.capacity(unit.name, data.award) == 0:
        raise RoundRefused([_("本单位没有%(award)s名额，不需要差额表决。") % {"award": data.award}])
    found = outcome(spec, unit, data.to_core())
    if not found.valid:
        raise RoundRefused(list(found.problems))
    assert data.held_on is not None  # derive refuses a record without a date
    with transaction.atomic():
        submission = lock_unit(campaign, unit)
        if not submission.editable:
            raise RoundRefused(
                [_("本单位已报送初审，数据只读；如需修改表决记录，请联系上级工会退回。")]
            )
        stored = (
            Round.objects.select_for_update()
            .filter(campaign=campaign, unit=unit, award=data.award)
            .first()
        )
        before = _snapshot(stored)
        if stored is None:
            stored = Round(campaign=campaign, unit=unit, award=data.award)
        stored.body = data.body
        stored.held_on = data.held_on
        stored.members = data.members
        stored.present = data.present
        stored.seats = data.seats
        stored.resolution = data.resolution.strip()
        stored.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
        stored.recorded_at = timezone.now()
        stored.save()
        stored.ballots.all().delete()
        Ballot.objects.bulk_create(
            Ballot(round=stored, position=index, candidate=name.strip(), votes=votes)
            for index, (name, votes) in enumerate(data.ballots, start=1)
        )
        record(
            "round.update" if before else "round.create",
            actor=actor,
            role=role,
            campaign=campaign,
            unit_name=unit.name,
            obj=stored,
            changes={**diff(before, _snapshot(stored)), "来源": [None, source]},
        )
    return stored


@dataclass(frozen=True)
class RoundView:
    award: str
    places: int
    stored: Round | None
    outcome: core.Outcome | None


def unit_rounds(campaign: Campaign, unit: Unit) -> list[RoundView]:
    """Each award the unit has places for, with its recorded round and what it derives."""
    spec = campaign_spec(campaign)
    stored = {
        r.award: r
        for r in Round.objects.filter(campaign=campaign, unit=unit).prefetch_related("ballots")
    }
    views = []
    for award in spec.awards:
        places = spec.capacity(unit.name, award.name)
        if places == 0:
            continue
        found = stored.get(award.name)
        derived = outcome(spec, unit, to_core(found)) if found and spec.rounds else None
        views.append(RoundView(award.name, places, found, derived))
    return views


def core_rounds(campaign_id: int) -> dict[str, dict[str, core.Round]]:
    """Unit name → award → the recorded round, as the core's 差额 rule reads it; one query (a
    stored round always has ballots: a record without more candidates than seats is refused)."""
    grouped: dict[int, tuple[Round, list[Ballot]]] = {}
    for ballot in (
        Ballot.objects.filter(round__campaign_id=campaign_id)
        .select_related("round__unit")
        .order_by("round_id", "position")
    ):
        grouped.setdefault(ballot.round_id, (ballot.round, []))[1].append(ballot)
    found: dict[str, dict[str, core.Round]] = defaultdict(dict)
    for stored, ballots in grouped.values():
        found[stored.unit.name][stored.award] = to_core(stored, ballots)
    return dict(found)
