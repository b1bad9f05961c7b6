"""Department opinions on nominations (三（三）2): what is required, asked and answered."""

from pingxuan.web.opinions.domain.required import missing_opinions, required_for

__all__ = ["missing_opinions", "required_for"]
