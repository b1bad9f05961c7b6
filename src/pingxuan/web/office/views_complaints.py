"""/office/<slug>/complaints/: the register of complaints (举报). City staff see who complained;
they link a complaint to the nominations of the campaign it concerns, investigate and record the
outcome. A substantiated complaint revokes every linked nomination, also one linked after it was
closed (the domain does it, with the note as the reason the unit reads)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pingxuan.core.columns import NAME_COLUMN
from pingxuan.web.complaints.domain import (
    ComplaintRefused,
    close,
    link_nomination,
    linked,
    start_investigation,
    unlink_nomination,
)
from pingxuan.web.complaints.enums import ComplaintState, Outcome
from pingxuan.web.complaints.models import Complaint
from pingxuan.web.inputs import ascii_int
from pingxuan.web.limits import COMPLAINT_NOTE, BoundedText, searched
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.office.access import CityAccess, city_access

MAX_CANDIDATES = 30


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices)
    note = BoundedText(COMPLAINT_NOTE)
    concerns_none = forms.BooleanField(required=False)


@never_cache
@login_required
@require_GET
def complaints(request: HttpRequest, slug: str) -> HttpResponse:
    access = city_access(request, slug)
    rows = Complaint.objects.filter(campaign=access.campaign).prefetch_related(
        "nominations", "nominations__unit"
    )
    state = request.GET.get("state", "")
    if state in ComplaintState.values:
        rows = rows.filter(state=state)
    outcome = request.GET.get("outcome", "")
    if outcome in Outcome.values:
        rows = rows.filter(outcome=outcome)
    counts = {
        s: Complaint.objects.filter(campaign=access.campaign, state=s).count()
        for s in ComplaintState.values
    }
    return render(
        request,
        "office/complaint_list.html",
        {
            "campaign": access.campaign,
            "section": "complaints",
            "rows": rows,
            "states": ComplaintState,
            "outcomes": Outcome,
            "chosen_state": state,
            "chosen_outcome": outcome,
            "counts": [(s, counts[s.value]) for s in ComplaintState],
        },
    )


def _candidates(access: CityAccess, query: str) -> list[Nomination]:
    """The campaign's nominations whose name or unit contains ``query``."""
    query = query.strip()
    if not query:
        return []
    match = Q(unit__name__icontains=query) | Q(cells__所属单位全称__icontains=query)
    for column in set(NAME_COLUMN.values()):
        match |= Q(**{f"cells__{column}__icontains": query})
    return list(
        Nomination.objects.filter(match, campaign=access.campaign)
        .select_related("unit")
        .order_by("unit__position", "award", "seq")[:MAX_CANDIDATES]
    )


def _act(request: HttpRequest, access: CityAccess, complaint: Complaint) -> str:
    """Run the POSTed action; returns the refusal to show, or "" when it was done."""
    action = request.POST.get("action", "")
    actor, role = request.user, access.role
    try:
        if action in ("link", "unlink"):
            pk = ascii_int(request.POST.get("nomination"))
            if pk is None:
                return _("请选择要关联的推荐对象。")
            nomination = access.nomination(pk)
            if action == "unlink":
                unlink_nomination(complaint, nomination, actor=actor, role=role)
                messages.success(request, _("已取消关联。"))
            else:
                closed = complaint.state == ComplaintState.CLOSED
                link_nomination(complaint, nomination, actor=actor, role=role)
                messages.success(
                    request,
                    _("已关联，并按属实的结论撤销了该推荐对象的推荐资格。")
                    if closed
                    else _("已关联推荐对象。"),
                )
        elif action == "investigate":
            start_investigation(complaint, actor=actor, role=role)
            messages.success(request, _("已开始调查。"))
        elif action == "close":
            form = CloseForm(request.POST)
            if not form.is_valid():
                if form.has_error("note", "max_length"):
                    return " ".join(form.errors["note"])
                return _("请选择调查结论，并写明结论说明。")
            close(
                complaint,
                form.cleaned_data["outcome"],
                form.cleaned_data["note"],
                concerns_none=form.cleaned_data["concerns_none"],
                actor=actor,
                role=role,
            )
            messages.success(request, _("已办结。"))
        else:
            return _("无法识别的操作，请重试。")
    except ComplaintRefused as refusal:
        return refusal.message
    return ""


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def complaint(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = city_access(request, slug)
    item = get_object_or_404(
        Complaint.objects.select_related("handled_by"),
        pk=pk,
        campaign=access.campaign,
    )
    error = ""
    if request.method == "POST":
        error = _act(request, access, item)
        if not error:
            return redirect("office:complaint", slug=slug, pk=item.pk)
    query = searched(request.GET.get("q"))
    # Open, or closed as 属实: a nomination found later is linked (and revoked) then.
    linkable = item.state != ComplaintState.CLOSED or item.outcome == Outcome.SUBSTANTIATED
    return render(
        request,
        "office/complaint_detail.html",
        {
            "campaign": access.campaign,
            "section": "complaints",
            "complaint": item,
            "error": error,
            "typed": request.POST if error else {},
            "query": query,
            "candidates": _candidates(access, query) if linkable else [],
            "linked": (nominations := linked(item)),
            "linked_names": "、".join(f"“{n.display_name}”" for n in nominations),
            "linkable": linkable,
            "outcomes": Outcome,
            "closed": item.state == ComplaintState.CLOSED,
            "revoked": Standing.REVOKED,
        },
        status=400 if error else 200,
    )
