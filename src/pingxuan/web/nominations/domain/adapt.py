"""The one place where stored nominations become the core's nominations.

Cells are what the unit typed; a few columns are derived from other rows: 序号 and 推荐单位 from
the row itself, 荣誉级别 from the honours list (when there is one), 负面记录 from the records.
Findings point back at a stored nomination by ``RowRef(award, pk)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pingxuan.core.findings import RowRef
from pingxuan.core.nominations import Nomination as CoreNomination
from pingxuan.core.nominations import NominationBuilder, UnitReport
from pingxuan.core.spec.models import Spec
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.nominations.models import Nomination, Submission


def derived_cells(nomination: Nomination, spec: Spec) -> dict[str, str]:
    cells = {key: value for key, value in nomination.cells.items() if isinstance(value, str)}
    cells["序号"] = str(nomination.seq)
    cells["推荐单位"] = nomination.unit.name
    if nomination.subject == "person":
        cells["表彰类型"] = nomination.kind
        alternate_of = nomination.alternate_of
        cells["备选对象序号"] = str(alternate_of.seq) if alternate_of is not None else ""
    honours = list(nomination.honours.all())
    if honours:
        cells["荣誉级别"] = highest_honour_level(
            spec, ((h.level, h.comprehensive) for h in honours)
        )
    records = list(nomination.negative_records.all())
    if records or "负面记录" in cells:
        cells["负面记录"] = negative_records_text((r.kind, r.date) for r in records)
    return cells


def highest_honour_level(spec: Spec, honours: Iterable[tuple[str, bool]]) -> str:
    """荣誉级别 from an honours list of (level, 综合性): the highest comprehensive level, or the
    vocabulary's "none" when there is no comprehensive honour."""
    levels = spec.vocabulary.honour_levels
    ranked = [level for level, comprehensive in honours if comprehensive and level in levels]
    return min(ranked, key=levels.index) if ranked else levels[-1]


def negative_records_text(records: Iterable[tuple[str, date]]) -> str:
    """负面记录 as the exchange workbook writes it (类型:YYYY-MM-DD；…), 无 when there is none."""
    return "；".join(f"{kind}:{when:%Y-%m-%d}" for kind, when in records) or "无"


class Adapter:
    """Builds core nominations for one spec; keep one per request."""

    def __init__(self, spec: Spec):
        self.spec = spec
        self.builders = {award.name: NominationBuilder(spec, award) for award in spec.awards}

    def to_core(self, nomination: Nomination) -> CoreNomination:
        builder = self.builders[nomination.award]
        core = builder.build(
            RowRef(nomination.award, nomination.pk), derived_cells(nomination, self.spec)
        )
        core.withdrawn = nomination.withdrawn
        return core

    def many(self, nominations: Iterable[Nomination]) -> list[CoreNomination]:
        return [self.to_core(n) for n in nominations]


def unit_reports(campaign_id: int, spec: Spec) -> list[UnitReport]:
    """What the exchange workbook's 推荐单位情况 sheet says, from the portal's own records: the
    initial counts the unit entered, its recorded 差额 rounds (read instead of the counts), and
    whether it uploaded the signed secrecy pledge."""
    from pingxuan.web.materials.models import Material  # materials builds on nominations
    from pingxuan.web.rounds.domain.records import core_rounds  # rounds builds on nominations

    pledged = set(
        Material.objects.filter(
            campaign_id=campaign_id, nomination__isnull=True, requirement=spec.rules.secrecy.pledge
        ).values_list("unit__name", flat=True)
    )
    rounds = core_rounds(campaign_id)
    reports = []
    for submission in Submission.objects.filter(campaign_id=campaign_id).select_related("unit"):
        counts = {award.name: submission.initial_counts.get(award.name) for award in spec.awards}
        reports.append(
            UnitReport(
                unit=submission.unit.name,
                initial_counts=counts,
                pledge_signed=submission.unit.name in pledged,
                pledge_by_upload=True,
                rounds=rounds.get(submission.unit.name, {}),
            )
        )
    for unit in (pledged | set(rounds)) - {report.unit for report in reports}:
        reports.append(
            UnitReport(
                unit=unit,
                pledge_signed=unit in pledged,
                pledge_by_upload=True,
                rounds=rounds.get(unit, {}),
            )
        )
    return reports


def stored_nominations(campaign_id: int):  # type: ignore[no-untyped-def]
    """Every nomination of a campaign with what the adapter reads, in three queries."""
    return (
        Nomination.objects.filter(campaign_id=campaign_id)
        .select_related("unit", "alternate_of")
        .prefetch_related("honours", "negative_records")
        .order_by("award", "unit__position", "seq")
    )


__all__ = [
    "Adapter",
    "Kind",
    "derived_cells",
    "highest_honour_level",
    "negative_records_text",
    "stored_nominations",
    "unit_reports",
]
