"""/healthz/: the smallest Django answer, for a load balancer's probe and as the hello-world the
load test (bench/load) compares the real pages with. No database, no session."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
