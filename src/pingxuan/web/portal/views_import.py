"""/portal/<slug>/import/: the unit's exchange template (empty, or filled with the unit's data),
and importing a filled workbook.

Uploading only keeps the file under a random name and starts a background job
(``pingxuan.web.jobs``): the worker reads and checks it, bounded as before (``core.xlsx_guard``
in a child process of ``core.isolate``), and the job page shows the preview. The clerk confirms
there, and the worker saves all rows or none. The request never reads the workbook.
"""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pingxuan.web.documents.interfaces.targets import EXCHANGE
from pingxuan.web.documents.views import start_document
from pingxuan.web.jobs.domain import start_job
from pingxuan.web.jobs.enums import JobKind
from pingxuan.web.materials.images import display_name
from pingxuan.web.nominations.domain.importing import (
    MAX_IMPORT_BYTES,
    XLSX_CONTENT_TYPE,
    ImportRefused,
    discard_stash,
    stash_upload,
    template_file_name,
    unit_template,
)
from pingxuan.web.portal.access import UnitAccess, unit_access


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


@never_cache
@login_required
@require_POST
def filled(request: HttpRequest, slug: str) -> HttpResponse:
    """本单位已填数据（交换工作簿）: written by the worker like the other documents; its job page
    gives the file."""
    access = unit_access(request, slug)
    return start_document(
        request, campaign=access.campaign, unit=access.unit, role=access.role, doc=EXCHANGE
    )


def _page(
    request: HttpRequest, access: UnitAccess, *, error: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "portal/import.html",
        {
            "access": access,
            "campaign": access.campaign,
            "unit": access.unit,
            "error": error,
            "max_mb": MAX_IMPORT_BYTES // 2**20,
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    access = unit_access(request, slug)
    if request.method == "GET":
        return _page(request, access)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return _page(request, access, error=_("请选择要上传的 Excel 工作簿（.xlsx）。"), status=400)
    file_label = display_name(uploaded.name or "", fallback=_("上传的文件"))
    try:
        name = stash_upload(uploaded, uploaded.size or 0)
    except ImportRefused as refusal:
        return _page(request, access, error=refusal.message, status=400)
    try:
        job = start_job(
            campaign=access.campaign,
            unit=access.unit,
            kind=JobKind.IMPORT,
            params={"file": name, "label": file_label},
            actor=request.user,
            role=access.role,
        )
    except BaseException:
        discard_stash(name)  # a file no job will read is not kept
        raise
    return redirect("jobs:job", pk=job.pk)
