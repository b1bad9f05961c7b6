"""/office/<slug>/rounds/: the office of a campaign (a county's own round, or the city's) sees
each unit's recorded 差额 rounds and who they put forward, and takes their documents (初始提名名单,
计票结果, 审议决议) as PDF or Word. Scoped by ``city_access``: a round of another campaign is a
404, whatever its number."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pingxuan.core.documents.round_docs import NAMES, round_outcome
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.documents.domain.rounds import recorded_round
from pingxuan.web.documents.interfaces.round_exports import round_download
from pingxuan.web.office.access import city_access
from pingxuan.web.rounds.domain.records import to_core
from pingxuan.web.rounds.models import Round


@login_required
@require_GET
def rounds(request: HttpRequest, slug: str) -> HttpResponse:
    access = city_access(request, slug)
    spec = campaign_spec(access.campaign)
    stored = (
        Round.objects.filter(campaign=access.campaign)
        .select_related("unit")
        .prefetch_related("ballots")
        .order_by("unit__position", "award")
    )
    rows = [(r, round_outcome(spec, r.unit.name, to_core(r))) for r in stored]
    return render(
        request,
        "office/rounds.html",
        {
            "campaign": access.campaign,
            "section": "rounds",
            "rules": spec.rounds,
            "rows": rows,
            "documents": list(NAMES.items()),
        },
    )


@login_required
@require_GET
def round_document(request: HttpRequest, slug: str, pk: int, kind: str, award: str) -> HttpResponse:
    access = city_access(request, slug)
    if kind not in NAMES:
        raise Http404
    stored = recorded_round(access.campaign, access.unit(pk), award)
    if stored is None:
        raise Http404
    return round_download(request, access.campaign, stored, kind, role=access.role)
