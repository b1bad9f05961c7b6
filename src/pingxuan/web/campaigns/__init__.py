"""Campaigns: one row per notice, holding the spec text it was loaded from."""
