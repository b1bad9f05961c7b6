"""Office routes of the review area."""

urlpatterns: list[object] = []
