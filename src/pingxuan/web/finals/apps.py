from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinalsConfig(AppConfig):
    name = "pingxuan.web.finals"
    label = "finals"
    verbose_name = _("最终名单")
