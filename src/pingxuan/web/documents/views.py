"""What the portal's and the office's download views share: the format asked for, and serving
an export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.documents.interfaces.exports import Export, download


def chosen_format(request: HttpRequest, allowed: tuple[str, ...]) -> str:
    """``?format=`` among ``allowed`` (the first when absent); anything else does not exist."""
    fmt = request.GET.get("format") or allowed[0]
    if fmt not in allowed:
        raise Http404
    return fmt


def serve(
    request: HttpRequest,
    make: Callable[[], Export],
    *,
    role: str,
    campaign: Campaign,
    unit_name: str = "",
    obj: Any = None,
) -> HttpResponse:
    return download(
        make(), actor=request.user, role=role, campaign=campaign, unit_name=unit_name, obj=obj
    )
