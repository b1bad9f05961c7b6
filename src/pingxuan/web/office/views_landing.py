"""/office/: the city staff's 工作台 — what is waiting for them in each campaign."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pingxuan.web.office.landing import desks


@login_required
@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    found = desks(request.user)
    if not found:  # unit staff have their own pages; this one is not theirs
        raise Http404
    return render(request, "office/landing.html", {"desks": found})
