"""Complaints (举报): filed on the public form, handled in the office's register."""

from pingxuan.web.complaints.domain.handling import (
    ComplaintRefused,
    close,
    file_complaint,
    link_nomination,
    linked,
    start_investigation,
    unlink_nomination,
)

__all__ = [
    "ComplaintRefused",
    "close",
    "file_complaint",
    "link_nomination",
    "linked",
    "start_investigation",
    "unlink_nomination",
]
