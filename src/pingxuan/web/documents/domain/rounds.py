"""The documents of a unit's 差额 round (``core/documents/round_docs.py``) from what the site
records: the stored round of one award, and the 工作单位 its nominations give the candidates."""

from __future__ import annotations

from pingxuan.core.documents.procedure import WORKPLACE, ProcedureDocument
from pingxuan.core.documents.round_docs import round_document
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.rounds.domain.records import to_core
from pingxuan.web.rounds.models import Round


def recorded_round(campaign: Campaign, unit: Unit, award: str) -> Round | None:
    """The unit's round for ``award``, scoped to the unit and campaign (None when there is none)."""
    return (
        Round.objects.filter(campaign=campaign, unit=unit, award=award)
        .prefetch_related("ballots")
        .first()
    )


def _workplaces(campaign: Campaign, unit: Unit, award: str) -> dict[str, str]:
    spec = campaign_spec(campaign)
    subject = next((a.subject for a in spec.awards if a.name == award), "person")
    found = {}
    for nomination in Nomination.objects.filter(campaign=campaign, unit=unit, award=award):
        workplace = str(nomination.cells.get(WORKPLACE[subject]) or "")
        if workplace:
            found.setdefault(nomination.display_name, workplace)
    return found


def unit_round_document(campaign: Campaign, stored: Round, kind: str) -> ProcedureDocument:
    unit = stored.unit
    return round_document(
        kind,
        campaign_spec(campaign),
        unit.name,
        [to_core(stored)],
        _workplaces(campaign, unit, stored.award),
    )
