"""The 最终名单 page's form: releasing the list (文号, 印发日期) or correcting it (and why)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pingxuan.web.limits import FINAL_NUMBER, FINAL_REASON, BoundedText

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReleaseForm(forms.Form):
    number = BoundedText(
        FINAL_NUMBER,
        error_messages={"required": _("请填写表彰决定的文号，如 郑工〔2024〕8号。")},
        help_text=_("表彰决定的发文字号，如 郑工〔2024〕8号。"),
    )
    issued_on = forms.DateField(
        label=_("印发日期"),
        widget=DATE_INPUT,
        error_messages={
            "required": _("请填写印发日期。"),
            "invalid": _("印发日期请按 2024-04-28 的格式填写。"),
        },
    )
    reason = BoundedText(
        FINAL_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("更正时必填：为什么更正（如“举报属实，撤销某某的推荐资格”）。"),
    )

    def __init__(self, *args: Any, correction: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.correction = correction
        if not self.is_bound:
            self.initial.setdefault("issued_on", timezone.localdate())
        self.fields["reason"].required = correction
        self.fields["reason"].error_messages["required"] = _("请写明更正的原因。")
