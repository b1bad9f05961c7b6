"""/portal/<slug>/submit/: the approver submits the unit for 初审. Errors block it; each warning
needs a written explanation; the deadline is judged by ``submit_unit`` inside its transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.core.findings import Reader
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.inputs import ascii_int
from pingxuan.web.nominations.domain.compliance import finding_key, unit_compliance
from pingxuan.web.nominations.domain.edit import NominationRefused
from pingxuan.web.nominations.domain.submit import may_be_returned, set_initial_counts, submit_unit
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.portal.access import unit_access
from pingxuan.web.portal.unit_page import FindingRow, countdown, finding_rows, submission_state
from pingxuan.web.portal.views_unit import unit_nominations, unit_submission


@dataclass
class WarningGroup:
    """Warnings that share a key share one explanation (the domain asks one per key)."""

    key: str
    findings: list[FindingRow]
    text: str


@login_required
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    access = unit_access(request, slug)
    if request.method == "POST" and "initial_counts" in request.POST:
        return _save_initial_counts(request, access)
    if request.method == "POST" and not access.is_approver:
        raise PermissionDenied(_("只有本单位审批人可以报送。"))
    compliance = unit_compliance(access.campaign, access.unit)
    names = {n.pk: n.display_name for n in unit_nominations(access)}
    # What the approver typed, or after submission what was submitted, read-only.
    submission = unit_submission(access)
    typed = (
        request.POST
        if request.method == "POST"
        else (submission.explanations if submission is not None else {})
    )
    groups: dict[str, WarningGroup] = {}
    for finding in compliance.warnings:
        key = finding_key(finding)
        group = groups.setdefault(key, WarningGroup(key, [], str(typed.get(key, ""))))
        group.findings.extend(finding_rows([finding], names, reader=Reader.UNIT))

    error = ""
    if request.method == "POST":
        explanations = {key: group.text for key, group in groups.items()}
        try:
            submitted = submit_unit(
                access.campaign,
                access.unit,
                explanations=explanations,
                actor=request.user,
                role=access.role,
            )
        except NominationRefused as refusal:
            error = str(refusal)  # shown above the form; the explanations stay as typed
        else:
            messages.success(
                request,
                _("已报送初审。报送后数据只读，如需修改请联系%(federation)s退回。")
                % {"federation": campaign_spec(access.campaign).campaign.federation_short}
                if may_be_returned(submitted)
                else _("已报送初审。报送后数据只读；本单位已退回过一次，不能再次退回修改。"),
            )
            return redirect("portal:unit", slug=slug)

    state = submission_state(submission)
    spec = compliance.spec
    page_countdown = countdown(access.campaign, access.unit, timezone.now())
    counted = {a.name: 0 for a in spec.awards}
    for nomination in unit_nominations(access):
        if nomination.kind == Kind.COMPREHENSIVE:
            counted[nomination.award] += 1
    stored_counts = submission.initial_counts if submission is not None else {}
    differential = (
        [
            {"award": a.name, "put_forward": counted[a.name], "initial": stored_counts.get(a.name)}
            for a in spec.awards
            if counted[a.name]
        ]
        if access.unit.level in spec.rules.differential.levels
        else []
    )
    return render(
        request,
        "portal/submit.html",
        {
            "differential": differential,
            "differential_clause": spec.rules.differential.clause,
            "access": access,
            "state": state,
            "submission": submission,
            "countdown": page_countdown,
            "errors": finding_rows(compliance.errors, names, reader=Reader.UNIT),
            "warnings": list(groups.values()),
            "can_submit": (
                access.is_approver
                and state.editable
                and not compliance.errors
                and not (page_countdown and page_countdown.passed)
            ),
            "nominations": len(names),
            "error": error,
        },
    )


def _save_initial_counts(request: HttpRequest, access) -> HttpResponse:  # type: ignore[no-untyped-def]
    spec = campaign_spec(access.campaign)
    counts: dict[str, int | None] = {}
    for award in spec.awards:
        counts[award.name] = ascii_int(request.POST.get(f"initial:{award.name}"), max_digits=6)
    try:
        set_initial_counts(
            access.campaign, access.unit, counts, actor=request.user, role=access.role
        )
    except NominationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("初始提名数已保存。"))
    return redirect("portal:submit", slug=access.campaign.slug)
