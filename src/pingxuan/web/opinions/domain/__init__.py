"""Department opinions on nominations (三（三）2): what is required, asked and answered."""

from pingxuan.web.opinions.domain.required import (
    missing_opinions,
    missing_opinions_of,
    required_for,
)

__all__ = ["missing_opinions", "missing_opinions_of", "required_for"]
