"""The review committee's score of one nomination, as uploaded on the selection page (优选).

One row per nomination; an upload replaces the campaign's scores as a whole, so the table on the
page is always exactly one uploaded file. A nomination without a row counts as 0.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pingxuan.web.nominations.models import Nomination


class Score(models.Model):
    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, related_name="selection_score"
    )
    value = models.DecimalField(_("分数"), max_digits=12, decimal_places=4)

    class Meta:
        verbose_name = _("评审分数")
        verbose_name_plural = _("评审分数")

    def __str__(self) -> str:
        return f"{self.nomination}：{self.value}"
