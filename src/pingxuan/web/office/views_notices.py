"""/office/<slug>/notices/: the three public notices (三（三）1) — the list and the create form,
a notice's page (edit while draft, preview of exactly the public rows, what blocks publication,
publish or take down, evidence), the evidence images, and the working-day calendar."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pingxuan.core.calendar import CalendarUnknownYear
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.inputs import ascii_int
from pingxuan.web.materials.serving import stored_jpeg
from pingxuan.web.notices.domain import calendar as working
from pingxuan.web.notices.domain.content import correction_changes
from pingxuan.web.notices.domain.evidence import upload_evidence
from pingxuan.web.notices.domain.notices import (
    UNIT_LEVEL,
    Audience,
    NoticeRefused,
    create_notice,
    delete_draft,
    level_name,
    notice_view,
    period_days,
    publication_problem,
    publicity_words,
    publish,
    publisher,
    start_correction,
    update_notice,
    withdraw,
)
from pingxuan.web.notices.models import CalendarDay, CalendarYear, Notice, NoticeEvidence
from pingxuan.web.office.access import CityAccess, admin_access, city_access
from pingxuan.web.office.forms_notices import (
    CalendarDayForm,
    CalendarYearForm,
    CheckerForm,
    CorrectionForm,
    EvidenceForm,
    NoticeForm,
)


def _proposal(access: CityAccess, start: date) -> tuple[date | None, str]:
    """The proposed end for ``start``, or the message saying why there is none."""
    try:
        return working.propose_end(access.campaign, start), ""
    except CalendarUnknownYear as error:
        return None, working.unknown_year_message(access.campaign, error)


def _notice(access: CityAccess, pk: int) -> Notice:
    return get_object_or_404(
        Notice.objects.select_related("unit", "campaign"), pk=pk, campaign=access.campaign
    )


def _form_proposal(access: CityAccess, form: NoticeForm) -> tuple[date | None, str]:
    """The proposal for the start the form holds (as typed, or as stored)."""
    start = form["start"].value()
    try:
        start_date = start if isinstance(start, date) else date.fromisoformat(str(start))
    except ValueError:
        return None, ""
    return _proposal(access, start_date)


def _proposed_form(access: CityAccess, request: HttpRequest) -> NoticeForm:
    """The button beside the dates: the earliest end for the start typed, everything else kept
    as typed (an unbound form, so that nothing is reported missing yet)."""
    data = request.POST.dict()
    try:
        start = date.fromisoformat(data.get("start", ""))
    except ValueError:
        start = None
    if start is not None:
        end, _message = _proposal(access, start)
        if end is not None:
            data["end"] = end.isoformat()
    return NoticeForm(access.campaign, initial=data)


# ── the list and the create form ────────────────────────────────────────────────────────────


def _initial(access: CityAccess, start: date) -> dict[str, object]:
    end, _message = _proposal(access, start)
    # The unit's own notice comes first (三（三）1): the form starts there.
    return {"level": UNIT_LEVEL, "start": start, "end": end or start}


def _list_page(
    request: HttpRequest, access: CityAccess, form: NoticeForm, status: int = 200
) -> HttpResponse:
    notices = list(
        Notice.objects.filter(campaign=access.campaign)
        .select_related("unit")
        .order_by("start", "pk")
    )
    for notice in notices:
        notice.level_name = level_name(access.campaign, notice.level)  # type: ignore[attr-defined]
    proposed, proposal_error = _form_proposal(access, form)
    return render(
        request,
        "office/notice_list.html",
        {
            "campaign": access.campaign,
            "levels": publicity_words(access.campaign),
            "section": "notices",
            "notices": notices,
            "form": form,
            "proposed": proposed,
            "proposal_error": proposal_error,
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def notices(request: HttpRequest, slug: str) -> HttpResponse:
    access = city_access(request, slug)
    if request.method == "GET":
        form = NoticeForm(access.campaign, initial=_initial(access, timezone.localdate()))
        return _list_page(request, access, form)
    if "propose" in request.POST:
        return _list_page(request, access, _proposed_form(access, request))
    form = NoticeForm(access.campaign, request.POST)
    if not form.is_valid():
        return _list_page(request, access, form)
    try:
        notice = create_notice(
            access.campaign, form.notice_input(), actor=request.user, role=access.role
        )
    except NoticeRefused as refusal:
        form.add_error(None, refusal.message)
        return _list_page(request, access, form)
    messages.success(request, _("公示草稿已保存，请核对预览后发布。"))
    return redirect("office:notice", slug=slug, pk=notice.pk)


# ── one notice ──────────────────────────────────────────────────────────────────────────────


def _notice_page(
    request: HttpRequest,
    access: CityAccess,
    notice: Notice,
    *,
    form: NoticeForm | None = None,
    evidence_form: EvidenceForm | None = None,
    correction_form: CorrectionForm | None = None,
    error: str = "",
    withdraw_typed: str = "",
) -> HttpResponse:
    if form is None and notice.is_draft:
        form = NoticeForm(
            access.campaign,
            initial={
                "level": notice.level,
                "unit": notice.unit_id,
                "title": notice.title,
                "start": notice.start,
                "end": notice.end,
                "contact_person": notice.contact_person,
                "contact_phone": notice.contact_phone,
                "channel_phone": notice.channel_phone,
                "channel_mailbox": notice.channel_mailbox,
                "channel_address": notice.channel_address,
                "channel_text": notice.channel_text,
            },
        )
    proposed, proposal_error = _form_proposal(access, form) if form else (None, "")
    return render(
        request,
        "office/notice_detail.html",
        {
            "campaign": access.campaign,
            "levels": publicity_words(access.campaign),
            "section": "notices",
            "notice": notice,
            "level_name": level_name(access.campaign, notice.level),
            "publisher": publisher(notice),
            "view": notice_view(notice),
            "days": period_days(notice),
            "problem": publication_problem(notice) if notice.is_draft else "",
            "proposed": proposed,
            "proposal_error": proposal_error,
            "form": form,
            "evidence": list(notice.evidence.all()),
            "evidence_form": evidence_form or EvidenceForm(),
            "correction_form": correction_form or _correction_form(access),
            "corrections": list(notice.corrections.order_by("pk")),
            "changes": correction_changes(notice, Audience.INTERNAL),
            "public_changes": correction_changes(notice, Audience.PUBLIC),
            "error": error,
            "withdraw_typed": withdraw_typed,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def notice(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = city_access(request, slug)
    item = _notice(access, pk)
    if request.method == "GET":
        return _notice_page(request, access, item)
    action = request.POST.get("action", "save")
    try:
        if action == "delete":
            delete_draft(item, actor=request.user, role=access.role)
            messages.success(request, _("公示草稿已删除。"))
            return redirect("office:notices", slug=slug)
        if action == "correct":
            form = CorrectionForm(request.POST)
            if not form.is_valid():
                return _notice_page(request, access, item, correction_form=form)
            correction = start_correction(
                item,
                note=form.cleaned_data["note"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                actor=request.user,
                role=access.role,
            )
            messages.success(request, _("更正公示草稿已建立，请核对预览后发布。"))
            return redirect("office:notice", slug=slug, pk=correction.pk)
        if action == "publish":
            publish(item, actor=request.user, role=access.role)
            messages.success(request, _("公示已发布，公开页面现在可以访问。"))
        elif action == "withdraw":
            withdraw(
                item, reason=request.POST.get("reason", ""), actor=request.user, role=access.role
            )
            messages.success(request, _("公示已从公开页面撤下。"))
        elif "propose" in request.POST:
            return _notice_page(request, access, item, form=_proposed_form(access, request))
        else:
            form = NoticeForm(access.campaign, request.POST)
            if not form.is_valid():
                return _notice_page(request, access, item, form=form)
            try:
                update_notice(item, form.notice_input(), actor=request.user, role=access.role)
            except NoticeRefused as refusal:
                form.add_error(None, refusal.message)
                return _notice_page(request, access, item, form=form)
            messages.success(request, _("公示草稿已保存。"))
    except NoticeRefused as refusal:
        typed = request.POST.get("reason", "") if action == "withdraw" else ""
        return _notice_page(
            request, access, _notice(access, pk), error=refusal.message, withdraw_typed=typed
        )
    return redirect("office:notice", slug=slug, pk=item.pk)


@never_cache
@login_required
@require_POST
def notice_evidence(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = city_access(request, slug)
    item = _notice(access, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _notice_page(request, access, item, evidence_form=form)
    upload = form.cleaned_data["file"]
    try:
        upload_evidence(
            item,
            kind=form.cleaned_data["kind"],
            data=upload,
            filename=upload.name or "",
            title=form.cleaned_data["title"],
            actor=request.user,
            role=access.role,
        )
    except NoticeRefused as refusal:
        form.add_error("file", refusal.message)
        return _notice_page(request, access, item, evidence_form=form)
    messages.success(request, _("留证图片已保存。"))
    return redirect(f"{_notice_url(slug, item.pk)}#evidence")


def _correction_form(access: CityAccess) -> CorrectionForm:
    start = timezone.localdate()
    end, _message = _proposal(access, start)
    return CorrectionForm(initial={"start": start, "end": end or start})


def _notice_url(slug: str, pk: int) -> str:
    return reverse("office:notice", kwargs={"slug": slug, "pk": pk})


@never_cache
@login_required
@require_GET
def notice_evidence_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    access = city_access(request, slug)
    evidence = get_object_or_404(NoticeEvidence, pk=pk, notice__campaign=access.campaign)
    return stored_jpeg(evidence.path, evidence.title)


# ── the working-day calendar ────────────────────────────────────────────────────────────────


def _calendar_page(
    request: HttpRequest,
    access: CityAccess,
    *,
    day_form: CalendarDayForm | None = None,
    year_form: CalendarYearForm | None = None,
    status: int = 200,
) -> HttpResponse:
    checker = CheckerForm(request.GET or None)
    checked: dict[str, object] = {}
    if checker.is_bound and checker.is_valid():
        start = checker.cleaned_data["start"]
        end, message = _proposal(access, start)
        checked = {"start": start, "end": end, "error": message}
    return render(
        request,
        "office/notice_calendar.html",
        {
            "campaign": access.campaign,
            "section": "calendar",
            "is_admin": access.is_admin,
            "admin_name": campaign_spec(access.campaign).campaign.admin_name,
            "days": list(CalendarDay.objects.all()),
            "years": list(CalendarYear.objects.all()),
            "day_form": day_form or CalendarDayForm(),
            "year_form": year_form or CalendarYearForm(),
            "checker": checker,
            "checked": checked,
            "min_days": working.min_working_days(access.campaign),
            "unknown_years": [
                year.warning(campaign_spec(access.campaign).campaign.admin_name)
                for year in working.unknown_years(access.campaign)
            ],
        },
        status=status,
    )


def _posted_pk(request: HttpRequest) -> int:
    return ascii_int(request.POST.get("pk")) or 0


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "GET":
        return _calendar_page(request, city_access(request, slug))
    access = admin_access(request, slug)
    actor, role = request.user, access.role
    action = request.POST.get("action", "day")
    if action == "remove_day":
        entry = get_object_or_404(CalendarDay, pk=_posted_pk(request))
        working.remove_day(entry, actor=actor, role=role)
    elif action == "remove_year":
        year = get_object_or_404(CalendarYear, pk=_posted_pk(request))
        working.remove_year(year, actor=actor, role=role)
    elif action == "year":
        year_form = CalendarYearForm(request.POST)
        if not year_form.is_valid():
            return _calendar_page(request, access, year_form=year_form)
        data = year_form.cleaned_data
        working.add_year(data["year"], note=data["note"], actor=actor, role=role)
    else:
        day_form = CalendarDayForm(request.POST)
        if not day_form.is_valid():
            return _calendar_page(request, access, day_form=day_form)
        data = day_form.cleaned_data
        working.set_day(
            data["date"],
            is_working_day=data["is_working_day"],
            note=data["note"],
            actor=actor,
            role=role,
        )
    messages.success(request, _("工作日历已更新。"))
    return redirect("office:calendar", slug=slug)
