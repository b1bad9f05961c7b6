"""/portal/<slug>/rounds/: the unit's 差额 rounds (三（二）), by form or by workbook."""

from django.urls import path

from pingxuan.web.portal import views_rounds

urlpatterns = [
    path("", views_rounds.rounds, name="rounds"),
    path("import/", views_rounds.rounds_import, name="rounds_import"),
    path("template.xlsx", views_rounds.rounds_template, name="rounds_template"),
]
