"""/office/<slug>/forward/: a child campaign's office forwards its picks (初审 passed, last notice
ended) to the parent campaign as the linked unit's nominations, in one action.

Two doors: the office of the child campaign (``city_access``, else 404), and a clerk's or
approver's membership of the parent's linked unit, since the forwarded rows become that unit's
nominations; without it the page says so and offers no button.

A pick whose forwarded nomination the parent deleted shows as 已撤回 with the reason, and goes up
again only by its own button (``forward_again``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pingxuan.web.accounts.enums import UNIT_ROLES
from pingxuan.web.accounts.models import Membership
from pingxuan.web.office.access import CityAccess, city_access
from pingxuan.web.rounds.domain.forwarding import ForwardResult, forward_picks, picks
from pingxuan.web.rounds.domain.links import parent_link
from pingxuan.web.rounds.domain.withdrawal import ForwardAgainRefused
from pingxuan.web.rounds.domain.withdrawal import forward_again as forward_again_of
from pingxuan.web.rounds.models import CampaignLink, Forwarding


def _upstairs(request: HttpRequest, link: CampaignLink) -> Membership | None:
    """The user's clerk or approver membership of the parent's linked unit, if any."""
    return (
        Membership.objects.filter(
            user=request.user, campaign=link.parent, unit=link.unit, role__in=UNIT_ROLES
        )
        .order_by("role")
        .first()
    )


def _page(
    request: HttpRequest,
    access: CityAccess,
    link: CampaignLink,
    upstairs: Membership | None,
    result: ForwardResult | None,
    *,
    status: int = 200,
) -> HttpResponse:
    found = picks(link)
    context = {
        "campaign": access.campaign,
        "section": "forward",
        "link": link,
        "picks": found,
        # The domain's own answer (Pick.ready); the button is disabled, with why, without one.
        "ready": sum(1 for pick in found if pick.ready),
        "upstairs": upstairs,
        "result": result,
        "refusal": ""
        if upstairs is not None
        else _("您不是上级活动中“%(unit)s”的经办人或审批人，不能以该单位的名义报送。")
        % {"unit": link.unit.name},
    }
    return render(request, "office/forward.html", context, status=status)


def _link(access: CityAccess) -> CampaignLink:
    link = parent_link(access.campaign)
    if link is None:
        raise Http404
    return link


@login_required
@require_http_methods(["GET", "POST"])
def forward(request: HttpRequest, slug: str) -> HttpResponse:
    access = city_access(request, slug)
    link = _link(access)
    upstairs = _upstairs(request, link)
    result: ForwardResult | None = None
    status = 200
    if request.method == "POST":
        if upstairs is None:
            status = 403
        else:
            result = forward_picks(link, actor=request.user, role=upstairs.role)
    return _page(request, access, link, upstairs, result, status=status)


@login_required
@require_POST
def forward_again(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Forward one pick again whose forwarded nomination the parent deleted (withdrawn): an
    explicit act, checked like any forward, recorded as a new forwarding replacing the old."""
    access = city_access(request, slug)
    link = _link(access)
    withdrawn = get_object_or_404(Forwarding, pk=pk, link=link, withdrawn_at__isnull=False)
    upstairs = _upstairs(request, link)
    if upstairs is None:
        return _page(request, access, link, upstairs, None, status=403)
    try:
        result = forward_again_of(link, withdrawn, actor=request.user, role=upstairs.role)
    except ForwardAgainRefused as refusal:
        result = ForwardResult(refused=[(withdrawn.source.display_name, str(refusal))])
    return _page(request, access, link, upstairs, result)
