"""A campaign as stored: the spec's text is the truth, the other columns are for finding it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Campaign(models.Model):
    slug = models.SlugField(
        _("标识"), max_length=100, unique=True, help_text=_("评选活动配置中的 campaign.id")
    )
    title = models.CharField(_("名称"), max_length=200)
    spec_source = models.TextField(_("配置原文"))
    source_path = models.CharField(_("配置文件"), max_length=500)
    loaded_at = models.DateTimeField(_("加载时间"))

    class Meta:
        ordering = ("slug",)
        verbose_name = _("评选活动")
        verbose_name_plural = _("评选活动")

    def __str__(self) -> str:
        return self.title
