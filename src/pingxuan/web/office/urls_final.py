"""Office routes of the final area."""

urlpatterns: list[object] = []
