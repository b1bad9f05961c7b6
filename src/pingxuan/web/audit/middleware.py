"""Every refused request of a signed-in user (403, 404) leaves an audit row: who asked for which
path and what they got. The path names at most an object's number, never personal data; the
query string and the body are not recorded."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from pingxuan.web.audit.domain.record import record

DENIED = frozenset({403, 404})


class DeniedAccessAudit:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code in DENIED and user is not None and user.is_authenticated:
            record(
                "access.denied",
                actor=user,
                changes={
                    "请求": [None, f"{request.method} {request.path}"],
                    "结果": [None, response.status_code],
                },
            )
        return response
