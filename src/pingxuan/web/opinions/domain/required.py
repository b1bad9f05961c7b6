"""Which departments must give their opinion on a nomination, and which of them have not agreed.

The list comes from the spec's department-opinion matrix through the core (三（三）2); it is never
written down again here. 复审 waits until every required department has agreed.
"""

from __future__ import annotations

from pingxuan.core.opinions import required_departments
from pingxuan.core.spec.models import Spec
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.nominations.domain.adapt import Adapter
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.opinions.models import Opinion, OpinionState


def required_for(
    nomination: Nomination, spec: Spec | None = None, adapter: Adapter | None = None
) -> list[str]:
    """The departments the matrix names for this nomination, in matrix order."""
    spec = spec or campaign_spec(nomination.campaign)
    adapter = adapter or Adapter(spec)
    return required_departments(spec, adapter.to_core(nomination))


def missing_opinions(nomination: Nomination) -> list[str]:
    """The required departments whose opinion is not yet ``agreed``, in matrix order; 复审 may
    pass the nomination only when this is empty."""
    return missing_opinions_of([nomination])[nomination.pk]


def missing_opinions_of(nominations: list[Nomination]) -> dict[int, list[str]]:
    """``missing_opinions`` for many nominations of one campaign, in one query."""
    if not nominations:
        return {}
    spec = campaign_spec(nominations[0].campaign)
    adapter = Adapter(spec)
    agreed: dict[int, set[str]] = {n.pk: set() for n in nominations}
    for nomination_id, department in Opinion.objects.filter(
        nomination__in=nominations, state=OpinionState.AGREED
    ).values_list("nomination_id", "department"):
        agreed[nomination_id].add(department)
    return {
        n.pk: [d for d in required_for(n, spec, adapter) if d not in agreed[n.pk]]
        for n in nominations
    }
