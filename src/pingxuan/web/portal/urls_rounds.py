"""/portal/<slug>/rounds/: the unit's 差额 rounds (三（二）), by form or by workbook, and their
documents."""

from django.urls import path

from pingxuan.web.portal import views_round_documents, views_rounds

urlpatterns = [
    path("", views_rounds.rounds, name="rounds"),
    path("import/", views_rounds.rounds_import, name="rounds_import"),
    path("template.xlsx", views_rounds.rounds_template, name="rounds_template"),
    path(
        "documents/<str:kind>/<str:award>/",
        views_round_documents.round_document,
        name="round_document",
    ),
]
