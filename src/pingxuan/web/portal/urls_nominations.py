"""The unit's own pages under /portal/<slug>/: its dashboard, nominations and submission."""

from django.urls import path

from pingxuan.web.portal import views_nominations, views_submit, views_unit

urlpatterns = [
    path("", views_unit.unit, name="unit"),
    path("new/<str:subject>/", views_nominations.nomination_new, name="nomination_new"),
    path("nominations/<int:pk>/", views_nominations.nomination_edit, name="nomination_edit"),
    path(
        "nominations/<int:pk>/delete/",
        views_nominations.nomination_delete,
        name="nomination_delete",
    ),
    path("nominations/<int:pk>/reveal-id/", views_nominations.reveal_id, name="reveal_id"),
    path("live-check/<str:subject>/", views_nominations.live_check, name="live_check"),
    path("submit/", views_submit.submit, name="submit"),
]
