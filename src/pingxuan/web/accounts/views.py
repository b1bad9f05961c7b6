"""The login page (Django's own view: CSRF-protected, never cached, session key cycled on login)
with a Chinese form whose one error never tells whether the username exists; the CSRF failure
page."""

from typing import ClassVar

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

# One message for every refusal: a distinct message for an unknown user or an inactive account
# would let a stranger find out which usernames exist.
LOGIN_REFUSED = _("用户名或密码不正确。请重新输入；忘记密码请联系为您分配账号的总工会管理员。")


class LoginForm(AuthenticationForm):
    error_messages: ClassVar[dict[str, str]] = {
        "invalid_login": LOGIN_REFUSED,
        "inactive": LOGIN_REFUSED,
    }


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    # A signed-in user who opens the login page goes on to the portal instead of signing in twice.
    redirect_authenticated_user = True


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django calls this when a form's CSRF token is missing or stale (usually an old page)."""
    return render(request, "403_csrf.html", status=403)
