from pingxuan.web.notices.models.calendar import CalendarDay, CalendarYear
from pingxuan.web.notices.models.notice import (
    EvidenceKind,
    Notice,
    NoticeEvidence,
    NoticeRow,
    NoticeState,
)

__all__ = [
    "CalendarDay",
    "CalendarYear",
    "EvidenceKind",
    "Notice",
    "NoticeEvidence",
    "NoticeRow",
    "NoticeState",
]
