"""Public routes of the notices area: published notices, no login."""

from django.urls import path

from pingxuan.web.public import views_notices

urlpatterns = [
    path("", views_notices.notices, name="notices"),
    path("<int:pk>/", views_notices.notice, name="notice"),
]
