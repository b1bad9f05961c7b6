"""The public complaint form: who complains (a person by real name, or a unit by its name), how to
reach them, whom the complaint concerns and what happened. Messages say exactly what is missing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pingxuan.web.complaints.enums import ComplainantKind
from pingxuan.web.limits import (
    COMPLAINANT_CONTACT,
    COMPLAINANT_NAME,
    COMPLAINANT_UNIT,
    COMPLAINT_ABOUT,
    COMPLAINT_CONTENT,
    BoundedText,
)

CONTENT_MIN = 20


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("举报人"),
        choices=ComplainantKind.choices,
        widget=forms.RadioSelect,
        initial=ComplainantKind.PERSON,
        error_messages={"required": _("请选择以个人还是以单位名义举报。")},
    )
    person_name = BoundedText(
        COMPLAINANT_NAME, name=True, label=_("真实姓名（个人举报）"), required=False
    )
    unit_name = BoundedText(
        COMPLAINANT_UNIT, name=True, label=_("单位名称（单位举报）"), required=False
    )
    contact = BoundedText(
        COMPLAINANT_CONTACT,
        label=_("联系方式（电话或地址）"),
        error_messages={"required": _("请填写联系方式（电话或通讯地址），以便核实情况。")},
    )
    about = BoundedText(
        COMPLAINT_ABOUT,
        name=True,
        help_text=_("推荐对象的姓名或单位名称，以及其推荐单位"),
        error_messages={"required": _("请填写被举报的推荐对象（姓名或单位名称）。")},
    )
    content = BoundedText(
        COMPLAINT_CONTENT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("请写明具体事实（如材料造假、隐瞒身份、隐瞒事故或处罚），以及可供核实的线索"),
        error_messages={"required": _("请填写举报内容。")},
    )

    def clean_content(self) -> str:
        content = self.cleaned_data["content"].strip()
        if len(content) < CONTENT_MIN:
            raise forms.ValidationError(
                _("举报内容至少%(n)d个字，请写明具体事实，以便核查。"), params={"n": CONTENT_MIN}
            )
        return content

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        # Real-name complaints only (三（三）: 实名举报); a unit names itself instead.
        if kind == ComplainantKind.PERSON and not data.get("person_name", "").strip():
            self.add_error("person_name", _("以个人名义举报，请填写真实姓名。"))
        if kind == ComplainantKind.UNIT and not data.get("unit_name", "").strip():
            self.add_error("unit_name", _("以单位名义举报，请填写单位名称。"))
        return data

    @property
    def complainant_name(self) -> str:
        data = self.cleaned_data
        field = "person_name" if data["kind"] == ComplainantKind.PERSON else "unit_name"
        return data[field].strip()
