"""Office routes of the complaints area, under /office/<slug>/complaints/."""

from django.urls import path

from pingxuan.web.office import views_complaints

urlpatterns = [
    path("", views_complaints.complaints, name="complaints"),
    path("<int:pk>/", views_complaints.complaint, name="complaint"),
]
