"""The city office's URLs under /office/<slug>/; each area keeps its routes in a module."""

from django.urls import include, path

from pingxuan.web.office import views_landing

app_name = "office"

urlpatterns = [
    path("", views_landing.landing, name="landing"),
    path("<slug:slug>/", include("pingxuan.web.office.urls_final")),
    path("<slug:slug>/review/", include("pingxuan.web.office.urls_review")),
    path("<slug:slug>/second-review/", include("pingxuan.web.office.urls_second")),
    path("<slug:slug>/notices/", include("pingxuan.web.office.urls_notices")),
    path("<slug:slug>/opinions/", include("pingxuan.web.office.urls_opinions")),
    path("<slug:slug>/complaints/", include("pingxuan.web.office.urls_complaints")),
    path("<slug:slug>/documents/", include("pingxuan.web.office.urls_documents")),
    path("<slug:slug>/selection/", include("pingxuan.web.office.urls_selection")),
    path("<slug:slug>/extensions/", include("pingxuan.web.office.urls_extensions")),
    path("<slug:slug>/forward/", include("pingxuan.web.office.urls_forward")),
    path("<slug:slug>/rounds/", include("pingxuan.web.office.urls_rounds")),
]
