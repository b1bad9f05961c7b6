"""The 30-minute idle timeout of a session, renewed at most once a minute instead of on every
request.

``SESSION_SAVE_EVERY_REQUEST`` would write the session row on every page, which was a database
write (and its row lock) per request under load (docs/performance.md, 负载测试). Here a request
that finds the session's last renewal more than ``RENEW_AFTER`` seconds old marks it modified,
and Django's SessionMiddleware saves it with a new expiry; other requests leave it alone. A
session therefore ends between 29 and 30 minutes after its last request. Signing in counts as
a renewal (``renew_at_login``): the login saves the session anyway, so the first page after it
writes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

RENEWED_AT = "_pingxuan_renewed_at"  # seconds since the epoch of the last renewal
RENEW_AFTER = 60  # seconds


class IdleSessionRenewal:
    """Placed after SessionMiddleware, so that its answer is seen first on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        # Without the cookie there is no session to keep alive; touching it would make one.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response
        session = request.session
        renewed_at = session.get(RENEWED_AT, 0)
        # Empty: expired, unknown or just flushed at logout; renewing would make a new one.
        if session.is_empty():
            return response
        now = int(time.time())
        # A renewal "in the future" means the clock was set back: renew rather than wait for it.
        if now - renewed_at >= RENEW_AFTER or now < renewed_at:
            session[RENEWED_AT] = now
        return response


def renew_at_login(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """``user_logged_in`` receiver (connected in ``AccountsConfig.ready``): the session the login
    is about to save starts its idle minute now."""
    if request is not None and hasattr(request, "session"):
        request.session[RENEWED_AT] = int(time.time())
