"""What the portal's and the office's download views share: the format asked for, and serving
an export (or, when a list cannot be ordered, the page again with the reason)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.documents.domain.lists import ListOrderUnknown
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
    back: str,
    role: str,
    campaign: Campaign,
    unit_name: str = "",
    obj: Any = None,
) -> HttpResponse:
    try:
        export = make()
    except ListOrderUnknown as error:
        messages.error(request, error.message)
        return redirect(back)
    return download(
        export, actor=request.user, role=role, campaign=campaign, unit_name=unit_name, obj=obj
    )
