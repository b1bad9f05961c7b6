"""/portal/<slug>/rounds/: the unit records, per award, its initial nomination list and the vote
that chose from it; the page shows who the vote puts forward (derived by the core, never typed).

A refused record comes back with everything the clerk typed, and the reasons in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pingxuan.core.documents.round_docs import NAMES as ROUND_DOCUMENTS
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.inputs import ascii_int
from pingxuan.web.materials.images import display_name
from pingxuan.web.nominations.models import Submission
from pingxuan.web.portal.access import UnitAccess, unit_access
from pingxuan.web.rounds.domain.importing import import_rounds, template
from pingxuan.web.rounds.domain.records import (
    RoundInput,
    RoundRefused,
    RoundView,
    record_round,
    unit_rounds,
)

MAX_CANDIDATES = 500  # as the workbook: more lines than that are refused, not cut
CANDIDATE_LENGTH = 200
RESOLUTION_LENGTH = 2000
BLANK_LINES = 3


@dataclass
class RoundForm:
    """One award's form as shown: the stored record, or what was typed when it was refused."""

    view: RoundView
    body: str = ""
    held_on: str = ""
    members: str = ""
    present: str = ""
    seats: str = ""
    resolution: str = ""
    lines: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _stored_form(view: RoundView) -> RoundForm:
    stored = view.stored
    if stored is None:
        form = RoundForm(view, seats=str(view.places))
    else:
        form = RoundForm(
            view,
            body=stored.body,
            held_on=stored.held_on.isoformat(),
            members=str(stored.members),
            present=str(stored.present),
            seats=str(stored.seats),
            resolution=stored.resolution,
            lines=[(b.candidate, str(b.votes)) for b in stored.ballots.all()],
        )
    return _padded(form)


def _padded(form: RoundForm) -> RoundForm:
    wanted = max(len(form.lines) + BLANK_LINES, form.view.places + BLANK_LINES + 1)
    form.lines = form.lines + [("", "")] * (wanted - len(form.lines))
    return form


def _typed(request: HttpRequest, view: RoundView) -> RoundForm:
    names = request.POST.getlist("candidate")
    votes = request.POST.getlist("votes")
    lines = [(n.strip(), v.strip()) for n, v in zip(names, votes, strict=False)]
    return RoundForm(
        view,
        body=request.POST.get("body", ""),
        held_on=request.POST.get("held_on", "").strip(),
        members=request.POST.get("members", "").strip(),
        present=request.POST.get("present", "").strip(),
        seats=request.POST.get("seats", "").strip(),
        resolution=request.POST.get("resolution", ""),
        lines=[line for line in lines if line != ("", "")],
    )


def _parsed(form: RoundForm) -> tuple[RoundInput | None, list[str]]:
    """The typed form as a record, or why it cannot be read (before any rule is asked)."""
    problems = []
    counts = {}
    for key, label in (("members", "应到人数"), ("present", "实到人数"), ("seats", "应选人数")):
        value = ascii_int(getattr(form, key))
        if value is None:
            problems.append(_("“%(label)s”请填写整数。") % {"label": label})
        counts[key] = value or 0
    try:
        held_on: date | None = date.fromisoformat(form.held_on)
    except ValueError:
        held_on = None
        problems.append(_("“表决日期”请写作 2024-03-01。"))
    if len(form.lines) > MAX_CANDIDATES:
        problems.append(
            _("初始提名最多 %(n)s 行；更长的名单请用工作簿导入。") % {"n": MAX_CANDIDATES}
        )
    if len(form.resolution) > RESOLUTION_LENGTH:
        problems.append(
            _("“决议”最多 %(n)s 个字，现有 %(m)s 个字。")
            % {"n": RESOLUTION_LENGTH, "m": len(form.resolution)}
        )
    ballots = []
    for index, (name, votes) in enumerate(form.lines, start=1):
        count = ascii_int(votes)
        if not name:
            problems.append(_("第%(i)s行：请填写候选对象的姓名（名称）。") % {"i": index})
        elif len(name) > CANDIDATE_LENGTH:
            problems.append(
                _("第%(i)s行：候选对象最多 %(n)s 个字。") % {"i": index, "n": CANDIDATE_LENGTH}
            )
        if count is None:
            problems.append(_("第%(i)s行：“得票”请填写整数。") % {"i": index})
        ballots.append((name, count or 0))
    if problems:
        return None, problems
    return (
        RoundInput(
            award=form.view.award,
            body=form.body,
            held_on=held_on,
            members=counts["members"],
            present=counts["present"],
            seats=counts["seats"],
            resolution=form.resolution,
            ballots=ballots,
        ),
        [],
    )


def _page(
    request: HttpRequest,
    access: UnitAccess,
    *,
    typed: RoundForm | None = None,
    import_problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    spec = campaign_spec(access.campaign)
    forms = []
    views = unit_rounds(access.campaign, access.unit) if spec.rounds else []
    for view in views:
        if typed is not None and typed.view.award == view.award:
            forms.append(_padded(typed))
        else:
            forms.append(_stored_form(view))
    submission = Submission.objects.filter(campaign=access.campaign, unit=access.unit).first()
    context: dict[str, Any] = {
        "campaign": access.campaign,
        "unit": access.unit,
        "slug": access.campaign.slug,
        "rules": spec.rounds,
        "required": access.unit.level in spec.rules.differential.levels,
        "forms": forms,
        "editable": submission is None or submission.editable,
        "import_problems": import_problems or [],
        "limits": {"candidate": CANDIDATE_LENGTH, "resolution": RESOLUTION_LENGTH},
        "documents": list(ROUND_DOCUMENTS.items()),
    }
    return render(request, "portal/rounds.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def rounds(request: HttpRequest, slug: str) -> HttpResponse:
    access = unit_access(request, slug)
    if request.method == "GET":
        return _page(request, access)
    award = request.POST.get("award", "")
    views = {v.award: v for v in unit_rounds(access.campaign, access.unit)}
    view = views.get(award)
    if view is None:
        return _page(request, access, status=400)
    form = _typed(request, view)
    data, form.problems = _parsed(form)
    if data is not None:
        try:
            record_round(
                access.campaign,
                access.unit,
                data,
                actor=request.user,
                role=access.role,
                source="网页",
            )
        except RoundRefused as exc:
            form.problems = exc.problems
        else:
            messages.success(
                request,
                _("已保存“%(award)s”的差额表决记录；表决推出的推荐对象见该奖项下方。")
                % {"award": award},
            )
            return redirect(f"{request.path}#round-{list(views).index(award) + 1}")
    return _page(request, access, typed=form, status=400)


@login_required
@require_POST
def rounds_import(request: HttpRequest, slug: str) -> HttpResponse:
    access = unit_access(request, slug)
    upload = request.FILES.get("file")
    if upload is None:
        return _page(request, access, import_problems=[_("请选择要导入的工作簿。")], status=400)
    label = display_name(upload.name or "", fallback=_("工作簿"))
    try:
        import_rounds(
            access.campaign,
            access.unit,
            upload,
            upload.size or 0,
            label,
            actor=request.user,
            role=access.role,
        )
    except RoundRefused as exc:
        return _page(request, access, import_problems=exc.problems, status=400)
    return redirect("portal:rounds", slug=slug)


@login_required
@require_GET
def rounds_template(request: HttpRequest, slug: str) -> HttpResponse:
    access = unit_access(request, slug)
    try:
        data = template(access.campaign, access.unit)
    except RoundRefused:
        return _page(request, access, status=404)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''rounds.xlsx"
    return response
