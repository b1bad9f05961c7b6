"""Office route of a child campaign: forwarding its picks to the parent campaign."""

from django.urls import path

from pingxuan.web.office import views_forward

urlpatterns = [
    path("", views_forward.forward, name="forward"),
]
