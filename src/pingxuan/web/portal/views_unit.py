"""/portal/<slug>/: the unit's page. Its places as seats, its nominations, every finding of the
core engine with what would fix it, and the city-wide figures the unit takes part in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pingxuan.web.nominations.domain.compliance import unit_compliance
from pingxuan.web.nominations.models import Nomination, Submission
from pingxuan.web.portal.access import UnitAccess, unit_access
from pingxuan.web.portal.unit_page import build_unit_page


def unit_nominations(access: UnitAccess) -> list[Nomination]:
    return list(
        Nomination.objects.filter(campaign=access.campaign, unit=access.unit)
        .select_related("alternate_of")
        .order_by("award", "seq")
    )


def unit_submission(access: UnitAccess) -> Submission | None:
    submission = Submission.objects.filter(campaign=access.campaign, unit=access.unit).first()
    if submission is not None:
        # The state's note names the campaign's federation: read from this campaign, not again.
        submission.campaign = access.campaign
    return submission


@login_required
def unit(request: HttpRequest, slug: str) -> HttpResponse:
    access = unit_access(request, slug)
    page = build_unit_page(
        access,
        unit_compliance(access.campaign, access.unit),
        unit_nominations(access),
        unit_submission(access),
        timezone.now(),
    )
    return render(request, "portal/unit.html", {"access": access, "page": page})
