"""Forms of the office's notices pages: a notice's frame, an evidence upload, calendar entries."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.limits import (
    CALENDAR_NOTE,
    CHANNEL_ADDRESS,
    CHANNEL_MAILBOX,
    CHANNEL_PHONE,
    CHANNEL_TEXT,
    CORRECTION_NOTE,
    IMAGE_TITLE,
    NOTICE_CONTACT,
    NOTICE_PHONE,
    NOTICE_TITLE,
    BoundedText,
)
from pingxuan.web.notices.domain.notices import NoticeInput, levels
from pingxuan.web.notices.models import EvidenceKind

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NoticeForm(forms.Form):
    level = forms.ChoiceField(label=_("公示层级"))
    unit = forms.ModelChoiceField(
        label=_("发布单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("（主办方发布的公示不选）"),
    )
    title = BoundedText(NOTICE_TITLE)
    start = forms.DateField(label=_("公示开始日期"), widget=DATE_INPUT)
    end = forms.DateField(label=_("公示结束日期"), widget=DATE_INPUT)
    contact_person = BoundedText(NOTICE_CONTACT, name=True)
    contact_phone = BoundedText(NOTICE_PHONE)
    channel_phone = BoundedText(CHANNEL_PHONE, required=False)
    channel_mailbox = BoundedText(CHANNEL_MAILBOX, required=False)
    channel_address = BoundedText(CHANNEL_ADDRESS, required=False)
    channel_text = BoundedText(
        CHANNEL_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, campaign: Campaign, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        spec_levels = levels(campaign)
        self.fields["level"].choices = [(lv.key, lv.name) for lv in spec_levels]
        notes = []
        for level in spec_levels:
            if level.key == "county":
                notes.append(
                    _("%(level)s只能由%(units)s推荐单位发布")
                    % {"level": level.name, "units": "、".join(level.published_by)}
                )
            elif level.key == "city":
                self.fields["unit"].empty_label = _("（%(level)s不选）") % {"level": level.name}  # type: ignore[attr-defined]
                notes.append(_("%(level)s不选发布单位") % {"level": level.name})
        # Which unit publishes which level comes from the spec (publicity.levels).
        self.level_note = "；".join(str(note) for note in notes) + ("。" if notes else "")
        self.fields["unit"].queryset = Unit.objects.filter(campaign=campaign)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        channels = ("channel_phone", "channel_mailbox", "channel_address", "channel_text")
        if not any(data.get(name) for name in channels):
            # 三（三）1: a notice tells the public where to report.
            raise forms.ValidationError(_("请至少填写一种举报渠道（电话、邮箱、地址或说明）。"))
        return data

    def notice_input(self) -> NoticeInput:
        data = self.cleaned_data
        return NoticeInput(
            level=data["level"],
            unit=data["unit"],
            title=data["title"].strip(),
            start=data["start"],
            end=data["end"],
            contact_person=data["contact_person"].strip(),
            contact_phone=data["contact_phone"].strip(),
            channel_phone=data["channel_phone"].strip(),
            channel_mailbox=data["channel_mailbox"].strip(),
            channel_address=data["channel_address"].strip(),
            channel_text=data["channel_text"].strip(),
        )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=EvidenceKind.choices)
    title = BoundedText(IMAGE_TITLE, required=False)
    # Empty files are refused by the image pipeline, in its words.
    file = forms.FileField(label=_("图片文件"), allow_empty_file=True)


class CalendarDayForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE_INPUT)
    is_working_day = forms.TypedChoiceField(
        label=_("这一天是"),
        choices=[("1", _("工作日（调休上班）")), ("0", _("休息日（节假日）"))],
        coerce=lambda value: value == "1",
    )
    note = BoundedText(CALENDAR_NOTE, required=False)


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    note = BoundedText(CALENDAR_NOTE, required=False)


class CheckerForm(forms.Form):
    start = forms.DateField(label=_("公示开始日期"), widget=DATE_INPUT)


class CorrectionForm(forms.Form):
    """A 更正公示 of a published notice: why, and its own period (at least the minimum working
    days, checked on publication like any notice)."""

    note = BoundedText(
        CORRECTION_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("公开显示在更正公示上：写明更正的原因和内容，不要写入涉敏对象的信息。"),
    )
    start = forms.DateField(label=_("公示开始日期"), widget=DATE_INPUT)
    end = forms.DateField(label=_("公示结束日期"), widget=DATE_INPUT)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("结束日期不能早于开始日期。"))
        return data
