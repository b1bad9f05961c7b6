"""/portal/<slug>/import/: the unit's exchange template and the workbook import."""

from django.urls import path

from pingxuan.web.portal import views_import

urlpatterns = [
    path("", views_import.upload, name="import"),
    path("confirm/", views_import.confirm, name="import_confirm"),
    path("template.xlsx", views_import.template, name="template"),
]
