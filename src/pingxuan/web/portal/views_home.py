"""/portal/: send a signed-in user to the page of their unit, city staff to their 工作台."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pingxuan.web.accounts.enums import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(
        request.user.memberships.select_related("campaign", "unit").order_by("-campaign__loaded_at")
    )
    unit_memberships = [m for m in memberships if m.role in (Role.CLERK, Role.APPROVER)]
    if len(memberships) == 1 and unit_memberships:
        return redirect("portal:unit", slug=unit_memberships[0].campaign.slug)
    if memberships and not unit_memberships:  # city staff: what is waiting for them
        return redirect("office:landing")
    return render(request, "portal/home.html", {"memberships": memberships})
