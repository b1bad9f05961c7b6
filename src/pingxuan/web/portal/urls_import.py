"""/portal/<slug>/import/: the unit's exchange template and the workbook import (the preview and
its confirmation are on the import's job page, /jobs/<id>/)."""

from django.urls import path

from pingxuan.web.portal import views_import

urlpatterns = [
    path("", views_import.upload, name="import"),
    path("template.xlsx", views_import.template, name="template"),
    path("filled/", views_import.filled, name="import_filled"),
]
