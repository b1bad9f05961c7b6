"""/portal/<slug>/import/: the unit's exchange template, and importing a filled workbook.

Uploading shows a preview (rows, their findings, what is replaced) and keeps the file under a
random name; the confirmation carries a signed token naming that file, which must also be the one
this session uploaded. Nothing is saved before the confirmation, and the confirmation saves all
rows or none.
"""

from __future__ import annotations

import io
import re
import secrets
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pingxuan.web.materials.images import display_name
from pingxuan.web.nominations.domain.importing import (
    MAX_IMPORT_BYTES,
    XLSX_CONTENT_TYPE,
    ImportPreview,
    ImportRefused,
    Progress,
    discard_stash,
    import_workbook,
    preview_import,
    stash_upload,
    stashed_path,
    template_file_name,
    unit_template,
)
from pingxuan.web.portal.access import UnitAccess, unit_access

SESSION_KEY = "portal.import"  # {slug: {"file": stashed name, "label": the clerk's file name}}
DONE_KEY = "portal.import.done"  # {slug: summary of the last import}, shown once
TOKEN_SALT = "pingxuan.portal.import"
TOKEN_MAX_AGE = 2 * 60 * 60
# Progress of an upload being read: the page polls it (htmx) while its POST is in flight. The
# form carries a random id; the steps live in the cache under the user's id and that id.
PROGRESS_ID = re.compile(r"^[0-9a-f]{16}$")
PROGRESS_SECONDS = 10 * 60


def _progress_key(request: HttpRequest, progress_id: str) -> str:
    return f"portal.import.progress:{request.user.pk}:{progress_id}"


def _progress_recorder(request: HttpRequest) -> Progress:
    progress_id = request.POST.get("progress", "")
    if not PROGRESS_ID.match(progress_id):
        return lambda text: None
    key = _progress_key(request, progress_id)
    steps: list[str] = []

    def step(text: str) -> None:
        steps.append(text)
        cache.set(key, steps, PROGRESS_SECONDS)

    return step


def _progress(request: HttpRequest, progress_id: str) -> HttpResponse:
    """The steps so far of this user's upload ``progress_id``, as a list for the page."""
    steps = (
        cache.get(_progress_key(request, progress_id), []) if PROGRESS_ID.match(progress_id) else []
    )
    if not steps:
        return HttpResponse(format_html("<p>{}</p>", _("正在上传…")))
    return HttpResponse(
        format_html("<ol>{}</ol>", format_html_join("", "<li>{}</li>", ((s,) for s in steps)))
    )


@never_cache
@login_required
@require_GET
def template(request: HttpRequest, slug: str) -> FileResponse:
    access = unit_access(request, slug)
    data = unit_template(access.campaign, access.unit, actor=request.user, role=access.role)
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=template_file_name(access.unit),
        content_type=XLSX_CONTENT_TYPE,
    )


def _page(
    request: HttpRequest,
    access: UnitAccess,
    *,
    error: str = "",
    preview: ImportPreview | None = None,
    token: str = "",
    file_label: str = "",
    done: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "portal/import.html",
        {
            "access": access,
            "campaign": access.campaign,
            "unit": access.unit,
            "error": error,
            "preview": preview,
            "token": token,
            "file_label": file_label,
            "done": done,
            "max_mb": MAX_IMPORT_BYTES // 2**20,
            "progress_id": secrets.token_hex(8),
        },
        status=status,
    )


def _stash_of(request: HttpRequest, slug: str) -> dict[str, str] | None:
    return request.session.get(SESSION_KEY, {}).get(slug)


def _remember(request: HttpRequest, slug: str, entry: dict[str, str] | None) -> None:
    stashes = dict(request.session.get(SESSION_KEY, {}))
    previous = stashes.pop(slug, None)
    if previous is not None and (entry is None or previous["file"] != entry["file"]):
        discard_stash(previous["file"])
    if entry is not None:
        stashes[slug] = entry
    request.session[SESSION_KEY] = stashes


def _token(access: UnitAccess, name: str) -> str:
    return signing.dumps({"unit": access.unit.pk, "file": name}, salt=TOKEN_SALT)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    access = unit_access(request, slug)
    if request.method == "GET" and "progress" in request.GET:
        return _progress(request, request.GET["progress"])
    if request.method == "GET":
        done = request.session.get(DONE_KEY, {}).get(slug)
        if done is not None:
            request.session[DONE_KEY] = {
                k: v for k, v in request.session[DONE_KEY].items() if k != slug
            }
        return _page(request, access, done=done)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return _page(request, access, error=_("请选择要上传的 Excel 工作簿（.xlsx）。"), status=400)
    file_label = display_name(uploaded.name or "", fallback=_("上传的文件"))
    name = ""
    try:
        name = stash_upload(uploaded, uploaded.size or 0)
        path = stashed_path(name)
        assert path is not None
        preview = preview_import(
            access.campaign,
            access.unit,
            path,
            file_label=file_label,
            actor=request.user,
            role=access.role,
            progress=_progress_recorder(request),
        )
    except ImportRefused as refusal:
        if name:
            discard_stash(name)
        return _page(request, access, error=refusal.message, status=400)
    except BaseException:
        if name:  # whatever went wrong, an upload nobody can confirm is not kept
            discard_stash(name)
        raise
    if preview.refusal is not None:  # cannot be confirmed as it is: keep nothing
        discard_stash(name)
        _remember(request, slug, None)
        return _page(request, access, preview=preview, file_label=file_label)
    _remember(request, slug, {"file": name, "label": file_label})
    return _page(
        request, access, preview=preview, token=_token(access, name), file_label=file_label
    )


@never_cache
@login_required
@require_POST
def confirm(request: HttpRequest, slug: str) -> HttpResponse:
    access = unit_access(request, slug)
    stash = _stash_of(request, slug)
    try:
        signed = signing.loads(
            request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        signed = None
    path = stashed_path(stash["file"]) if stash is not None else None
    if (
        signed is None
        or stash is None
        or path is None
        or signed != {"unit": access.unit.pk, "file": stash["file"]}
    ):
        return _page(
            request,
            access,
            status=400,
            error=_(
                "导入确认已失效（可能已导入、已超时或在其他窗口重新上传过），请重新上传工作簿。"
            ),
        )
    file_label = stash["label"]
    try:
        result = import_workbook(
            access.campaign,
            access.unit,
            path,
            file_label=file_label,
            actor=request.user,
            role=access.role,
        )
    except ImportRefused as refusal:
        # Nothing was saved. The preview again, with the reason; the workbook itself must change
        # before it can be imported, so it is not kept.
        try:
            preview = preview_import(
                access.campaign,
                access.unit,
                path,
                file_label=file_label,
                actor=request.user,
                role=access.role,
            )
        except ImportRefused:
            preview = None
        _remember(request, slug, None)
        if preview is not None:
            preview.refusal = refusal.message
            for item in preview.rows:
                item.refused = (item.row.award, item.row.row) in refusal.rows
        return _page(
            request,
            access,
            preview=preview,
            error=refusal.message,
            file_label=file_label,
            status=409,
        )
    _remember(request, slug, None)
    done = dict(request.session.get(DONE_KEY, {}))
    done[slug] = {
        "file": file_label,
        "awards": "、".join(result.awards),
        "created": result.created,
        "updated": result.updated,
        "deleted": result.deleted,
    }
    request.session[DONE_KEY] = done
    return redirect("portal:import", slug=slug)
