"""Text a request brings, bounded before anything uses it (issue 11, 4.).

Numbers are ASCII digits only, and short: ``"²".isdigit()`` is true and ``int("²")`` fails, and a
5,000-digit number is nobody's row. NUL bytes (PostgreSQL refuses them in text) and the bidi
controls that can make a name read backwards on a public page are refused in every query and
form parameter, by ``ControlCharacterGuard``, before any view sees them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from pingxuan.core.cells import whole_number

# NUL; LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI.
FORBIDDEN = re.compile("[\x00\u202a-\u202e\u2066-\u2069]")

# A request's ids and counts are read exactly as the workbooks' numbers are.
ascii_int = whole_number


def forbidden_in(values: Iterable[str]) -> bool:
    return any(FORBIDDEN.search(value) for value in values)


class ControlCharacterGuard:
    """Answer 400, in Chinese, to a request whose path, query or form values hold a NUL byte or
    a bidi control; nothing behind it ever sees one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        values = [request.path, *request.GET.keys()]
        values += [v for key in request.GET for v in request.GET.getlist(key)]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            values += list(request.POST.keys())
            values += [v for key in request.POST for v in request.POST.getlist(key)]
        if forbidden_in(values):
            body = render_to_string(
                "400_characters.html",
                {"message": _("提交的内容含有不允许的控制字符（空字符或文字方向控制符）。")},
                request=request,
            )
            return HttpResponse(body, status=400)
        return self.get_response(request)
