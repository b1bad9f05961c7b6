"""/office/<slug>/: the city's overview (progress of the units, every city-wide ratio against its
bound) and the final list per award, checked by the core engine at the final stage. The final
list's heading counts the rows its table lists: the places taken (an alternate that took its
leader's place among them); 专项表彰 is listed apart, outside the places.

Before release the list is live (草稿); 发布 freezes it (``finals``), and from then on the page
shows the released rows, what the live data would change (发布后有变化), and the 更正 form."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from pingxuan.core.columns import COMPREHENSIVE, SPECIAL
from pingxuan.core.findings import Reader, Stage
from pingxuan.web.campaigns.domain.deadlines import deadline_lines, submission_line
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.finals.domain.content import (
    AwardFrame,
    FinalView,
    Line,
    frame,
    frozen_view,
    released_lists,
)
from pingxuan.web.finals.domain.release import Preview, ReleaseRefused, preview, release_final_list
from pingxuan.web.finals.models import FinalList
from pingxuan.web.fragments import render_fragment
from pingxuan.web.inputs import ascii_int
from pingxuan.web.nominations.domain.citywide import RatioBar, city_check
from pingxuan.web.nominations.enums import Standing, SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from pingxuan.web.office.access import CityAccess, city_access
from pingxuan.web.office.forms_final import ReleaseForm
from pingxuan.web.portal.unit_page import FindingRow, countdown_of, finding_rows
from pingxuan.web.review.domain.counts import COLUMNS, Column, review_counts

DASHBOARD_TEMPLATE = "office/_dashboard_body.html"


@dataclass(frozen=True)
class DashboardBody:
    """All ``office/_dashboard_body.html`` reads: the fragment is cached keyed on it."""

    whole: str  # 全市
    standings: list[Column]  # the columns, as review_counts counts them
    table: list[dict[str, Any]]  # per award: name, total, a count per column
    bars: list[RatioBar]
    city_findings: list[FindingRow]


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    access = city_access(request, slug)
    campaign = access.campaign
    check = city_check(campaign, stage=Stage.NOMINATION)
    spec = check.spec
    units = list(campaign.units.order_by("position", "pk"))
    states = dict(Submission.objects.filter(campaign=campaign).values_list("unit_id", "state"))
    progress = Counter(states.get(unit.pk, "none") for unit in units)
    # One function counts for this table and the 工作台, so that 待初审 means the same in both.
    counts = review_counts(campaign)
    table = [
        {"name": award.name, "total": award.total, "cells": counts.row(award.name)}
        for award in spec.awards
    ]
    # Only the rows the city-wide findings name: not a name for each of the campaign's rows.
    named = {ref.row for finding in check.city_findings for ref in finding.rows}
    names = {n.pk: f"{n.unit.name} · {n.display_name}" for n in check.nominations if n.pk in named}
    # Standings, ratios and city-wide findings: rendered once per distinct content.
    overview = DashboardBody(
        spec.campaign.whole_name,
        COLUMNS,
        table,
        check.bars,
        finding_rows(check.city_findings, names, reader=Reader.ORGANISER),
    )
    body = render_fragment(DASHBOARD_TEMPLATE, overview, scope=(campaign.pk, access.role))
    now = timezone.now()
    deadlines = deadline_lines(campaign, None, now)  # one query for the extensions, not two
    return render(
        request,
        "office/dashboard.html",
        {
            "campaign": campaign,
            "section": "dashboard",
            "access": None,
            "spec": spec,
            "countdown": countdown_of(submission_line(campaign, deadlines), now),
            "deadlines": deadlines,
            "progress": [
                (SubmissionState(state).label if state != "none" else "未开始填报", progress[state])
                for state in (*SubmissionState.values, "none")
            ],
            "unit_total": len(units),
            "overview": overview,  # what the fragment shows, for whoever reads the context
            "body": body,
        },
    )


@dataclass(frozen=True)
class ListedRow:
    pk: int
    unit: str
    name: str
    detail: str  # the office's 情况 column: 身份类别 · 职务 … (备选，代替某某)
    work: str = ""  # 工作单位及职务, as the documents print it
    sensitive: bool = False


def _rows(lines: list[Line]) -> list[ListedRow]:
    return [
        ListedRow(line.nomination_id, line.unit, line.name, line.note, line.detail, line.sensitive)
        for line in lines
    ]


def _lists(view: FinalView, awaiting: Counter[str] | None = None) -> list[dict[str, object]]:
    """Per award: the places and 专项表彰 apart, in the documents' order (one story)."""
    lists = []
    for award in view.awards:
        listed = _rows(view.of(award.name, COMPREHENSIVE))
        lists.append(
            {
                "award": award,
                "people": award.subject == "person",
                "rows": listed,
                "count": len(listed),
                "special": _rows(view.of(award.name, SPECIAL)),
                "awaiting": (awaiting or Counter()).get(award.name, 0),
            }
        )
    return lists


def _page(
    request: HttpRequest,
    access: CityAccess,
    *,
    form: ReleaseForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    """The 最终名单 page: the current released list (frozen) with what has changed since, or
    before release the live draft; either way the live check and the release (or correction)
    form once the check allows it."""
    campaign = access.campaign
    found = preview(campaign)
    check = found.check
    current = found.current
    view = frozen_view(current) if current is not None else live_view_of(campaign, found)
    awaiting = Counter(
        Nomination.objects.filter(campaign=campaign, standing=Standing.PASSED).values_list(
            "award", flat=True
        )
    )
    names = {n.pk: f"{n.unit.name} · {n.display_name}" for n in check.nominations}
    if form is None:
        form = ReleaseForm(correction=current is not None)
    return render(
        request,
        "office/final_list.html",
        {
            "campaign": campaign,
            "section": "final",
            "released": current,
            "history": list(released_lists(campaign)),
            "lists": _lists(view, awaiting),
            "count": len(view.lines),
            "changes": found.changes,
            "draft_lists": _lists(live_view_of(campaign, found)) if current is not None else [],
            "blocker": found.blocker,
            "digest": found.digest,
            "form": form,
            "refusal": refusal,
            "bars": check.bars,
            "findings": finding_rows(check.findings, names, reader=Reader.ORGANISER),
            "errors": len(check.errors),
            "warnings": len(found.warnings),
        },
        status=status,
    )


def live_view_of(campaign: Campaign, found: Preview) -> FinalView:
    """The draft's view from the preview's own check: one engine run per page."""
    data = frame(found.check.spec, found.lines)
    return FinalView(
        awards=[AwardFrame(a["name"], a["subject"], a["total"]) for a in data["awards"]],
        title=data["title"],
        name_order=data["name_order"],
        decision=data["decision"],
        lines=found.lines,
        check=found.check,
    )


@login_required
@require_GET
def final_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, city_access(request, slug))


@login_required
@require_POST
def final_release(request: HttpRequest, slug: str) -> HttpResponse:
    """发布最终名单, or 更正 the current one: what the page previewed (its fingerprint), on the
    list the page showed as current (none for the first release)."""
    access = city_access(request, slug)
    based_on = ascii_int(request.POST.get("based_on", ""))
    form = ReleaseForm(request.POST, correction=based_on is not None)
    if not form.is_valid():
        return _page(request, access, form=form, status=400)
    data = form.cleaned_data
    try:
        release_final_list(
            access.campaign,
            number=data["number"],
            issued_on=data["issued_on"],
            shown=request.POST.get("shown", ""),
            based_on=based_on,
            reason=data.get("reason") or "",
            actor=request.user,
            role=access.role,
        )
    except ReleaseRefused as refused:
        return _page(request, access, form=form, refusal=refused.message, status=409)
    return redirect("office:final_list", slug=slug)


@login_required
@require_GET
def final_released(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One released list as it was released (an earlier one stays readable after its
    correction): its rows, 文号, and what corrected it or what it corrected."""
    access = city_access(request, slug)
    released = get_object_or_404(
        FinalList.objects.select_related("corrects", "correction", "released_by"),
        pk=pk,
        campaign=access.campaign,
    )
    view = frozen_view(released)
    return render(
        request,
        "office/final_released.html",
        {
            "campaign": access.campaign,
            "section": "final",
            "released": released,
            "correction": getattr(released, "correction", None),
            "lists": _lists(view),
            "count": len(view.lines),
        },
    )
