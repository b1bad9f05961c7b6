"""/office/<slug>/review/: 初审. The units and their submissions, one unit's nominations with
the core's findings and a pass/fail form each, the once-only return, the material images, and
the preview that releases prepared decisions together."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pingxuan.web.campaigns.models import Unit
from pingxuan.web.fragments import render_fragment
from pingxuan.web.inputs import ascii_int
from pingxuan.web.limits import DECISION_REASON, RETURN_NOTE, BoundedText
from pingxuan.web.materials.models import Material
from pingxuan.web.materials.serving import stored_jpeg, stored_thumbnail, wants_thumbnail
from pingxuan.web.nominations.domain.edit import NominationRefused
from pingxuan.web.nominations.domain.submit import return_unit
from pingxuan.web.notices.models import CarriedEvidence
from pingxuan.web.office.access import CityAccess, city_access
from pingxuan.web.office.review_page import (
    TABLE_TEMPLATE,
    ReviewTable,
    filtered,
    unit_lines,
    unit_review,
)
from pingxuan.web.review.domain.decisions import (
    REASON_MAX,
    prepare,
    prepare_rest_as_passed,
    preview,
    release,
    release_blockers,
    withdraw_prepared,
)
from pingxuan.web.review.enums import Outcome, ReviewStage

CLEAR = "clear"  # the decide form's third choice: drop the prepared decision
REST = "rest"  # prepare a pass for every nomination not decided yet


class DecideForm(forms.Form):
    nomination = forms.IntegerField(min_value=1)
    outcome = forms.ChoiceField(choices=[*Outcome.choices, (CLEAR, _("撤回准备"))])
    reason = BoundedText(DECISION_REASON, required=False)

    def refusal(self) -> str:
        """Why the form was refused: the reason's own problem (its length), or what to choose."""
        if self.has_error("reason", "max_length"):
            return " ".join(self.errors["reason"])
        return _("请选择“通过”或“不通过”；不通过须写明理由（%(n)s 字以内）。") % {"n": REASON_MAX}


def typed_decision(request: HttpRequest) -> dict[str, Any]:
    """What the reviewer chose and typed in one nomination's form, to give it back unchanged
    when it is refused: the page shows that form's choice, reason and error in place."""
    return {
        "nomination": ascii_int(request.POST.get("nomination", "")),
        "outcome": request.POST.get("outcome", ""),
        "reason": request.POST.get("reason", ""),
    }


class ReturnForm(forms.Form):
    note = BoundedText(
        RETURN_NOTE, error_messages={"required": _("请写明退回原因：推荐单位会看到这段说明。")}
    )


@login_required
@require_GET
def review_units(request: HttpRequest, slug: str) -> HttpResponse:
    access = city_access(request, slug)
    awards, every = unit_lines(access.campaign)
    filters, lines = filtered(every, request.GET.get("show", ""))
    table = render_fragment(
        TABLE_TEMPLATE,
        ReviewTable(awards, lines, len(every)),
        scope=(access.campaign.pk, access.role),
    )
    context = {
        "campaign": access.campaign,
        "section": "review",
        "awards": awards,
        "filters": filters,
        "total": len(every),
        "table": table,
        "submitted": sum(1 for line in every if line.state_key == "submitted"),
        "prepared": sum(line.prepared for line in every),
    }
    return render(request, "office/review_units.html", context)


def _unit_page(
    request: HttpRequest,
    access: CityAccess,
    pk: int,
    *,
    status: int = 200,
    decide_error: str = "",
    decide_typed: dict[str, Any] | None = None,
    return_error: str = "",
    return_typed: str = "",
) -> HttpResponse:
    unit = access.unit(pk)
    context = {
        "campaign": access.campaign,
        "section": "review",
        "page": unit_review(access.campaign, unit),
        "decide_error": decide_error,
        "decide_typed": decide_typed or {},
        "return_error": return_error,
        "return_typed": return_typed,
    }
    return render(request, "office/review_unit.html", context, status=status)


@login_required
@require_GET
def review_unit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _unit_page(request, city_access(request, slug), pk)


@login_required
@require_POST
def review_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = city_access(request, slug)
    unit = access.unit(pk)
    if request.POST.get("outcome") == REST:
        return _prepare_rest(request, access, unit)
    form = DecideForm(request.POST)
    typed = typed_decision(request)
    if not form.is_valid():
        error = form.refusal()
        return _unit_page(request, access, pk, status=400, decide_error=error, decide_typed=typed)
    nomination = access.nomination(form.cleaned_data["nomination"])
    if nomination.unit_id != unit.pk:
        raise Http404
    outcome = form.cleaned_data["outcome"]
    try:
        if outcome == CLEAR:
            withdraw_prepared(
                access.campaign, nomination, ReviewStage.FIRST, actor=request.user, role=access.role
            )
            messages.success(request, _("已撤回对“%(name)s”准备的结论。") % {"name": nomination})
        else:
            prepare(
                access.campaign,
                nomination,
                ReviewStage.FIRST,
                outcome,
                form.cleaned_data["reason"],
                actor=request.user,
                role=access.role,
            )
            messages.success(
                request,
                _("已准备：“%(name)s”%(outcome)s。发布前单位看不到，可在“预览并发布”中统一发布。")
                % {"name": nomination, "outcome": Outcome(outcome).label},
            )
    except NominationRefused as refusal:
        return _unit_page(
            request, access, pk, status=409, decide_error=str(refusal), decide_typed=typed
        )
    url = reverse("office:review_unit", kwargs={"slug": slug, "pk": pk})
    return redirect(f"{url}#nomination-{nomination.pk}")


def _prepare_rest(request: HttpRequest, access: CityAccess, unit: Unit) -> HttpResponse:
    prepared, refusals = prepare_rest_as_passed(
        access.campaign, unit, ReviewStage.FIRST, actor=request.user, role=access.role
    )
    if prepared:
        messages.success(
            request,
            _("已将其余 %(n)s 个推荐对象准备为“通过”；请核对后在“预览并发布”中统一发布。")
            % {"n": prepared},
        )
    if refusals:
        messages.error(request, " ".join(refusals))
    elif not prepared:
        messages.info(request, _("没有尚未准备结论的推荐对象。"))
    return redirect("office:review_unit", slug=access.campaign.slug, pk=unit.pk)


@login_required
@require_POST
def review_return(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = city_access(request, slug)
    unit = access.unit(pk)
    form = ReturnForm(request.POST)
    typed = request.POST.get("note", "")
    if not form.is_valid():
        error = " ".join(str(e) for e in form.errors.get("note", []))
        return _unit_page(request, access, pk, status=400, return_error=error, return_typed=typed)
    try:
        return_unit(
            access.campaign,
            unit,
            note=form.cleaned_data["note"],
            actor=request.user,
            role=access.role,
        )
    except NominationRefused as refusal:
        return _unit_page(
            request, access, pk, status=409, return_error=str(refusal), return_typed=typed
        )
    messages.success(request, _("已将%(unit)s退回修改，并通知了该单位。") % {"unit": unit.name})
    return redirect("office:review_unit", slug=slug, pk=pk)


@never_cache
@login_required
@require_GET
def review_material(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = city_access(request, slug)
    material = get_object_or_404(Material, pk=pk, campaign=access.campaign)
    if wants_thumbnail(request):
        return stored_thumbnail(material.path)
    return stored_jpeg(material.path, material.title)


@never_cache
@login_required
@require_GET
def review_carried_evidence(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An evidence image of a lower campaign's notice, carried up with a forwarded nomination of
    this campaign: the office of this campaign only (the lower campaign keeps its own file)."""
    access = city_access(request, slug)
    image = get_object_or_404(CarriedEvidence, pk=pk, carried__nomination__campaign=access.campaign)
    if wants_thumbnail(request):
        return stored_thumbnail(image.path)
    return stored_jpeg(image.path, image.title)


def _ids(values: list[str]) -> list[int] | None:
    ids = [ascii_int(v) for v in values]
    return None if None in ids else [i for i in ids if i is not None]


@login_required
@require_http_methods(["GET", "POST"])
def review_preview(request: HttpRequest, slug: str) -> HttpResponse:
    return preview_page(request, city_access(request, slug), ReviewStage.FIRST)


# Where each stage's preview returns to, and how its page names the stage.
STAGE_PAGES = {ReviewStage.FIRST: "office:review_units", ReviewStage.SECOND: "office:second_review"}
STAGE_SECTIONS = {ReviewStage.FIRST: "review", ReviewStage.SECOND: "second_review"}


def preview_page(request: HttpRequest, access: CityAccess, stage: ReviewStage) -> HttpResponse:
    """Preview the prepared decisions of ``stage`` and release exactly those shown."""
    slug = access.campaign.slug
    source = request.POST if request.method == "POST" else request.GET
    unit_id = _ids([source["unit"]]) if source.get("unit") else None
    if unit_id is None and source.get("unit"):
        raise Http404
    unit = access.unit(unit_id[0]) if unit_id else None
    error, status = "", 200
    if request.method == "POST":
        ids = _ids(request.POST.getlist("decision"))
        if ids is None:
            error, status = _("提交的内容无法识别，请重新预览后再发布。"), 400
        else:
            try:
                changes = release(
                    access.campaign, stage, ids, actor=request.user, role=access.role, unit=unit
                )
            except NominationRefused as refusal:
                error, status = str(refusal), 409
            else:
                failed = sum(1 for c in changes if c.outcome == Outcome.FAIL)
                messages.success(
                    request,
                    _(
                        "已发布 %(n)s 项%(stage)s结论（通过 %(passed)s，不通过 %(failed)s）；"
                        "不通过的推荐单位已收到通知。"
                    )
                    % {
                        "n": len(changes),
                        "stage": stage.label,
                        "passed": len(changes) - failed,
                        "failed": failed,
                    },
                )
                return redirect(STAGE_PAGES[stage], slug=slug)
    changes = preview(access.campaign, stage, unit=unit)
    # The filter offers every unit with a prepared decision, with how many it has.
    prepared: Counter[tuple[int, int, str]] = Counter(
        (c.nomination.unit.position, c.nomination.unit.pk, c.unit)
        for c in preview(access.campaign, stage)
    )
    prepared_units = [
        {"pk": pk, "name": name, "prepared": n} for (_p, pk, name), n in sorted(prepared.items())
    ]
    blockers = release_blockers(changes, stage)
    context = {
        "campaign": access.campaign,
        "section": STAGE_SECTIONS[stage],
        "stage": stage,
        "stage_label": stage.label,
        "list_url": reverse(STAGE_PAGES[stage], kwargs={"slug": slug}),
        "changes": changes,
        # Each change with why it may not be released now ("" when it may): release() checks
        # the same, so the button is disabled rather than refused.
        "rows": [(c, blockers.get(c.decision_id, "")) for c in changes],
        "blocked": len(blockers),
        "filter_unit": unit,
        "units": prepared_units,
        "failed": sum(1 for c in changes if c.outcome == Outcome.FAIL),
        "error": error,
    }
    return render(request, "office/review_preview.html", context, status=status)
