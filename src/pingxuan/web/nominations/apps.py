from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "pingxuan.web.nominations"
    label = "nominations"
    verbose_name = _("推荐对象")
