"""Office routes of a child campaign: forwarding its picks to the parent campaign, and one
withdrawn pick again."""

from django.urls import path

from pingxuan.web.office import views_forward

urlpatterns = [
    path("", views_forward.forward, name="forward"),
    path("again/<int:pk>/", views_forward.forward_again, name="forward_again"),
]
