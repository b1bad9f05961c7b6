"""/portal/<slug>/rounds/documents/<kind>/<award>/: the unit's own round documents (初始提名名单,
差额表决计票结果, 职代会（联席会议）审议决议) for one award, PDF or Word. The round is looked up
within the signed-in user's unit: any other, or an award without a record, is a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from pingxuan.core.documents.round_docs import NAMES
from pingxuan.web.documents.domain.rounds import recorded_round
from pingxuan.web.documents.interfaces.round_exports import round_download
from pingxuan.web.portal.access import unit_access


@login_required
@require_GET
def round_document(request: HttpRequest, slug: str, kind: str, award: str) -> HttpResponse:
    access = unit_access(request, slug)
    if kind not in NAMES:
        raise Http404
    stored = recorded_round(access.campaign, access.unit, award)
    if stored is None:
        raise Http404
    return round_download(request, access.campaign, stored, kind, role=access.role)
