"""/office/<slug>/: the city's overview (progress of the units, every city-wide ratio against its
bound) and the final list per award, checked by the core engine at the final stage. The final
list's heading counts the rows its table lists: the places taken (an alternate that took its
leader's place among them); 专项表彰 is listed apart, outside the places."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.core.findings import Reader, Stage
from pingxuan.core.identifiers import mask_id_number
from pingxuan.web.campaigns.domain.deadlines import deadline_lines, submission_line
from pingxuan.web.nominations.domain.citywide import city_check, final_check
from pingxuan.web.nominations.enums import Kind, Standing, SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from pingxuan.web.office.access import city_access
from pingxuan.web.portal.unit_page import countdown_of, finding_rows


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    access = city_access(request, slug)
    campaign = access.campaign
    check = city_check(campaign, stage=Stage.NOMINATION)
    spec = check.spec
    units = list(campaign.units.order_by("position", "pk"))
    states = dict(Submission.objects.filter(campaign=campaign).values_list("unit_id", "state"))
    progress = Counter(states.get(unit.pk, "none") for unit in units)
    standings = Counter(
        (n.award, n.standing) for n in check.nominations if n.kind == Kind.COMPREHENSIVE
    )
    table = [
        {
            "award": award,
            "total": award.total,
            "cells": [standings.get((award.name, s.value), 0) for s in Standing],
        }
        for award in spec.awards
    ]
    # Only the rows the city-wide findings name: not a name for each of the campaign's rows.
    named = {ref.row for finding in check.city_findings for ref in finding.rows}
    names = {n.pk: f"{n.unit.name} · {n.display_name}" for n in check.nominations if n.pk in named}
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
            "standings": list(Standing),
            "table": table,
            "bars": check.bars,
            "city_findings": finding_rows(check.city_findings, names, reader=Reader.ORGANISER),
        },
    )


@dataclass(frozen=True)
class ListedRow:
    pk: int
    unit: str
    name: str
    detail: str


def _detail(nomination: Nomination) -> str:
    cells = nomination.cells
    parts = [cells.get(c, "") for c in ("身份类别", "职务", "单位性质", "所属行业")]
    leader = nomination.alternate_of
    if nomination.kind == Kind.ALTERNATE and leader is not None:
        # On the list it is 综合表彰; the office still sees whose place it took.
        parts.insert(0, _("备选，代替%(name)s") % {"name": leader.display_name})
    number = cells.get("身份证号") or ""
    if number:
        parts.append(mask_id_number(number))
    return " · ".join(str(p) for p in parts if p)


@login_required
def final_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = city_access(request, slug)
    campaign = access.campaign
    check = final_check(campaign)
    spec = check.spec
    order = {name: i for i, name in enumerate(u.name for u in spec.units)}
    awaiting = Counter(
        Nomination.objects.filter(campaign=campaign, standing=Standing.PASSED).values_list(
            "award", flat=True
        )
    )

    def rows(nominations: list[Nomination]) -> list[ListedRow]:
        ordered = sorted(nominations, key=lambda n: (order.get(n.unit.name, len(order)), n.seq))
        return [ListedRow(n.pk, n.unit.name, n.display_name, _detail(n)) for n in ordered]

    lists = []
    for award in spec.awards:
        listed = rows(check.listed(award.name))
        lists.append(
            {
                "award": award,
                "rows": listed,
                "count": len(listed),
                "special": rows(check.special(award.name)),
                "awaiting": awaiting.get(award.name, 0),
            }
        )
    names = {n.pk: f"{n.unit.name} · {n.display_name}" for n in check.nominations}
    return render(
        request,
        "office/final_list.html",
        {
            "campaign": campaign,
            "section": "final",
            "lists": lists,
            "bars": check.bars,
            "findings": finding_rows(check.findings, names, reader=Reader.ORGANISER),
            "errors": len(check.errors),
        },
    )
