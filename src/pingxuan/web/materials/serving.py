"""``stored_jpeg``: answer a request with one of our stored images, after the caller's access check.

Only re-encoded JPEGs are ever stored (materials, notice evidence, signed opinion sheets), so the
type is fixed and ``nosniff`` keeps a browser from guessing otherwise; a file gone from the disk
is a 404, never a traceback.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404


def stored_jpeg(path: str, title: str) -> FileResponse:
    try:
        handle = default_storage.open(path, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type="image/jpeg", as_attachment=False, filename=f"{title}.jpg"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
