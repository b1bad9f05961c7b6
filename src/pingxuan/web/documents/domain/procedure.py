"""A unit's procedure documents (``core/documents/procedure.py``) from what the site records: its
nominations, the initial counts it entered, its own published notice and the complaints about
its nominees received while that notice ran; and the organiser's own 公示情况说明 of its notice
(a county federation's, for the city it forwards to)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.core.calendar import CalendarUnknownYear
from pingxuan.core.documents.procedure import (
    NoticeFacts,
    ProcedureDocument,
    federation,
    organiser_statement,
    procedure_document,
)
from pingxuan.core.publicity import level_of
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.complaints.enums import Outcome
from pingxuan.web.complaints.models import Complaint
from pingxuan.web.nominations.domain.adapt import Adapter, stored_nominations, unit_reports
from pingxuan.web.notices.domain.calendar import working_calendar
from pingxuan.web.notices.domain.content import UNIT_LEVEL
from pingxuan.web.notices.models import Notice, NoticeRow, NoticeState
from pingxuan.web.rounds.models import CampaignLink


def _facts(notice: Notice, place: str) -> NoticeFacts:
    level = level_of(campaign_spec(notice.campaign), notice.level)
    try:
        days: int | None = working_calendar().working_days(notice.start, notice.end)
    except CalendarUnknownYear:
        days = None
    return NoticeFacts(
        level_name=level.name,
        shows_sensitive=level.shows_sensitive,
        start=notice.start,
        end=notice.end,
        working_days=days,
        place=place,
    )


def _with_complaints(
    facts: NoticeFacts, notice: Notice, received: QuerySet[Complaint]
) -> NoticeFacts:
    """Complaints are told only once the notice has ended."""
    if timezone.localdate() <= notice.end:
        return facts
    received = received.filter(
        received_at__date__gte=notice.start,
        received_at__date__lt=notice.end + timedelta(days=1),
    ).distinct()
    upheld = received.filter(outcome=Outcome.SUBSTANTIATED).count()
    return replace(facts, objections=received.count(), upheld=upheld)


def organiser_statement_document(notice: Notice) -> ProcedureDocument:
    """The organiser's 公示情况说明 of its own published notice (the top level): the nominees as
    frozen in it, the unit notices they had before it, the complaints about them during it, and
    the federation it goes to (the parent campaign's, for a child campaign)."""
    campaign = notice.campaign
    spec = campaign_spec(campaign)
    ids = list(NoticeRow.objects.filter(notice=notice).values_list("nomination_id", flat=True))
    stored = list(stored_nominations(campaign.pk).filter(pk__in=ids))
    link = CampaignLink.objects.filter(child=campaign).select_related("parent").first()
    addressee = federation(campaign_spec(link.parent)) if link else ""
    facts = _facts(notice, _("评选系统公示网页（《%(title)s》）") % {"title": notice.title})
    facts = _with_complaints(
        facts, notice, Complaint.objects.filter(campaign=campaign, nominations__in=ids)
    )
    units = []
    for unit in (
        Unit.objects.filter(campaign=campaign, nominations__in=ids)
        .distinct()
        .order_by("position", "pk")
    ):
        own = (
            Notice.objects.filter(
                campaign=campaign, unit=unit, level=UNIT_LEVEL, state=NoticeState.PUBLISHED
            )
            .order_by("-end", "-pk")
            .first()
        )
        if own is not None:
            units.append((unit.name, _facts(own, "")))
    return organiser_statement(spec, addressee, Adapter(spec).many(stored), facts, units)


def unit_notice_facts(campaign: Campaign, unit: Unit) -> NoticeFacts | None:
    """The unit's own notice at its highest level (a county's 县级公示 before its 所在单位公示),
    the latest one published. Complaints are told only once the notice has ended."""
    spec = campaign_spec(campaign)
    rank = {level.key: index for index, level in enumerate(spec.publicity.levels)}
    published = Notice.objects.filter(campaign=campaign, unit=unit, state=NoticeState.PUBLISHED)
    notices = sorted(published, key=lambda n: (rank.get(n.level, -1), n.start, n.pk))
    if not notices:
        return None
    notice = notices[-1]
    level = next(lv for lv in spec.publicity.levels if lv.key == notice.level)
    try:
        days: int | None = working_calendar().working_days(notice.start, notice.end)
    except CalendarUnknownYear:
        days = None
    facts = NoticeFacts(
        level_name=level.name,
        shows_sensitive=level.shows_sensitive,
        start=notice.start,
        end=notice.end,
        working_days=days,
        place=f"本单位公示栏和评选系统公示网页（《{notice.title}》）",
    )
    if timezone.localdate() <= notice.end:
        return facts
    received = Complaint.objects.filter(
        campaign=campaign,
        nominations__unit=unit,
        received_at__date__gte=notice.start,
        received_at__date__lt=notice.end + timedelta(days=1),
    ).distinct()
    upheld = received.filter(outcome=Outcome.SUBSTANTIATED).count()
    return replace(facts, objections=received.count(), upheld=upheld)


def unit_procedure_document(campaign: Campaign, unit: Unit, kind: str) -> ProcedureDocument:
    spec = campaign_spec(campaign)
    nominations = Adapter(spec).many(stored_nominations(campaign.pk).filter(unit=unit))
    report = next((r for r in unit_reports(campaign.pk, spec) if r.unit == unit.name), None)
    notice = unit_notice_facts(campaign, unit)
    return procedure_document(kind, spec, unit.name, nominations, report, notice)
