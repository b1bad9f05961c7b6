from django.urls import path

from pingxuan.web.public import views

app_name = "public"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="campaign_detail"),
]
