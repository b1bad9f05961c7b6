"""/jobs/ and /jobs/<id>/: background jobs, each seen only by its owner."""

from django.urls import path

from pingxuan.web.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/status.json", views.job_status, name="status"),
    path("<int:pk>/confirm/", views.job_confirm, name="confirm"),
    path("<int:pk>/abandon/", views.job_abandon, name="abandon"),
    path("<int:pk>/result/", views.job_result, name="result"),
]
