"""The site's URLs: each UI app brings its own."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("pingxuan.web.accounts.urls")),
    path("portal/", include("pingxuan.web.portal.urls")),
    path("office/", include("pingxuan.web.office.urls")),
    path("jobs/", include("pingxuan.web.jobs.urls")),
    path("", include("pingxuan.web.public.urls")),
]
