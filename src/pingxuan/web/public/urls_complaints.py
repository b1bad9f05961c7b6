"""Public routes of the complaints area, under /campaigns/<slug>/complaints/."""

from django.urls import path

from pingxuan.web.public import views_complaints

urlpatterns = [
    path("new/", views_complaints.complaint_new, name="complaint_new"),
    path("thanks/", views_complaints.complaint_done, name="complaint_done"),
]
