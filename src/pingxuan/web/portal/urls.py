"""Portal URLs, all under /portal/; each area keeps its routes in its own module."""

from django.urls import include, path

from pingxuan.web.portal import views_home

app_name = "portal"

urlpatterns = [
    path("", views_home.home, name="home"),
    path("<slug:slug>/", include("pingxuan.web.portal.urls_nominations")),
    path("<slug:slug>/import/", include("pingxuan.web.portal.urls_import")),
    path("<slug:slug>/materials/", include("pingxuan.web.portal.urls_materials")),
    path("<slug:slug>/documents/", include("pingxuan.web.portal.urls_documents")),
    path("<slug:slug>/rounds/", include("pingxuan.web.portal.urls_rounds")),
]
