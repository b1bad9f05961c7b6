"""/portal/<slug>/materials/: the 初审 checklist of material images for the unit and each of its
nominations; uploads, one-click conversions, deletions, and the images themselves, each served
only to the unit's own people."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import TooManyFilesSent
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pingxuan.web.campaigns.domain.deadlines import Gate, closed_refusal, gate_line
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.inputs import ascii_int
from pingxuan.web.limits import IMAGE_TITLE, BoundedText
from pingxuan.web.materials.batch import (
    MAX_FILES,
    Outcome,
    batch_upload,
    received_files,
    tally,
)
from pingxuan.web.materials.domain import (
    ChecklistItem,
    MaterialRefused,
    checklist,
    convert,
    delete_material,
    discard_pending,
    unit_editable,
    upload,
)
from pingxuan.web.materials.images import MAX_UPLOAD_BYTES
from pingxuan.web.materials.models import Material, PendingUpload, Stage
from pingxuan.web.materials.serving import stored_jpeg
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.portal.access import UnitAccess, unit_access


class UploadForm(forms.Form):
    requirement = forms.CharField(max_length=200)
    nomination = forms.IntegerField(required=False, min_value=1)
    title = BoundedText(IMAGE_TITLE, required=False)
    # Empty files are refused by the image pipeline, in its words.
    file = forms.FileField(label=gettext_lazy("图片文件"), allow_empty_file=True)


@dataclass
class Section:
    title: str
    nomination: Nomination | None
    items: list[ChecklistItem] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.done)

    @property
    def complete(self) -> bool:
        """Everything uploaded and nothing waiting: the section can start folded."""
        return all(item.done and not item.pending for item in self.items)


def _sections(items: list[ChecklistItem]) -> list[Section]:
    sections: dict[int, Section] = {}
    for item in items:
        nomination = item.nomination
        key = nomination.pk if nomination else 0
        if key not in sections:
            title = (
                f"{nomination.award} · {nomination.display_name}" if nomination else _("本单位材料")
            )
            sections[key] = Section(title, nomination)
        sections[key].items.append(item)
    return list(sections.values())


def _page(
    request: HttpRequest,
    access: UnitAccess,
    *,
    error: str = "",
    error_key: str = "",
    typed_title: str = "",
    status: int = 200,
    stage: str = Stage.FIRST,
) -> HttpResponse:
    stage = Stage(stage)
    items = checklist(access.campaign, access.unit, stage)
    if error_key not in {item.key for item in items}:
        error_key = ""  # shown above the list instead
    return render(
        request,
        "portal/materials.html",
        {
            "access": access,
            "campaign": access.campaign,
            "unit": access.unit,
            "sections": _sections(items),
            "done": sum(1 for i in items if i.done),
            "total": len(items),
            "editable": unit_editable(access.campaign, access.unit, stage),
            # The stage's own deadline: 报送初审, or the 复审 materials' (extensions included).
            "deadline": gate_line(access.campaign, access.unit, GATES[stage], timezone.now()),
            "closed": closed_refusal(access.campaign, access.unit, GATES[stage]),
            "error": error,
            "error_key": error_key,
            "typed_title": typed_title,
            "stage": stage,
            "stages": [
                (Stage.FIRST, "portal:materials"),
                (Stage.SECOND, "portal:materials_second"),
            ],
            "max_mb": f"{MAX_UPLOAD_BYTES / 2**20:g}",
            "max_files": MAX_FILES,
            "batch_route": BATCH_URLS[stage],
            "rules": campaign_spec(access.campaign).image_rules,
        },
        status=status,
    )


GATES = {Stage.FIRST: Gate.SUBMISSION, Stage.SECOND: Gate.REVIEW_MATERIALS}
STAGE_URLS = {Stage.FIRST: "portal:materials", Stage.SECOND: "portal:materials_second"}


def _back(access: UnitAccess, key: str = "", stage: str = Stage.FIRST) -> HttpResponse:
    url = reverse(STAGE_URLS[Stage(stage)], kwargs={"slug": access.campaign.slug})
    return redirect(f"{url}#{key}" if key else url)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def materials(request: HttpRequest, slug: str, stage: str = Stage.FIRST) -> HttpResponse:
    """The checklist of one stage: 初审 materials, or (``stage`` 复审) those of 复审 (四)."""
    stage = Stage(stage)
    access = unit_access(request, slug)
    if request.method == "GET":
        return _page(request, access, stage=stage)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused_form(request, access, form, stage)
    data = form.cleaned_data
    nomination = access.nomination(data["nomination"]) if data["nomination"] else None
    key = ChecklistItem.key_for(data["requirement"], nomination)
    file = data["file"]
    try:
        upload(
            access.campaign,
            access.unit,
            requirement=data["requirement"],
            nomination=nomination,
            data=file,
            filename=file.name or "",
            title=data["title"],
            actor=request.user,
            role=access.role,
            stage=stage,
        )
    except MaterialRefused as refusal:
        return _page(request, access, error=refusal.message, error_key=key, status=400, stage=stage)
    return _back(access, key, stage)


def _refused_form(
    request: HttpRequest, access: UnitAccess, form: UploadForm, stage: str
) -> HttpResponse:
    """The checklist again, the refusal beside the item it was for and its title as typed."""
    pk = ascii_int(request.POST.get("nomination"))
    nomination = access.nomination(pk) if pk else None
    key = ChecklistItem.key_for(request.POST.get("requirement", ""), nomination)
    problems = [str(error) for errors in form.errors.values() for error in errors]
    return _page(
        request,
        access,
        stage=stage,
        status=400,
        error=" ".join(problems) or _("请选择要上传的图片文件。"),
        error_key=key,
        typed_title=request.POST.get("title", ""),
    )


def _pending(access: UnitAccess, pk: int) -> PendingUpload:
    return get_object_or_404(
        PendingUpload.objects.select_related("campaign", "unit", "nomination"),
        pk=pk,
        campaign=access.campaign,
        unit=access.unit,
    )


def _material(access: UnitAccess, pk: int) -> Material:
    return get_object_or_404(
        Material.objects.select_related("campaign", "unit", "nomination"),
        pk=pk,
        campaign=access.campaign,
        unit=access.unit,
    )


def _act_on(
    request: HttpRequest,
    access: UnitAccess,
    item: Material | PendingUpload,
    action: Callable[..., object],
) -> HttpResponse:
    """Run one domain action on an uploaded image and come back to its checklist item."""
    key = ChecklistItem.key_for(item.requirement, item.nomination)
    try:
        action(item, actor=request.user, role=access.role)
    except MaterialRefused as refusal:
        return _page(
            request, access, error=refusal.message, error_key=key, status=409, stage=item.stage
        )
    return _back(access, key, item.stage)


@login_required
@require_POST
def material_convert(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = unit_access(request, slug)
    return _act_on(request, access, _pending(access, pk), convert)


@login_required
@require_POST
def material_discard(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = unit_access(request, slug)
    return _act_on(request, access, _pending(access, pk), discard_pending)


@login_required
@require_POST
def material_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = unit_access(request, slug)
    return _act_on(request, access, _material(access, pk), delete_material)


@never_cache
@login_required
@require_GET
def material_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    access = unit_access(request, slug)
    material = _material(access, pk)
    return stored_jpeg(material.path, material.title)


# ── many files at once ──────────────────────────────────────────────────────────────────────

BATCH_SESSION = "materials_batch"
BATCH_URLS = {Stage.FIRST: "portal:materials_batch", Stage.SECOND: "portal:materials_batch_second"}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def materials_batch(request: HttpRequest, slug: str, stage: str = Stage.FIRST) -> HttpResponse:
    """POST: many images (or zips of them) matched by name and stored one by one, then the
    outcome of each; GET: the outcome of the unit's last batch (kept in the session)."""
    stage = Stage(stage)
    access = unit_access(request, slug)
    here = reverse(BATCH_URLS[stage], kwargs={"slug": slug})
    if request.method == "GET":
        kept = request.session.get(BATCH_SESSION)
        if not kept or kept.get("unit") != access.unit.pk:
            return _back(access, stage=stage)
        outcomes = [Outcome(**row) for row in kept["outcomes"]]
        return render(
            request,
            "portal/materials_batch.html",
            {
                "access": access,
                "campaign": access.campaign,
                "unit": access.unit,
                "stage": stage,
                "outcomes": outcomes,
                "tally": tally(outcomes),
                "back": reverse(STAGE_URLS[stage], kwargs={"slug": slug}),
            },
        )
    try:
        incoming, refused = received_files(request.FILES.getlist("files"))
    except TooManyFilesSent:
        return _page(
            request,
            access,
            stage=stage,
            status=400,
            error=_("一次最多上传 %(n)s 个文件；更多的请打成 zip 压缩包或分批上传。")
            % {"n": MAX_FILES},
        )
    if not incoming and not refused:
        return _page(request, access, stage=stage, status=400, error=_("请选择要上传的图片文件。"))
    outcomes = refused + batch_upload(
        access.campaign, access.unit, incoming, actor=request.user, role=access.role, stage=stage
    )
    request.session[BATCH_SESSION] = {
        "unit": access.unit.pk,
        "outcomes": [asdict(outcome) for outcome in outcomes],
    }
    return redirect(here)
