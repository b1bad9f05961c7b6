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
    FAILED = "failed", _("未能完成")  # the work broke off (file gone, worker stopped, a bug)
    REFUSED = "refused", _("已拒绝")  # the input was refused for a reason the user can fix
    ABANDONED = "abandoned", _("已放弃")  # the owner abandoned an import's preview
    EXPIRED = "expired", _("已失效")  # an import's preview replaced by a newer upload, or too old


# The worker still has the job: the page keeps polling.
ACTIVE_STATES = frozenset({JobState.QUEUED, JobState.RUNNING})
# Ended without a result: the page says why (``Job.error``).
UNSUCCESSFUL_STATES = frozenset(
    {JobState.FAILED, JobState.REFUSED, JobState.ABANDONED, JobState.EXPIRED}
)
