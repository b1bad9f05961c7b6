from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "pingxuan.web.review"
    label = "review"
    verbose_name = _("初审与复审")
