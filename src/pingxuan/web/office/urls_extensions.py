"""Office route of deadline extensions (延期)."""

from django.urls import path

from pingxuan.web.office import views_extensions

urlpatterns = [
    path("", views_extensions.extensions, name="extensions"),
]
