"""Models of this app."""

from pingxuan.web.review.models.decision import Decision
from pingxuan.web.review.models.score import Score

__all__ = ["Decision", "Score"]
