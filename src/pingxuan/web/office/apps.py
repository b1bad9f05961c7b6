from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "pingxuan.web.office"
    label = "office"
    verbose_name = _("总工会办公")
