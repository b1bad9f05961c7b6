"""/office/<slug>/selection/: 优选. Upload the committee's scores, run the optimiser (in the
background worker: its job page shows the proposal, compared with the current list — who goes in,
who out, every city ratio before and after — and offers its adoption as prepared 复审 decisions,
released from the 复审 preview as usual)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pingxuan.core.select.scores import MAX_REPORTED, ScoresError
from pingxuan.web.jobs.domain import start_job
from pingxuan.web.jobs.enums import JobKind
from pingxuan.web.office.access import CityAccess, city_access
from pingxuan.web.review.domain.selection import (
    MAX_UPLOAD_BYTES,
    NOT_CHOSEN_REASON,
    Proposal,
    SelectionRefused,
    adopt,
    candidates_of,
    import_scores,
    score_file_label,
    scores_of,
)


class ScoresForm(forms.Form):
    scores = forms.FileField()


class RunForm(forms.Form):
    allow_fewer = forms.BooleanField(required=False)


class AdoptForm(forms.Form):
    allow_fewer = forms.BooleanField(required=False)
    chosen = forms.CharField(max_length=100_000)  # the shown proposal's pks, comma-separated

    def clean_chosen(self) -> list[int]:
        text = self.cleaned_data["chosen"]
        try:
            return [int(part) for part in text.split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("优选结果无法识别。")) from None


def _page(
    request: HttpRequest,
    access: CityAccess,
    *,
    proposal: Proposal | None = None,
    status: int = 200,
    errors: list[str] | None = None,
) -> HttpResponse:
    campaign = access.campaign
    candidates = proposal.candidates if proposal is not None else candidates_of(campaign)
    scores = scores_of(campaign)
    context = {
        "campaign": campaign,
        "section": "selection",
        "candidates": [(n, scores.get(n.pk)) for n in candidates],
        "scored": sum(1 for n in candidates if n.pk in scores),
        "proposal": proposal,
        "chosen": ",".join(str(pk) for pk in proposal.chosen) if proposal else "",
        "errors": errors or [],
        "not_chosen_reason": NOT_CHOSEN_REASON,
    }
    return render(request, "office/selection.html", context, status=status)


@login_required
@require_GET
def selection_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, city_access(request, slug))


@login_required
@require_POST
def selection_scores(request: HttpRequest, slug: str) -> HttpResponse:
    access = city_access(request, slug)
    form = ScoresForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, access, status=400, errors=[_("请选择分数表文件（.xlsx 或 .csv）。")])
    upload = form.cleaned_data["scores"]
    if upload.size > MAX_UPLOAD_BYTES:
        return _page(request, access, status=400, errors=[_("分数表不能超过 5 MB。")])
    try:
        count = import_scores(
            access.campaign, upload.name, upload.read(), actor=request.user, role=access.role
        )
    except ScoresError as error:
        # The stored scores are untouched: the page still shows the last good table.
        if not error.problems:
            return _page(request, access, status=400, errors=[_("分数表未导入：") + str(error)])
        heading = _(
            "分数表“%(file)s”未导入，原有分数不变。以下各行有问题（最多列出 %(max)s 处），"
            "请全部改正后重新上传："
        ) % {"file": score_file_label(upload.name), "max": MAX_REPORTED}
        return _page(request, access, status=400, errors=[heading, *error.problems])
    messages.success(request, _("已导入%(n)s个分数，原有分数已替换。") % {"n": count})
    return redirect("office:selection", slug=slug)


@login_required
@require_POST
def selection_run(request: HttpRequest, slug: str) -> HttpResponse:
    """The optimiser runs in the background worker; its job page shows the proposal."""
    access = city_access(request, slug)
    form = RunForm(request.POST)
    allow_fewer = form.is_valid() and form.cleaned_data["allow_fewer"]
    job = start_job(
        campaign=access.campaign,
        unit=None,
        kind=JobKind.SELECTION,
        params={"allow_fewer": allow_fewer},
        actor=request.user,
        role=access.role,
    )
    return redirect("jobs:job", pk=job.pk)


@login_required
@require_POST
def selection_adopt(request: HttpRequest, slug: str) -> HttpResponse:
    access = city_access(request, slug)
    form = AdoptForm(request.POST)
    if not form.is_valid():
        return _page(request, access, status=400, errors=[_("请先运行优选，再采纳页面上的结果。")])
    try:
        proposal = adopt(
            access.campaign,
            form.cleaned_data["chosen"],
            allow_fewer=form.cleaned_data["allow_fewer"],
            actor=request.user,
            role=access.role,
        )
    except SelectionRefused as refused:
        return _page(
            request, access, status=409, errors=[_("未采纳，未准备任何结论："), *refused.reasons]
        )
    messages.success(
        request,
        _("已采纳优选结果：准备复审通过%(p)s个、不通过%(f)s个；请核对后发布。")
        % {"p": len(proposal.to_pass), "f": len(proposal.to_fail)},
    )
    return redirect(reverse("office:second_release", kwargs={"slug": slug}))
