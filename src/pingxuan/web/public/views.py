"""Views of the public pages: fetch, ask the page builder, render. No rule lives here."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.public.campaign_page import build_campaign_page


def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = list(Campaign.objects.only("slug", "title"))
    if len(campaigns) == 1:
        return redirect("public:campaign_detail", slug=campaigns[0].slug)
    return render(request, "public/campaign_list.html", {"campaigns": campaigns})


def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    page = build_campaign_page(campaign_spec(campaign))
    return render(request, "public/campaign_detail.html", {"campaign": campaign, "page": page})
