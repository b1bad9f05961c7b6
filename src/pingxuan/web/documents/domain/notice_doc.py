"""A notice (三（三）1) as a printable document. Its rows are exactly ``notice_view(notice)``'s,
the notice as frozen on publication: the core's publicity decided who appears (涉敏 never at
county or city level), which fields (no ID number, phone, ethnicity, birth date or political
status) and their stroke order; only two-character names are padded for print. The document is
for the office and the publishing unit (the unit's own notice is posted on its board, 涉敏
nominees included, 三（六）); no public page offers it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.core.documents.procedure import federation
from pingxuan.core.spec.models import Spec
from pingxuan.core.strokes import pad_name
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.notices.domain.notices import (
    CITY_LEVEL,
    UNIT_LEVEL,
    NoticeTable,
    level_name,
    notice_view,
    period_days,
    publisher,
)
from pingxuan.web.notices.models import Notice

INTRO = (
    "%(basis)s，%(process)s现将%(campaign)s的推荐对象予以公示。"
    "公示期间，如对公示对象有异议，请通过下列方式反映。反映情况应实事求是，提倡署真实姓名。"
)


@dataclass(frozen=True)
class NoticeDocument:
    title: str
    publisher: str
    level: str
    intro: str
    period: str
    tables: list[NoticeTable]
    channels: list[tuple[str, str]]
    dated: str
    draft: bool


def _padded(table: NoticeTable) -> NoticeTable:
    if "姓名" not in table.columns:
        return table
    at = table.columns.index("姓名")
    rows = [[pad_name(v) if i == at else v for i, v in enumerate(row)] for row in table.rows]
    return NoticeTable(table.award, table.columns, rows, table.sensitive)


def _basis(spec: Spec) -> str:
    number = spec.campaign.document_number
    if number:
        return _("按照%(number)s文件要求") % {"number": number}
    return _("按照《%(title)s》的要求") % {"title": spec.campaign.title}


def _process(spec: Spec, notice: Notice) -> str:
    """How the listed nominees came to be, at the notice's level, in the spec's words: the
    unit's 差额 vote by its 职代会 (or the joint meeting), the organiser's 初审 for its own notice
    (郑州市总工会, 中牟县总工会: whoever the spec's issuer is)."""
    if notice.level == CITY_LEVEL:
        return _("经各推荐单位推荐、%(federation)s初审，") % {"federation": federation(spec)}
    if notice.level == UNIT_LEVEL and spec.rounds is not None:
        return _("经%(bodies)s差额表决通过，") % {"bodies": "或".join(spec.rounds.bodies)}
    return _("经%(publisher)s推荐，") % {"publisher": publisher(notice)}


def notice_document(notice: Notice) -> NoticeDocument:
    spec = campaign_spec(notice.campaign)
    tables = notice_view(notice).tables
    days = period_days(notice)
    period = _("公示期：%(start)s至%(end)s") % {
        "start": f"{notice.start:%Y年%-m月%-d日}",
        "end": f"{notice.end:%Y年%-m月%-d日}",
    }
    if days is not None:
        period += _("（共%(n)s个工作日）") % {"n": days}
    channels = [
        (label, value)
        for label, value in (
            (_("举报电话"), notice.channel_phone),
            (_("举报邮箱"), notice.channel_mailbox),
            (_("来信地址"), notice.channel_address),
            (_("其他"), notice.channel_text),
            (_("联系人"), f"{notice.contact_person}　{notice.contact_phone}".strip()),
        )
        if value
    ]
    who = publisher(notice)
    dated = timezone.localtime(notice.published_at or notice.created_at)
    return NoticeDocument(
        title=notice.title,
        publisher=who,
        level=level_name(notice.campaign, notice.level),
        intro=INTRO
        % {
            "basis": _basis(spec),
            "process": _process(spec, notice),
            "campaign": spec.campaign.title,
        },
        period=period,
        tables=[_padded(table) for table in tables],
        channels=channels,
        dated=f"{dated:%Y年%-m月%-d日}",
        draft=notice.is_draft,
    )
