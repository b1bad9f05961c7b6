"""Office routes of the review area: 初审 of the units' submissions."""

from django.urls import path

from pingxuan.web.office import views_review

urlpatterns = [
    path("", views_review.review_units, name="review_units"),
    path("units/<int:pk>/", views_review.review_unit, name="review_unit"),
    path("units/<int:pk>/decide/", views_review.review_decide, name="review_decide"),
    path("units/<int:pk>/return/", views_review.review_return, name="review_return"),
    path("materials/<int:pk>/image.jpg", views_review.review_material, name="review_material"),
    path(
        "carried/<int:pk>/image.jpg",
        views_review.review_carried_evidence,
        name="review_carried_evidence",
    ),
    path("release/", views_review.review_preview, name="review_preview"),
]
