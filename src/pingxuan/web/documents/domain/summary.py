"""The 推荐对象情况汇总表 of an award, for a unit or the city: the core's ``summary_table`` over
the stored nominations (the same rows the pages show), in the spec's stroke order."""

from __future__ import annotations

from pingxuan.core.documents.tables import SummaryTable, summary_table
from pingxuan.core.spec.models import Award
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.documents.domain.lists import name_order
from pingxuan.web.nominations.domain.adapt import Adapter, stored_nominations


def summary_of(campaign: Campaign, award: Award, unit: Unit | None) -> SummaryTable:
    spec = campaign_spec(campaign)
    query = stored_nominations(campaign.pk).filter(award=award.name)
    if unit is not None:
        query = query.filter(unit=unit)
    nominations = Adapter(spec).many(query)
    return summary_table(
        spec, award.name, nominations, unit=unit.name if unit else None, order=name_order(spec)
    )
