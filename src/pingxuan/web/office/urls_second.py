"""Office routes of 复审."""

from django.urls import path

from pingxuan.web.office import views_second

urlpatterns = [
    path("", views_second.second_review_page, name="second_review"),
    path("decide/", views_second.second_decide, name="second_decide"),
    path("release/", views_second.second_release, name="second_release"),
]
