from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    name = "pingxuan.web.rounds"
    label = "rounds"
    verbose_name = _("分层评选")
