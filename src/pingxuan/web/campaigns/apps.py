from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "pingxuan.web.campaigns"
    label = "campaigns"
    verbose_name = _("评选活动")
