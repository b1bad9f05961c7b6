from pingxuan.web.notices.models.calendar import CalendarDay, CalendarYear
from pingxuan.web.notices.models.carried import CarriedEvidence, CarriedNotice
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
    "CarriedEvidence",
    "CarriedNotice",
    "EvidenceKind",
    "Notice",
    "NoticeEvidence",
    "NoticeRow",
    "NoticeState",
]
