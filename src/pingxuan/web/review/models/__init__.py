"""Models of this app."""

from pingxuan.web.review.models.decision import Decision

__all__ = ["Decision"]
