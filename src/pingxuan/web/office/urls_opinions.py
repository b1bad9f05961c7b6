"""Office routes of the opinions area."""

urlpatterns: list[object] = []
