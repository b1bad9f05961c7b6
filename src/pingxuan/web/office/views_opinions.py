"""/office/<slug>/opinions/: department opinions (三（三）2) on the nominations that passed 初审.

The list is the matrix of nominations × departments with a bulk "asked" per department (one letter
to 税务 covers many nominees); a nomination's page records each department's answer with its
signed sheet. 复审 waits until every required department has agreed.
"""

from __future__ import annotations

from dataclasses import asdict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import TooManyFilesSent
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.inputs import ascii_int
from pingxuan.web.limits import OPINION_NOTE, BoundedText
from pingxuan.web.materials.batch import MAX_FILES, Outcome, received_files, tally
from pingxuan.web.materials.images import MAX_UPLOAD_BYTES
from pingxuan.web.materials.serving import stored_jpeg
from pingxuan.web.office.access import CityAccess, city_access
from pingxuan.web.opinions.batch import batch_agree
from pingxuan.web.opinions.domain.board import all_departments, board, nomination_row
from pingxuan.web.opinions.domain.changes import (
    OPEN_STANDINGS,
    OpinionRefused,
    answer,
    request_opinions,
)
from pingxuan.web.opinions.models import ANSWERS, Opinion


class AnswerForm(forms.Form):
    department = forms.CharField(max_length=100)
    state = forms.ChoiceField(choices=[(s.value, s.label) for s in ANSWERS])
    note = BoundedText(OPINION_NOTE, required=False)
    sheet = forms.FileField(required=False)


def _filters(request: HttpRequest, access: CityAccess, departments: list[str]) -> dict:
    """The department and unit filters from the query string; unknown values are ignored."""
    department = request.GET.get("department", "")
    if department not in departments:
        department = ""
    unit = None
    unit_pk = ascii_int(request.GET.get("unit"))
    if unit_pk is not None:
        unit = access.campaign.units.filter(pk=unit_pk).first()
    return {"department": department, "unit": unit}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def opinions(request: HttpRequest, slug: str) -> HttpResponse:
    access = city_access(request, slug)
    campaign = access.campaign
    departments = all_departments(campaign_spec(campaign))
    if request.method == "POST":
        return _mark_requested(request, access, departments)
    chosen = _filters(request, access, departments)
    shown = board(campaign, department=chosen["department"], unit=chosen["unit"])
    return render(
        request,
        "office/opinion_list.html",
        {
            "campaign": campaign,
            "section": "opinions",
            "board": shown,
            "departments": departments,
            "outstanding": [
                (d, shown.unrequested[d], shown.awaiting[d])
                for d in departments
                if not chosen["department"] or d == chosen["department"]
            ],
            "units": campaign.units.order_by("position", "pk"),
            "chosen_department": chosen["department"],
            "chosen_unit": chosen["unit"],
            "complete": sum(1 for r in shown.rows if r.complete),
            "max_files": MAX_FILES,
        },
    )


def _mark_requested(
    request: HttpRequest, access: CityAccess, departments: list[str]
) -> HttpResponse:
    """Bulk "asked": every listed nomination (within the unit filter) that needs the department
    and has not been asked yet."""
    department = request.POST.get("department", "")
    if department not in departments:
        messages.error(request, _("请选择要征求意见的部门。"))
        return redirect("office:opinions", slug=access.campaign.slug)
    unit = None
    unit_pk = ascii_int(request.POST.get("unit"))
    if unit_pk is not None:
        unit = access.unit(unit_pk)
    rows = board(access.campaign, department=department, unit=unit).rows
    marked = request_opinions(
        [r.nomination for r in rows], department, actor=request.user, role=access.role
    )
    messages.success(
        request,
        _("已标记向“%(department)s”征求意见：%(n)s 个推荐对象。")
        % {"department": department, "n": len(marked)},
    )
    query = {"department": department, **({"unit": unit.pk} if unit else {})}
    url = reverse("office:opinions", kwargs={"slug": access.campaign.slug})
    return redirect(f"{url}?{urlencode(query)}")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def opinion(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One nomination's required departments: ask one, record an answer with the signed sheet."""
    access = city_access(request, slug)
    nomination = access.nomination(pk)
    error, error_department, typed = "", "", {}
    if request.method == "POST":
        if request.POST.get("action") == "request":
            department = request.POST.get("department", "")
            marked = request_opinions(
                [nomination], department, actor=request.user, role=access.role
            )
            if marked:
                messages.success(request, _("已标记向“%(d)s”征求意见。") % {"d": department})
            else:
                messages.warning(
                    request, _("“%(d)s”已征求或已回复，或不需要征求。") % {"d": department}
                )
            return redirect("office:opinion", slug=slug, pk=nomination.pk)
        form = AnswerForm(request.POST, request.FILES)
        typed = request.POST
        error_department = request.POST.get("department", "")
        if not form.is_valid():
            error = (
                " ".join(form.errors["note"])
                if form.has_error("note", "max_length")
                else _("请选择部门的意见（同意或有异议）。")
            )
        else:
            data = form.cleaned_data
            try:
                answer(
                    nomination,
                    data["department"],
                    data["state"],
                    sheet=data["sheet"],
                    note=data["note"],
                    actor=request.user,
                    role=access.role,
                )
            except OpinionRefused as refusal:
                error = refusal.message
            else:
                messages.success(
                    request,
                    _("已登记“%(d)s”的意见。") % {"d": data["department"]},
                )
                return redirect("office:opinion", slug=slug, pk=nomination.pk)
    row = nomination_row(nomination)
    return render(
        request,
        "office/opinion_detail.html",
        {
            "campaign": access.campaign,
            "section": "opinions",
            "nomination": nomination,
            "row": row,
            "open": nomination.standing in OPEN_STANDINGS,
            "answers": ANSWERS,
            "error": error,
            "error_department": error_department,
            "typed": typed,
            "max_mb": f"{MAX_UPLOAD_BYTES / 2**20:g}",
        },
        status=400 if error else 200,
    )


@never_cache
@login_required
@require_GET
def opinion_sheet_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    access = city_access(request, slug)
    opinion = get_object_or_404(
        Opinion.objects.select_related("nomination"),
        pk=pk,
        nomination__campaign=access.campaign,
    )
    if not opinion.sheet_path:
        raise Http404
    return stored_jpeg(opinion.sheet_path, f"意见表-{opinion.department}")


BATCH_SESSION = "opinions_batch"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def opinions_batch(request: HttpRequest, slug: str) -> HttpResponse:
    """POST: many signed sheets (or zips of them), each matched by name to a nominee and a
    department and recorded as 同意; GET: the outcome of the last batch, file by file."""
    access = city_access(request, slug)
    here = reverse("office:opinions_batch", kwargs={"slug": slug})
    if request.method == "GET":
        kept = request.session.get(BATCH_SESSION)
        if not kept or kept.get("campaign") != access.campaign.pk:
            return redirect("office:opinions", slug=slug)
        outcomes = [Outcome(**row) for row in kept["outcomes"]]
        return render(
            request,
            "office/opinions_batch.html",
            {
                "campaign": access.campaign,
                "section": "opinions",
                "outcomes": outcomes,
                "tally": tally(outcomes),
            },
        )
    try:
        incoming, refused = received_files(request.FILES.getlist("files"))
    except TooManyFilesSent:
        messages.error(
            request, _("一次最多上传 %(n)s 个文件；更多的请打成 zip 压缩包。") % {"n": MAX_FILES}
        )
        return redirect("office:opinions", slug=slug)
    if not incoming and not refused:
        messages.error(request, _("请选择部门签署的意见表图片。"))
        return redirect("office:opinions", slug=slug)
    outcomes = refused + batch_agree(
        access.campaign, incoming, actor=request.user, role=access.role
    )
    request.session[BATCH_SESSION] = {
        "campaign": access.campaign.pk,
        "outcomes": [asdict(outcome) for outcome in outcomes],
    }
    return redirect(here)
