"""The site's URLs: each UI app brings its own."""

from django.urls import include, path

urlpatterns = [
    path("", include("pingxuan.web.public.urls")),
]
