"""Kinds of background job and where a job stands."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    IMPORT = "import", _("导入推荐交换工作簿")
    CITY_SUMMARY = "city_summary", _("生成全市推荐对象情况汇总表")
    SELECTION = "selection", _("优选")
    DOCUMENT = "document", _("生成文档")


class JobState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    AWAITING = "awaiting", _("待确认")  # an import's preview is ready; nothing saved yet
    DONE = "done", _("完成")
    FAILED = "failed", _("未完成")


# The worker still has the job: the page keeps polling.
ACTIVE_STATES = frozenset({JobState.QUEUED, JobState.RUNNING})
