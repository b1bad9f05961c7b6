"""The office's view of department opinions: every nomination that passed 初审 against every
department of the matrix, with what is outstanding per department (三（三）2)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pingxuan.core.spec.models import Spec
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.adapt import Adapter, stored_nominations
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.opinions.domain.changes import OPEN_STANDINGS
from pingxuan.web.opinions.domain.required import required_for
from pingxuan.web.opinions.models import Opinion, OpinionState

# A required department that has not been asked yet has no row; it shows as this state.
UNREQUESTED = "unrequested"
STATE_LABELS = {UNREQUESTED: "未征求", **{s.value: str(s.label) for s in OpinionState}}


def all_departments(spec: Spec) -> list[str]:
    """Every department the matrix names, in the order it first names them."""
    departments: dict[str, None] = {}
    for entry in spec.department_opinions:
        departments.update(dict.fromkeys(entry.departments))
    return list(departments)


@dataclass
class Cell:
    department: str
    required: bool
    opinion: Opinion | None = None

    @property
    def state(self) -> str:
        if not self.required:
            return ""
        return self.opinion.state if self.opinion is not None else UNREQUESTED

    @property
    def label(self) -> str:
        return STATE_LABELS.get(self.state, "")


@dataclass
class Row:
    nomination: Nomination
    cells: list[Cell]

    @property
    def required(self) -> list[Cell]:
        return [c for c in self.cells if c.required]

    @property
    def missing(self) -> list[str]:
        """Departments not yet agreed, in matrix order: 复审 waits for these."""
        return [c.department for c in self.required if c.state != OpinionState.AGREED]

    @property
    def objected(self) -> list[Cell]:
        return [c for c in self.required if c.state == OpinionState.OBJECTED]

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass
class Board:
    departments: list[str]
    rows: list[Row]
    # Passed nominations of the shown rows still waiting, per department: to ask / to answer.
    unrequested: dict[str, int] = field(default_factory=dict)
    awaiting: dict[str, int] = field(default_factory=dict)
    # Nominations of the campaign (within the unit filter) that need no opinion (yet).
    not_listed: int = 0


def rows_for(nominations: list[Nomination], spec: Spec, departments: list[str]) -> list[Row]:
    adapter = Adapter(spec)
    opinions: dict[int, dict[str, Opinion]] = defaultdict(dict)
    for opinion in Opinion.objects.filter(nomination__in=nominations):
        opinions[opinion.nomination_id][opinion.department] = opinion
    rows = []
    for nomination in nominations:
        required = set(required_for(nomination, spec, adapter))
        given = opinions[nomination.pk]
        cells = [Cell(d, d in required, given.get(d)) for d in departments]
        rows.append(Row(nomination, cells))
    return rows


def board(campaign: Campaign, *, department: str = "", unit: Unit | None = None) -> Board:
    """The matrix, filtered to one unit and to the nominations that need ``department``."""
    spec = campaign_spec(campaign)
    departments = all_departments(spec)
    nominations = stored_nominations(campaign.pk).order_by("unit__position", "award", "seq")
    if unit is not None:
        nominations = nominations.filter(unit=unit)
    listed = [n for n in nominations if n.standing in OPEN_STANDINGS]
    rows = rows_for(listed, spec, departments)
    if department:
        rows = [r for r in rows if any(c.department == department for c in r.required)]
    result = Board(departments, rows, not_listed=len(nominations) - len(listed))
    for name in departments:
        states = [c.state for r in rows for c in r.required if c.department == name]
        result.unrequested[name] = states.count(UNREQUESTED)
        result.awaiting[name] = states.count(OpinionState.REQUESTED)
    return result


def nomination_row(nomination: Nomination) -> Row:
    spec = campaign_spec(nomination.campaign)
    return rows_for([nomination], spec, all_departments(spec))[0]
