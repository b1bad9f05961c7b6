"""/office/<slug>/second-review/: 复审. Every nomination that passed 初审 with its checklist
(复审 materials, department opinions, notice proofs) and a pass/fail form; decisions are prepared
here and released together from the preview, as at 初审."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pingxuan.web.nominations.domain.edit import NominationRefused
from pingxuan.web.notices.domain.notices import publicity_words
from pingxuan.web.office.access import CityAccess, city_access
from pingxuan.web.office.views_review import CLEAR, DecideForm, preview_page, typed_decision
from pingxuan.web.review.domain.decisions import prepare, withdraw_prepared
from pingxuan.web.review.domain.second import second_review
from pingxuan.web.review.enums import Outcome, ReviewStage
from pingxuan.web.rounds.domain.forwarding import provenance


def _page(
    request: HttpRequest,
    access: CityAccess,
    *,
    status: int = 200,
    error: str = "",
    typed: dict[str, Any] | None = None,
) -> HttpResponse:
    units = second_review(access.campaign)
    lines = [line for block in units for line in block.lines]
    forwarded = provenance([line.nomination for line in lines])
    for line in lines:
        line.provenance = forwarded.get(line.nomination.pk)
    context = {
        "campaign": access.campaign,
        "section": "second_review",
        "levels": publicity_words(access.campaign),
        "units": units,
        "total": len(lines),
        "ready": sum(1 for line in lines if line.ready),
        "blocked": sum(1 for line in lines if not line.opinions_complete),
        "released": sum(1 for line in lines if line.decision and line.decision.released_at),
        "prepared": sum(1 for line in lines if line.decision and line.decision.released_at is None),
        "error": error,
        "typed": typed or {},
    }
    return render(request, "office/second_review.html", context, status=status)


@login_required
@require_GET
def second_review_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, city_access(request, slug))


@login_required
@require_POST
def second_decide(request: HttpRequest, slug: str) -> HttpResponse:
    access = city_access(request, slug)
    form = DecideForm(request.POST)
    typed = typed_decision(request)
    if not form.is_valid():
        return _page(request, access, status=400, error=form.refusal(), typed=typed)
    nomination = access.nomination(form.cleaned_data["nomination"])
    outcome = form.cleaned_data["outcome"]
    try:
        if outcome == CLEAR:
            withdraw_prepared(
                access.campaign,
                nomination,
                ReviewStage.SECOND,
                actor=request.user,
                role=access.role,
            )
            messages.success(
                request, _("已撤回对“%(name)s”准备的复审结论。") % {"name": nomination}
            )
        else:
            prepare(
                access.campaign,
                nomination,
                ReviewStage.SECOND,
                outcome,
                form.cleaned_data["reason"],
                actor=request.user,
                role=access.role,
            )
            messages.success(
                request,
                _("已准备：“%(name)s”复审%(outcome)s；在“预览并发布”中统一发布。")
                % {"name": nomination, "outcome": Outcome(outcome).label},
            )
    except NominationRefused as refusal:
        return _page(request, access, status=409, error=str(refusal), typed=typed)
    url = reverse("office:second_review", kwargs={"slug": slug})
    return redirect(f"{url}#nomination-{nomination.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def second_release(request: HttpRequest, slug: str) -> HttpResponse:
    return preview_page(request, city_access(request, slug), ReviewStage.SECOND)
