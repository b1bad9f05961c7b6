"""Office routes of 优选 (the selection page)."""

from django.urls import path

from pingxuan.web.office import views_selection

urlpatterns = [
    path("", views_selection.selection_page, name="selection"),
    path("scores/", views_selection.selection_scores, name="selection_scores"),
    path("run/", views_selection.selection_run, name="selection_run"),
    path("adopt/", views_selection.selection_adopt, name="selection_adopt"),
]
