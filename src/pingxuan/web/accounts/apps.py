from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pingxuan.web.accounts"
    label = "accounts"
    verbose_name = _("账号与角色")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from pingxuan.web.accounts.sessions import renew_at_login

        user_logged_in.connect(renew_at_login, dispatch_uid="pingxuan-renew-at-login")
