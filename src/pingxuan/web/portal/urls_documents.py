"""/portal/<slug>/documents/: the unit's documents and their downloads."""

from django.urls import path

from pingxuan.web.portal import views_documents

urlpatterns = [
    path("", views_documents.documents, name="documents"),
    path("summary/<str:subject>/", views_documents.summary, name="document_summary"),
    path("<int:pk>/brief/", views_documents.sheet, {"kind": "brief"}, name="document_brief"),
    path(
        "<int:pk>/approval/", views_documents.sheet, {"kind": "approval"}, name="document_approval"
    ),
    path(
        "<int:pk>/opinions/", views_documents.sheet, {"kind": "opinions"}, name="document_opinions"
    ),
    path("notices/<int:pk>/", views_documents.notice, name="document_notice"),
    path("procedure/<str:kind>/", views_documents.procedure, name="document_procedure"),
]
