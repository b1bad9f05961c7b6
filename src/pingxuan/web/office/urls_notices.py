"""Office routes of the notices area."""

urlpatterns: list[object] = []
