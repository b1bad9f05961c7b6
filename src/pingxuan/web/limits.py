"""How long the texts a user types may be, outside the exchange columns (issue 11).

A nomination's fields take their limits from the core's columns (``Column.max_length``); every
other text a page accepts has its limit here, once, by name: the form field, the page's
``maxlength`` (``{{ limits.RETURN_NOTE.max_length }}``, through ``context``) and the server's
refusal read the same number. Over the limit is refused in the core's wording (“处理意见”共5000字，
超过上限2000字，请删减到2000字以内。), never cut silently; the page shows the text again.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pingxuan.core.columns import Column, length_refusal, strip_zero_width
from pingxuan.web.materials.images import DISPLAY_NAME_LENGTH


@dataclass(frozen=True)
class Limit:
    label: str | Promise  # the field as its page names it; the refusal names it so
    max_length: int


# Office: decisions, returns, opinions, complaints, notices.
DECISION_REASON = Limit(_("理由"), 1000)
RETURN_NOTE = Limit(_("退回原因"), 2000)
OPINION_NOTE = Limit(_("意见说明"), 2000)
COMPLAINT_NOTE = Limit(_("结论说明"), 2000)
NOTICE_TITLE = Limit(_("标题"), 200)
NOTICE_CONTACT = Limit(_("联系人"), 50)
NOTICE_PHONE = Limit(_("联系电话"), 50)
CHANNEL_PHONE = Limit(_("举报电话"), 50)
CHANNEL_MAILBOX = Limit(_("举报邮箱"), 100)
CHANNEL_ADDRESS = Limit(_("来信地址"), 200)
CHANNEL_TEXT = Limit(_("其他说明"), 500)
CORRECTION_NOTE = Limit(_("更正说明"), 1000)
FINAL_NUMBER = Limit(_("文号"), 50)  # finals.FinalList.number's column
FINAL_REASON = Limit(_("更正原因"), 1000)
WITHDRAW_REASON = Limit(_("撤下原因"), 200)
CALENDAR_NOTE = Limit(_("说明"), 200)
EXTENSION_REASON = Limit(_("延期原因"), 500)  # campaigns.Extension.reason's column
# Portal: warnings explained on submission, images, the nomination form's own extras.
EXPLANATION = Limit(_("警告说明"), 2000)
FORWARD_WITHDRAW_REASON = Limit(_("撤回理由"), 500)  # deleting a forwarded nomination
IMAGE_TITLE = Limit(_("图片名称"), DISPLAY_NAME_LENGTH)  # as a file's name is cut to
HONOUR_NAME = Limit(_("荣誉名称"), 200)
EXTRA_TEXT = Limit("", 100)  # 学历, 职称/技能等级: labelled by their field
CONTACT_PERSON = Limit(_("联系人"), 50)
NOMINEE_PHONE = Limit(_("联系电话"), 20)
# The public complaint form.
COMPLAINANT_NAME = Limit(_("真实姓名"), 50)
COMPLAINANT_UNIT = Limit(_("单位名称"), 100)
COMPLAINANT_CONTACT = Limit(_("联系方式"), 200)
COMPLAINT_ABOUT = Limit(_("被举报对象"), 200)
COMPLAINT_CONTENT = Limit(_("举报内容"), 5000)
# Query parameters: a search is cut to this, never refused.
SEARCH = Limit(_("查找"), 50)

LIMITS = SimpleNamespace(
    **{name: value for name, value in globals().items() if isinstance(value, Limit)}
)


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context processor: ``limits`` for the pages' ``maxlength``."""
    return {"limits": LIMITS}


def refusal(limit: Limit, text: str, *, label: str = "") -> str | None:
    """The Chinese refusal for ``text`` over ``limit`` (counted as stripped), or None."""
    found = length_refusal(label or limit.label, text.strip(), limit.max_length)
    return None if found is None else f"{found[0]}，{found[1]}。"


def searched(text: str | None, limit: Limit = SEARCH) -> str:
    """A search parameter as a query uses it: stripped, zero-width characters removed, cut to
    its limit (a search box is no place for a refusal)."""
    return strip_zero_width(text or "").strip()[: limit.max_length]


class BoundedText(forms.CharField):
    """A text field within its limit: the input carries ``maxlength``; longer text is refused
    with the count and the limit. A name loses its zero-width characters first (as a cell
    does), so that what is counted, checked and stored is the name as it looks."""

    def __init__(self, limit: Limit, *, name: bool = False, **kwargs: Any) -> None:
        self.limit, self.is_name = limit, name
        kwargs.setdefault("label", limit.label)
        super().__init__(max_length=limit.max_length, **kwargs)
        # Refused below in the core's wording rather than Django's.
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return strip_zero_width(text).strip() if self.is_name else text

    def validate(self, value: Any) -> None:
        super().validate(value)
        # The table's name for the text; the nomination form's extras go by their field's.
        message = refusal(self.limit, value, label=str(self.limit.label or self.label or ""))
        if message is not None:
            raise forms.ValidationError(message, code="max_length")


def column_limit(column: Column) -> Limit:
    """A nomination field's limit: the core's column."""
    return Limit(column.name, column.max_length)


def column_field(column: Column, **kwargs: Any) -> BoundedText:
    return BoundedText(column_limit(column), name=column.is_name, **kwargs)
