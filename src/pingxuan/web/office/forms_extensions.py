"""The office's form for granting a deadline extension (延期)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from pingxuan.core.spec.models import Spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.limits import EXTENSION_REASON, BoundedText

ALL_UNITS = ""


class ExtensionForm(forms.Form):
    deadline = forms.ChoiceField(
        label=_("截止时间"), error_messages={"required": _("请选择要延期的截止时间。")}
    )
    unit = forms.ChoiceField(
        label=_("适用于"),
        required=False,
        help_text=_("不选单位即延期全部推荐单位。"),
    )
    new_at = forms.DateTimeField(
        label=_("延至"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        error_messages={
            "required": _("请填写延至的日期和时间，如 2026-12-31 17:30。"),
            "invalid": _("延至的时间无法识别，请按“2026-12-31 17:30”的格式填写日期和时间。"),
        },
    )
    reason = BoundedText(
        EXTENSION_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("推荐单位会在页面上看到：“已延期至……（原因）”。"),
        error_messages={"required": _("请写明延期原因：推荐单位会在页面上看到这段说明。")},
    )

    def __init__(self, *args: Any, campaign: Campaign, spec: Spec, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(spec.campaign.timezone)
        self.fields["deadline"].choices = [("", _("（请选择）"))] + [
            (d.key, d.label) for d in spec.deadlines
        ]
        self.units = {str(u.pk): u for u in Unit.objects.filter(campaign=campaign)}
        self.fields["unit"].choices = [(ALL_UNITS, _("全部推荐单位"))] + [
            (pk, unit.name) for pk, unit in self.units.items()
        ]
        self.fields["unit"].error_messages["invalid_choice"] = _("请从列表中选择推荐单位。")
        self.fields["deadline"].error_messages["invalid_choice"] = _(
            "请从列表中选择通知里的截止时间。"
        )

    def clean_new_at(self) -> Any:
        # The office types the campaign's local time (北京时间), whatever the server's zone.
        value = self.cleaned_data["new_at"]
        return value.replace(tzinfo=None).replace(tzinfo=self.zone)

    def chosen_unit(self) -> Unit | None:
        return self.units.get(self.cleaned_data.get("unit") or ALL_UNITS)
