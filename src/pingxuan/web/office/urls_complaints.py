"""Office routes of the complaints area."""

urlpatterns: list[object] = []
