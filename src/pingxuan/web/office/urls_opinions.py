"""Office routes of the opinions area, under /office/<slug>/opinions/."""

from django.urls import path

from pingxuan.web.office import views_opinions

urlpatterns = [
    path("", views_opinions.opinions, name="opinions"),
    path("<int:pk>/", views_opinions.opinion, name="opinion"),
    path("batch/", views_opinions.opinions_batch, name="opinions_batch"),
    path("sheets/<int:pk>/", views_opinions.opinion_sheet_file, name="opinion_sheet_file"),
]
