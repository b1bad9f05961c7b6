"""The role × URL matrix, area by area (see common.py)."""

AREAS = (
    "portal",
    "office_review",
    "office_notices",
    "office_opinions",
    "office_complaints",
    "office_final",
    "documents",
    "jobs",
    "rounds",
)
