"""The live check of an unsaved nomination form: the campaign's stored rows with the edited one
put in its place, judged by the core engine exactly as the unit page will judge them once saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from pingxuan.core.findings import Reader, RowRef, Severity, sort_key, text_for
from pingxuan.core.rules.engine import Checker
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.adapt import Adapter, derived_cells
from pingxuan.web.nominations.domain.edit import NominationInput
from pingxuan.web.nominations.domain.evaluation import evaluate
from pingxuan.web.nominations.domain.numbering import next_number
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.nominations.models import Honour, NegativeRecord, Nomination
from pingxuan.web.portal.unit_page import FindingRow, finding_rows

# The row number of a nomination not saved yet; stored rows are numbered by their primary key.
UNSAVED = 0


@dataclass(frozen=True)
class DraftCheck:
    findings: list[FindingRow]  # of the edited nomination (its own and city-wide ones naming it)
    award_findings: list[FindingRow]  # of the unit for the same award (places left empty, …)
    seat: str  # where it would sit, in words

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.WARNING)


class _Related:
    """``.all()`` over a list: the related managers of a nomination not saved yet."""

    def __init__(self, rows: list[Any]):
        self._rows = rows

    def all(self) -> list[Any]:
        return self._rows


@dataclass
class _Draft:
    """What ``derived_cells`` reads of a stored nomination, for a form not saved yet; so the
    form's row is derived by the adapter's own code rather than a copy of it."""

    cells: dict[str, str]
    seq: int
    unit: Unit
    subject: str
    kind: str
    alternate_of: Nomination | None
    honours: _Related
    negative_records: _Related


def check_draft(
    campaign: Campaign, unit: Unit, data: NominationInput, nomination: Nomination | None
) -> DraftCheck:
    spec = campaign_spec(campaign)
    award = spec.award(data.award)
    edited = nomination.pk if nomination is not None else None
    if nomination is not None:
        seq = nomination.seq
    else:
        seq = next_number(campaign, unit, award.name)
    honours = [
        Honour(level=h.level, name=h.name, year=h.year, comprehensive=h.comprehensive)
        for h in data.honours or []
    ]
    negatives = [NegativeRecord(kind=kind, date=when) for kind, when in data.negatives or []]
    draft = _Draft(
        dict(data.cells),
        seq,
        unit,
        award.subject,
        data.kind,
        data.alternate_of,
        _Related(honours),
        _Related(negatives),
    )

    adapter = Adapter(spec)
    ref = RowRef(award.name, edited if edited is not None else UNSAVED)
    mine = adapter.builders[award.name].build(ref, derived_cells(draft, spec))  # type: ignore[arg-type]
    # The campaign as the unit page judges it (evaluation), with this unit checked again: its
    # stored rows without the edited one, then the form's (last: it takes a place only if one
    # is left). On a copy, so the shared evaluation is left as it was.
    evaluation = evaluate(campaign, spec)
    checker = evaluation.checker.copy()
    others = [c for c in evaluation.cores if c.unit == unit.name and c.ref.row != edited]
    checker.update_unit(unit.name, [*others, mine], evaluation.reports.get(unit.name))

    own = [text_for(f, Reader.UNIT, form=True) for f in checker.findings() if ref in f.rows]
    of_award = [
        f for f in checker.results[unit.name].findings if not f.rows and f.award == award.name
    ]
    # The form is the nomination: "张三：身份证号应为18位" reads "身份证号应为18位" beside it.
    prefix = f"{mine.label}："
    rows = [
        FindingRow(
            f.severity.value,
            f.severity.label,
            f.clause,
            f.message.removeprefix(prefix),
            f.hint,
            None,
            "",
        )
        for f in sorted(own, key=sort_key)
    ]
    return DraftCheck(
        rows,
        finding_rows(of_award, {}, reader=Reader.UNIT),
        _seat_text(checker, unit, award.name, mine, data.kind),
    )


def _seat_text(checker: Checker, unit: Unit, award: str, mine: Any, kind: str) -> str:
    if kind == Kind.SPECIAL:
        return _("专项表彰不占本单位名额，不计入比例。")
    if kind == Kind.ALTERNATE:
        return _("备选不占本单位名额。")
    for seating in checker.results[unit.name].seatings:
        if seating.award != award:
            continue
        for seat_kind in seating.kinds:
            if any(holder is mine for holder in seat_kind.holders):
                return _("按目前填写，将占用“%(kind)s”名额。") % {"kind": seat_kind.name}
        return _("按目前填写，本单位没有可供其占用的名额。")
    return ""
