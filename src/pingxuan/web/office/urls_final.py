"""Office routes of the overview and the final list."""

from django.urls import path

from pingxuan.web.office import views_final

urlpatterns = [
    path("", views_final.dashboard, name="dashboard"),
    path("final/", views_final.final_list, name="final_list"),
    path("final/release/", views_final.final_release, name="final_release"),
    path("final/<int:pk>/", views_final.final_released, name="final_released"),
]
