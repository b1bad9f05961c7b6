"""Office routes of the documents area: every document of the campaign and its downloads."""

from django.urls import path

from pingxuan.web.office import views_documents as views

urlpatterns = [
    path("", views.documents, name="documents"),
    path("summary/<str:subject>/", views.city_summary, name="document_summary"),
    path("units/<int:pk>/summary/<str:subject>/", views.unit_summary, name="document_unit_summary"),
    path("nominations/<int:pk>/brief/", views.sheet, {"kind": "brief"}, name="document_brief"),
    path(
        "nominations/<int:pk>/approval/",
        views.sheet,
        {"kind": "approval"},
        name="document_approval",
    ),
    path(
        "nominations/<int:pk>/opinions/",
        views.sheet,
        {"kind": "opinions"},
        name="document_opinions",
    ),
    path("notices/<int:pk>/", views.notice, name="document_notice"),
    path(
        "notices/<int:pk>/statement/",
        views.notice_statement,
        name="document_notice_statement",
    ),
    path("units/<int:pk>/procedure/<str:kind>/", views.procedure, name="document_unit_procedure"),
    path("final-list/", views.final_list, name="document_final_list"),
    path("decision/", views.decision, name="document_decision"),
    # A released list by its number in the history (every earlier one stays retrievable).
    path("final-list/<int:pk>/", views.final_list, name="document_final_list_released"),
    path("decision/<int:pk>/", views.decision, name="document_decision_released"),
]
