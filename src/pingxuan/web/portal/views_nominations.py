"""Adding, editing and deleting a unit's nominations; the audited reveal of an ID number; the live
check of a form not saved yet. Every change goes through the nominations domain functions, which
lock, check the quota and the read-only states, and write the audit row."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from pingxuan.core.columns import ALTERNATE, COMPREHENSIVE, SPECIAL
from pingxuan.core.spec.models import Award, Spec
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.inputs import ascii_int
from pingxuan.web.nominations.domain.edit import (
    HonourInput,
    NominationInput,
    NominationRefused,
    delete_nomination,
    reveal_id_number,
    save_nomination,
)
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.portal.access import UnitAccess, unit_access
from pingxuan.web.portal.forms import (
    ID_COLUMN,
    PHONE,
    NominationForm,
    award_for_subject,
    honour_formset,
    honours_of,
    leader_categories,
    needs_negatives,
    negative_formset,
    negatives_of,
    valid_rows,
)
from pingxuan.web.portal.live import check_draft
from pingxuan.web.portal.unit_page import submission_state
from pingxuan.web.portal.views_unit import unit_submission
from pingxuan.web.rounds.domain.withdrawal import live_forwarding


def _award(spec: Spec, subject: str) -> Award:
    award = award_for_subject(spec, subject)
    if award is None:
        raise Http404
    return award


def _leaders(
    access: UnitAccess, spec: Spec, award: Award, nomination: Nomination | None
) -> list[Nomination]:
    """Who an alternate of this unit and award can stand for: its leaders put forward."""
    if award.subject != "person":
        return []
    categories = leader_categories(spec)
    candidates = Nomination.objects.filter(
        campaign=access.campaign, unit=access.unit, award=award.name, kind=Kind.COMPREHENSIVE
    ).order_by("seq")
    return [
        n
        for n in candidates
        if n.cells.get("身份类别") in categories and (nomination is None or n.pk != nomination.pk)
    ]


def _unit_url(access: UnitAccess, award: Award | None = None) -> str:
    url = reverse("portal:unit", kwargs={"slug": access.campaign.slug})
    return f"{url}#award-{award.subject}" if award else url


@login_required
@sensitive_post_parameters(ID_COLUMN, PHONE)
def nomination_new(request: HttpRequest, slug: str, subject: str) -> HttpResponse:
    access = unit_access(request, slug)
    spec = campaign_spec(access.campaign)
    return _form_page(request, access, spec, _award(spec, subject), None)


@login_required
@sensitive_post_parameters(ID_COLUMN, PHONE)
def nomination_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = unit_access(request, slug)
    nomination = access.nomination(pk)
    spec = campaign_spec(access.campaign)
    return _form_page(request, access, spec, spec.award(nomination.award), nomination)


def _form_page(
    request: HttpRequest,
    access: UnitAccess,
    spec: Spec,
    award: Award,
    nomination: Nomination | None,
) -> HttpResponse:
    leaders = _leaders(access, spec, award, nomination)
    options: dict[str, Any] = {
        "spec": spec,
        "award": award,
        "leaders": leaders,
        "nomination": nomination,
    }
    with_negatives = needs_negatives(spec, award)
    if request.method == "POST":
        form = NominationForm(request.POST, **options)
        honours = honour_formset(spec, request.POST)
        negatives = negative_formset(spec, request.POST) if with_negatives else None
        if form.is_valid() and honours.is_valid() and (negatives is None or negatives.is_valid()):
            data = form.to_input(
                honours_of(honours), negatives_of(negatives) if negatives is not None else None
            )
            try:
                saved = save_nomination(
                    access.campaign,
                    access.unit,
                    data,
                    actor=request.user,
                    role=access.role,
                    nomination=nomination,
                )
            except NominationRefused as refusal:
                # The bound form is shown again: nothing the clerk typed is lost.
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("已保存：%(name)s") % {"name": saved.display_name})
                return redirect(_unit_url(access, award))
    else:
        initial = {}
        if nomination is None and award.subject == "person":
            if request.GET.get("kind") in (SPECIAL, ALTERNATE):
                initial["kind"] = request.GET["kind"]
            if request.GET.get("leader"):
                initial["leader"] = request.GET["leader"]
        form = NominationForm(initial=initial, **options)
        honours = honour_formset(spec, nomination=nomination)
        negatives = negative_formset(spec, nomination=nomination) if with_negatives else None

    state = submission_state(unit_submission(access))
    capacity = spec.capacity(access.unit.name, award.name)
    taken = (
        Nomination.objects.filter(
            campaign=access.campaign, unit=access.unit, award=award.name, kind=Kind.COMPREHENSIVE
        )
        .exclude(pk=nomination.pk if nomination else None)
        .count()
    )
    return render(
        request,
        "portal/nomination_form.html",
        {
            "access": access,
            "award": award,
            "nomination": nomination,
            "form": form,
            "groups": form.groups(),
            "honours": honours,
            "negatives": negatives,
            "state": state,
            # Nothing on the page can be saved: it says so, and offers nothing that would.
            "readonly": not state.editable or (nomination is not None and nomination.decided),
            "quota_full": taken >= capacity,
            "capacity": capacity,
            "taken": taken,
            "comprehensive": COMPREHENSIVE,
            "unit_url": _unit_url(access, award),
        },
    )


@login_required
def nomination_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Delete a nomination; one a child campaign forwarded asks why, since deleting it withdraws
    the forwarding (the reason is kept and shown to the child's office)."""
    access = unit_access(request, slug)
    nomination = access.nomination(pk)
    forwarded = live_forwarding(nomination)
    error = ""
    reason = ""
    if request.method == "POST":
        award = campaign_spec(access.campaign).award(nomination.award)
        name = nomination.display_name
        reason = request.POST.get("reason", "")
        try:
            delete_nomination(nomination, actor=request.user, role=access.role, reason=reason)
        except NominationRefused as refusal:
            error = str(refusal)
        else:
            if forwarded is not None:
                done = _("已删除：%(name)s。这次报送已撤回，“%(child)s”的办公室可以看到撤回理由。")
                child = forwarded.link.child.title
                messages.success(request, done % {"name": name, "child": child})
            else:
                messages.success(request, _("已删除：%(name)s") % {"name": name})
            return redirect(_unit_url(access, award))
    return render(
        request,
        "portal/nomination_delete.html",
        {
            "access": access,
            "nomination": nomination,
            "alternates": list(nomination.alternates.all()),
            "state": submission_state(unit_submission(access)),
            "error": error,
            "forwarded": forwarded,
            "reason": reason,
        },
    )


@login_required
@require_POST
@never_cache
@sensitive_post_parameters(ID_COLUMN, PHONE)  # without script the whole form is posted here
def reveal_id(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The full ID number, once, for this request only; the reveal is written to the audit log."""
    access = unit_access(request, slug)
    nomination = access.nomination(pk)
    number = reveal_id_number(nomination, actor=request.user, role=access.role)
    template = (
        "portal/_revealed_id.html" if request.headers.get("HX-Request") else "portal/reveal_id.html"
    )
    return render(request, template, {"access": access, "nomination": nomination, "number": number})


@login_required
@require_POST
@sensitive_post_parameters(ID_COLUMN, PHONE)
def live_check(request: HttpRequest, slug: str, subject: str) -> HttpResponse:
    """The core's findings for the form as it is now, saved or not (an htmx fragment)."""
    access = unit_access(request, slug)
    spec = campaign_spec(access.campaign)
    award = _award(spec, subject)
    nomination = None
    if request.POST.get("nomination"):
        pk = ascii_int(request.POST.get("nomination"))
        if pk is None:
            raise Http404
        nomination = access.nomination(pk)
        if nomination.award != award.name:
            raise Http404
    form = NominationForm(
        request.POST,
        spec=spec,
        award=award,
        leaders=_leaders(access, spec, award, nomination),
        nomination=nomination,
    )
    honours = [
        HonourInput(row["level"], row["name"], row["year"], bool(row["comprehensive"]))
        for row in valid_rows(honour_formset(spec, request.POST))
    ]
    negatives = (
        [(row["kind"], row["date"]) for row in valid_rows(negative_formset(spec, request.POST))]
        if needs_negatives(spec, award)
        else []
    )
    cells = form.raw_cells()
    if negatives and form.negatives_apply(cells):
        cells["负面记录"] = "；".join(f"{kind}:{when:%Y-%m-%d}" for kind, when in negatives)
    data = NominationInput(
        award.name,
        kind=form.kind(raw=True),
        cells=cells,
        honours=honours,
        negatives=negatives,
        alternate_of=form.leader(raw=True),
    )
    check = check_draft(access.campaign, access.unit, data, nomination)
    return render(request, "portal/_live_findings.html", {"check": check, "award": award})
