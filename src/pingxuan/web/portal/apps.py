from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "pingxuan.web.portal"
    label = "portal"
    verbose_name = _("推荐单位填报")
