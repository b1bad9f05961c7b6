"""/portal/<slug>/: the unit's page. Its places as seats, its nominations, every finding of the
core engine with what would fix it, and the city-wide figures the unit takes part in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pingxuan.web.fragments import render_fragment
from pingxuan.web.nominations.domain.compliance import unit_compliance
from pingxuan.web.nominations.models import Nomination, Submission
from pingxuan.web.portal.access import UnitAccess, unit_access
from pingxuan.web.portal.unit_page import BODY_TEMPLATE, build_unit_page


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
    compliance = unit_compliance(access.campaign, access.unit)
    page = build_unit_page(
        access,
        compliance,
        compliance.nominations,  # the rows the findings were made from, not read again
        unit_submission(access),
        timezone.now(),
    )
    # Seats, rows, findings and figures: rendered once per distinct content (web/fragments.py).
    body = render_fragment(BODY_TEMPLATE, page.body, scope=(access.unit.pk, access.role))
    return render(request, "portal/unit.html", {"access": access, "page": page, "body": body})
