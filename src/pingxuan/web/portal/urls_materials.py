"""/portal/<slug>/materials/: the checklist of material images, uploads and conversions."""

from django.urls import path

from pingxuan.web.portal import views_materials

urlpatterns = [
    path("", views_materials.materials, name="materials"),
    path("second/", views_materials.materials, {"stage": "复审"}, name="materials_second"),
    path("batch/", views_materials.materials_batch, name="materials_batch"),
    path(
        "second/batch/",
        views_materials.materials_batch,
        {"stage": "复审"},
        name="materials_batch_second",
    ),
    path("<int:pk>/image.jpg", views_materials.material_file, name="material_file"),
    path("<int:pk>/delete/", views_materials.material_delete, name="material_delete"),
    path("pending/<int:pk>/convert/", views_materials.material_convert, name="material_convert"),
    path("pending/<int:pk>/discard/", views_materials.material_discard, name="material_discard"),
]
