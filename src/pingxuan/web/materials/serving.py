"""``stored_jpeg``: answer a request with one of our stored images, after the caller's access check;
``?size=thumb`` (``wants_thumbnail``) asks for a small copy, made on the fly, for review pages.

Only re-encoded JPEGs are ever stored (materials, notice evidence, signed opinion sheets), so the
type is fixed and ``nosniff`` keeps a browser from guessing otherwise; a file gone from the disk
is a 404, never a traceback.
"""

from __future__ import annotations

import io

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from PIL import Image

# Twice the thumbnail's CSS box (92 × 120), sharp on a high-density screen; about 10 KB each.
THUMBNAIL_BOX = (184, 240)


def wants_thumbnail(request: HttpRequest) -> bool:
    return request.GET.get("size") == "thumb"


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


def stored_thumbnail(path: str) -> HttpResponse:
    """A small JPEG of a stored image. Only our own re-encoded JPEGs are stored (at most the
    spec's size), so decoding one is bounded; a file gone or unreadable is a 404."""
    try:
        with default_storage.open(path, "rb") as handle, Image.open(handle) as picture:
            picture.draft("RGB", THUMBNAIL_BOX)  # JPEG: decode at a fraction of the size
            small = picture.convert("RGB")
            small.thumbnail(THUMBNAIL_BOX, Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            small.save(buffer, "JPEG", quality=80)
    except (FileNotFoundError, OSError, Image.DecompressionBombError):
        raise Http404 from None
    response = HttpResponse(buffer.getvalue(), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
