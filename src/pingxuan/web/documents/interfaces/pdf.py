"""HTML templates to PDF with WeasyPrint, offline: fonts come from fontconfig (Debian's
fonts-noto-cjk), and anything a template names beyond our own files is refused, never fetched."""

from __future__ import annotations

import mimetypes
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

STATIC_DIR = Path(settings.STATICFILES_DIRS[0])


class RemoteFetchRefused(ValueError):
    """A document asked for something that is not one of our local files."""


def _allowed_roots() -> tuple[Path, ...]:
    return (STATIC_DIR.resolve(), Path(settings.MEDIA_ROOT).resolve())


def local_file(url: str) -> Path:
    """The file a document may embed: a file URL under the static or media folder, so that a
    value typed by a unit can never make the server fetch a URL or read another file."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        raise RemoteFetchRefused(url)
    path = Path(unquote(parts.path)).resolve()
    if not any(path.is_relative_to(root) for root in _allowed_roots()):
        raise RemoteFetchRefused(url)
    return path


@cache
def _weasyprint() -> tuple[Any, Any]:
    """WeasyPrint's HTML and our fetcher, imported on first use (WeasyPrint loads Pango, which
    most requests never need).

    On import WeasyPrint sets Pillow's process-wide ``LOAD_TRUNCATED_IMAGES``, which would let a
    truncated upload pass for a whole picture (``materials.images`` refuses to run so); our
    documents embed only our own re-encoded JPEGs, so the setting goes back to Pillow's default.
    """
    from PIL import ImageFile
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    ImageFile.LOAD_TRUNCATED_IMAGES = False

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = local_file(url)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return HTML, LocalOnlyFetcher


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    html_class, fetcher = _weasyprint()
    html = render_to_string(template, context)
    document = html_class(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher())
    return document.write_pdf()
