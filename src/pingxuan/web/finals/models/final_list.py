"""A released final list (最终名单) and its 表彰决定, frozen.

Before release the final list is live: ``nominations.domain.citywide.final_check`` over the
nominations approved at 复审. Release copies every value the page and the documents print into
``FinalListRow`` (and the decision's text into ``FinalList``); nothing later changes a released
list. A correction (更正) is a new released list that names the one it corrects; the latest one
of a campaign, the one nobody corrected, is the current list.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pingxuan.web.campaigns.models import Campaign


class FinalList(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="final_lists")
    number = models.CharField(_("文号"), max_length=50)  # 郑工〔2024〕8号
    issued_on = models.DateField(_("印发日期"))
    # The frame as released: the list's title and order, the awards in the spec's order
    # ([{"name", "subject", "total"}]) and the decision's text ({"title", "paragraphs", "issuer",
    # "sections": [{"heading", "award", "kind", "people"}]}).
    title = models.CharField(_("标题"), max_length=200)
    name_order = models.CharField(_("排序"), max_length=20)
    awards = models.JSONField(_("奖项"))
    decision = models.JSONField(_("表彰决定"))
    # A correction names the list it corrects (each list is corrected at most once: the chain
    # is a line, and its end is the current list), says why and what changed, line by line.
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("更正的名单"),
    )
    reason = models.TextField(_("更正原因"), blank=True)
    changes = models.JSONField(_("更正内容"), default=list)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(_("发布时间"), default=timezone.now)

    class Meta:
        ordering = ("campaign", "released_at", "pk")
        constraints = (
            # One first release per campaign: a second concurrent release fails here too.
            models.UniqueConstraint(
                fields=("campaign",),
                condition=models.Q(corrects__isnull=True),
                name="final_list_one_first_release",
            ),
        )
        verbose_name = _("最终名单")
        verbose_name_plural = _("最终名单")

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"


class FinalListRow(models.Model):
    """One line of a released list, as every output prints it: the page, the PDF, the DOCX,
    the exchange workbook (``cells``: the workbook's texts) and the decision (without 涉敏)."""

    final_list = models.ForeignKey(FinalList, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField(_("位置"))
    award = models.CharField(_("奖项"), max_length=50)
    kind = models.CharField(_("表彰类型"), max_length=10)  # 综合表彰 or 专项表彰
    # PROTECT: a nomination that was on a released list is kept for the record.
    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.PROTECT, related_name="final_rows"
    )
    name = models.CharField(_("名称"), max_length=500)  # as printed: 贺　彪, a team with its unit
    detail = models.TextField(_("工作单位及职务"), blank=True)
    unit = models.CharField(_("推荐单位"), max_length=200)
    sensitive = models.BooleanField(_("涉敏"), default=False)
    note = models.TextField(_("情况"), blank=True)  # the office page's column (身份类别 …)
    cells = models.JSONField(_("交换工作簿"))  # {column: text or null}

    class Meta:
        ordering = ("final_list", "position")
        constraints = (
            models.UniqueConstraint(
                fields=("final_list", "position"), name="final_list_row_position"
            ),
        )
        verbose_name = _("最终名单行")
        verbose_name_plural = _("最终名单行")

    def __str__(self) -> str:
        return f"{self.final_list_id}#{self.position}"
