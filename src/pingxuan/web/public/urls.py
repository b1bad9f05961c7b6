"""Public pages (no login): the campaign, its notices and the complaint form."""

from django.urls import include, path

from pingxuan.web.public import views, views_health

app_name = "public"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("healthz/", views_health.health, name="health"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<slug:slug>/notices/", include("pingxuan.web.public.urls_notices")),
    path("campaigns/<slug:slug>/complaints/", include("pingxuan.web.public.urls_complaints")),
]
