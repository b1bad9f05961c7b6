"""/campaigns/<slug>/complaints/: the public complaint form (no login, no script) and its
thank-you page with the reference number.

The reference is handed to the thank-you page through the session, never in the URL, so that a
shared or logged address names no complaint. Nothing the complainant typed is logged.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.complaints.domain import file_complaint
from pingxuan.web.complaints.interfaces.forms import CONTENT_MIN, ComplaintForm

SESSION_KEY = "complaint_reference"


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    form = ComplaintForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        complaint = file_complaint(
            campaign,
            kind=data["kind"],
            name=form.complainant_name,
            contact=data["contact"],
            about=data["about"],
            content=data["content"],
        )
        request.session[SESSION_KEY] = {"campaign": campaign.pk, "reference": complaint.reference}
        return redirect("public:complaint_done", slug=campaign.slug)
    return render(
        request,
        "public/complaint_form.html",
        {"campaign": campaign, "form": form, "content_min": CONTENT_MIN},
        status=400 if form.is_bound else 200,
    )


@never_cache
@require_GET
def complaint_done(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    filed = request.session.get(SESSION_KEY) or {}
    if filed.get("campaign") != campaign.pk:
        return redirect("public:complaint_new", slug=campaign.slug)
    return render(
        request,
        "public/complaint_done.html",
        {"campaign": campaign, "reference": filed["reference"]},
    )
