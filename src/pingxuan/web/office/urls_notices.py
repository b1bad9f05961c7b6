"""Office routes of the notices area: the three public notices and the working-day calendar."""

from django.urls import path

from pingxuan.web.office import views_notices

urlpatterns = [
    path("", views_notices.notices, name="notices"),
    path("<int:pk>/", views_notices.notice, name="notice"),
    path("<int:pk>/evidence/", views_notices.notice_evidence, name="notice_evidence"),
    path(
        "evidence/<int:pk>/image.jpg",
        views_notices.notice_evidence_file,
        name="notice_evidence_file",
    ),
    path("calendar/", views_notices.calendar, name="calendar"),
]
