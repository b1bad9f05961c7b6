"""The Content-Security-Policy of every page (issue 11): scripts, styles, images and forms from
this site only, no inline script or style, never framed.

Django 5.2 has no CSP support of its own (it arrives in 6.0 as ``ContentSecurityPolicyMiddleware``
reading ``SECURE_CSP``). This middleware reads a setting of the same name and shape, a dict of
directive -> list of sources, so that moving to Django 6.0 is a change of the MIDDLEWARE line.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def policy_of(directives: dict[str, list[str]]) -> str:
    """``{"default-src": ["'self'"], "object-src": ["'none'"]}`` -> the header's value."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicy:
    """Add ``settings.SECURE_CSP`` to every HTML answer that has no policy of its own.

    Only HTML: the policy is written for our pages. A PDF or a scan opened in a tab of its own is
    shown by the browser's viewer, which loads what it needs on terms the policy does not know."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.value = policy_of(settings.SECURE_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and HEADER not in response:
            response[HEADER] = self.value
        return response
