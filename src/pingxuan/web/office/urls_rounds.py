"""Office routes of the 差额 rounds: every unit's recorded rounds and their documents."""

from django.urls import path

from pingxuan.web.office import views_rounds

urlpatterns = [
    path("", views_rounds.rounds, name="rounds"),
    path(
        "units/<int:pk>/<str:kind>/<str:award>/",
        views_rounds.round_document,
        name="round_document",
    ),
]
