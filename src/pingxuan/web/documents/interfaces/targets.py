"""A document a page asked for and the background worker writes: the job's parameters name it
(kind, object, format; never personal data), and ``resolve`` turns them back into the file to
write, the unit its download is audited under and the object the audit row names.

The page checked access when it started the job (a foreign object is a 404 there); ``resolve``
looks everything up again within the job's campaign and, for a unit's job, within its unit, so a
job can never reach further than the page that started it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from pingxuan.core.documents.procedure import NAMES as PROCEDURE_NAMES
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.documents.domain.catalogue import city_notices, organiser_notices, unit_notices
from pingxuan.web.documents.domain.sheets import SHEET_NAMES
from pingxuan.web.documents.interfaces.exports import (
    DOCX,
    PDF,
    XLSX,
    Export,
    decision_export,
    exchange_export,
    final_list_export,
    nomination_export,
    notice_export,
    notice_statement_export,
    procedure_export,
    summary_export,
)
from pingxuan.web.finals.models import FinalList
from pingxuan.web.nominations.models import Nomination

SHEET, NOTICE, PROCEDURE, SUMMARY, FINAL_LIST, DECISION, EXCHANGE = (
    *("sheet", "notice", "procedure", "summary", "final_list", "decision", "exchange"),
)
NOTICE_STATEMENT = "notice_statement"  # the organiser's 公示情况说明 of its own notice
# The formats each document comes in; the first is the default.
FORMATS: dict[str, tuple[str, ...]] = {
    SHEET: (PDF, DOCX),
    NOTICE: (PDF, DOCX),
    NOTICE_STATEMENT: (DOCX, PDF),
    PROCEDURE: (DOCX,),
    SUMMARY: (XLSX, PDF),
    FINAL_LIST: (DOCX, PDF, XLSX),
    DECISION: (DOCX, PDF),
    EXCHANGE: (XLSX,),
}
TITLES = {
    NOTICE: _("公示"),
    NOTICE_STATEMENT: _("公示情况说明"),
    SUMMARY: _("推荐对象情况汇总表"),
    FINAL_LIST: _("最终名单"),
    DECISION: _("表彰决定"),
    EXCHANGE: _("本单位已填数据（交换工作簿）"),
}
FORMAT_NAMES = {PDF: "PDF", DOCX: "Word", XLSX: "Excel"}


class Gone(Exception):
    """What the job names no longer exists (deleted, or the campaign's spec changed)."""


@dataclass(frozen=True)
class Target:
    make: Callable[[], Export]
    unit_name: str
    obj: Any


def title(params: dict[str, Any]) -> str:
    """What the job makes, for its page and the jobs list: "推荐审批表（PDF）"."""
    doc = params.get("doc", "")
    if doc == SHEET:
        name = str(SHEET_NAMES.get(params.get("kind", ""), ""))
    elif doc == PROCEDURE:
        name = str(PROCEDURE_NAMES.get(params.get("kind", ""), ""))
    else:
        name = str(TITLES.get(doc, ""))
    return f"{name}（{FORMAT_NAMES.get(params.get('format', ''), '')}）"


def _unit(campaign: Campaign, unit: Unit | None, params: dict[str, Any]) -> Unit:
    """The unit's own job: its unit, whatever the parameters say; the city's: the one named."""
    if unit is not None:
        return unit
    found = Unit.objects.filter(campaign=campaign, pk=params.get("pk")).first()
    if found is None:
        raise Gone
    return found


def resolve(campaign: Campaign, unit: Unit | None, params: dict[str, Any]) -> Target:
    doc, fmt = params.get("doc", ""), params.get("format", "")
    if fmt not in FORMATS.get(doc, ()):
        raise Gone
    if doc == SHEET:
        nominations = Nomination.objects.select_related("unit", "campaign", "alternate_of")
        nominations = nominations.filter(campaign=campaign)
        if unit is not None:
            nominations = nominations.filter(unit=unit)
        nomination = nominations.filter(pk=params.get("pk")).first()
        kind = params.get("kind", "")
        if nomination is None or kind not in SHEET_NAMES:
            raise Gone
        return Target(
            lambda: nomination_export(nomination, kind, fmt), nomination.unit.name, nomination
        )
    if doc == NOTICE:
        notices = city_notices(campaign) if unit is None else unit_notices(campaign, unit)
        notice = notices.filter(pk=params.get("pk")).first()
        if notice is None:
            raise Gone
        return Target(
            lambda: notice_export(notice, fmt), notice.unit.name if notice.unit else "", notice
        )
    if doc == PROCEDURE:
        owner, kind = _unit(campaign, unit, params), params.get("kind", "")
        if kind not in PROCEDURE_NAMES:
            raise Gone
        return Target(lambda: procedure_export(campaign, owner, kind), owner.name, owner)
    if doc == SUMMARY:
        owner = _unit(campaign, unit, params)
        subject = params.get("subject")
        award = next((a for a in campaign_spec(campaign).awards if a.subject == subject), None)
        if award is None:
            raise Gone
        return Target(lambda: summary_export(campaign, award, owner, fmt), owner.name, owner)
    if doc == EXCHANGE and unit is not None:  # a unit's own data, for its own clerk
        return Target(lambda: exchange_export(campaign, unit), unit.name, unit)
    if unit is not None:  # the final documents and the organiser's statement are its alone
        raise Gone
    if doc == NOTICE_STATEMENT:
        stated = organiser_notices(campaign).filter(pk=params.get("pk")).first()
        if stated is None:
            raise Gone
        return Target(lambda: notice_statement_export(stated, fmt), "", stated)
    if doc in (FINAL_LIST, DECISION):
        # A released list by its pk (every one stays retrievable), else the current list.
        released = None
        if params.get("pk") is not None:
            released = FinalList.objects.filter(campaign=campaign, pk=params.get("pk")).first()
            if released is None:
                raise Gone
        export = final_list_export if doc == FINAL_LIST else decision_export
        return Target(lambda: export(campaign, fmt, released), "", released)
    raise Gone
