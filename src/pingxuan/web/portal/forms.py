"""The nomination form: built from the exchange workbook's columns (core.columns) and the
campaign's vocabulary, so that a form, an import row and the core read the same cells.

Every field is checked by the core's own cell parser, so the form refuses exactly what the rules
engine could not read, with the same Chinese message. ID numbers are shown masked: the edit form
carries ``6 digits + ******** + 4`` and keeps the stored number unless the clerk types a new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pingxuan.core.cells import build_parsers
from pingxuan.core.columns import (
    ALTERNATE,
    COMPREHENSIVE,
    FALSE,
    NOT_APPLICABLE,
    REQUIRED_VALUES,
    SPECIAL,
    TRUE,
    Column,
    Kind,
    sheet_columns,
)
from pingxuan.core.findings import RowRef
from pingxuan.core.identifiers import mask_id_number
from pingxuan.core.nominations import NominationBuilder
from pingxuan.core.spec.expressions import compile_expression, parse
from pingxuan.core.spec.models import Award, Spec
from pingxuan.web.limits import (
    CONTACT_PERSON,
    EXTRA_TEXT,
    HONOUR_NAME,
    NOMINEE_PHONE,
    BoundedText,
    column_field,
)
from pingxuan.web.nominations.domain.adapt import highest_honour_level, negative_records_text
from pingxuan.web.nominations.domain.edit import HonourInput, NominationInput
from pingxuan.web.nominations.models import Nomination

# Columns the form does not ask for: the row itself knows them (序号, 推荐单位), the kind and
# leader fields below carry 表彰类型 and 备选对象序号, the records formset carries 负面记录.
DERIVED_COLUMNS = frozenset({"序号", "推荐单位", "表彰类型", "备选对象序号", "负面记录"})
LONG_TEXT = frozenset({"简要事迹", "新的突出贡献"})
SENSITIVE_COLUMN = "涉敏"
ID_COLUMN = "身份证号"
PHONE = "联系电话"
CONTACT = "联系人"

# What a unit fills besides the exchange columns; stored in Nomination.extra under these names.
EXTRA_PERSON = ("学历", "职称/技能等级", "参加工作时间", PHONE)
EXTRA_GROUP = (CONTACT, PHONE)
EXTRA_DATES = frozenset({"参加工作时间"})

_PHONE = re.compile(r"^[0-9+\-（）() ]{7,20}$")
CHOOSE = gettext_lazy("请选择")


def mask_phone(number: str) -> str:
    """138****5678: enough to recognise a number on a list, not enough to ring it."""
    digits = number.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def award_for_subject(spec: Spec, subject: str) -> Award | None:
    return next((award for award in spec.awards if award.subject == subject), None)


def leader_categories(spec: Spec) -> frozenset[str]:
    """The categories whose nominee needs an alternate (三（一）1)."""
    return frozenset(spec.rules.leader_alternate.categories)


def needs_negatives(spec: Spec, award: Award) -> bool:
    """Whether the award's nominees can carry 负面记录 at all (organisations, 企业负责人)."""
    return award.name in spec.rules.negative_record.applies


# ── cells ↔ form values ──────────────────────────────────────────────────


def _split(text: str) -> list[str]:
    return [part for part in re.split(r"[、，,；;\s]+", text) if part]


def cell_text(column: Column, value: Any, spec: Spec) -> str:
    """A form value as the exchange workbook writes it (是/否, 、-joined lists, ISO dates)."""
    if value in (None, "", [], ()):
        return ""
    if column.kind == Kind.TAGS:
        order = list(getattr(spec.vocabulary, column.vocabulary or ""))
        return "、".join(sorted(value, key=lambda tag: order.index(tag) if tag in order else 99))
    if column.kind == Kind.AREAS:
        return "、".join(str(number) for number in sorted(int(v) for v in value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def initial_value(column: Column, text: str, parser: Any) -> Any:
    """A stored cell as the form field shows it."""
    if column.kind in (Kind.TAGS, Kind.AREAS):
        return _split(text)
    if column.kind == Kind.MONTH:
        parsed, problem = parser(text)
        return f"{parsed:%Y-%m}" if parsed and not problem else text
    if column.kind == Kind.DATE:
        parsed, problem = parser(text)
        return parsed.isoformat() if parsed and not problem else text
    return text


# ── the form ─────────────────────────────────────────────────────────────


class NominationForm(forms.Form):
    """One nomination of ``award``; its fields are the award's exchange columns in their order."""

    def __init__(
        self,
        *args: Any,
        spec: Spec,
        award: Award,
        leaders: list[Nomination],
        nomination: Nomination | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.spec, self.award, self.nomination = spec, award, nomination
        self.columns = [
            c for c in sheet_columns(award.subject, spec.columns) if c.name not in DERIVED_COLUMNS
        ]
        self.parsers = build_parsers(spec, tuple(self.columns))
        self.stored_id = str(nomination.cells.get(ID_COLUMN, "")) if nomination else ""
        self.leaders = {str(leader.pk): leader for leader in leaders}
        if award.subject == "person":
            self._add_kind_fields()
        required = set(REQUIRED_VALUES[award.subject])
        cells = nomination.cells if nomination else {}
        for column in self.columns:
            field = self._field(column, required=column.name in required)
            stored = cells.get(column.name)
            if column.kind == Kind.ID_NUMBER and self.stored_id:
                field.initial = mask_id_number(self.stored_id)
            elif isinstance(stored, str) and stored:
                field.initial = initial_value(column, stored, self.parsers[column.name])
            self.fields[column.name] = field
        extras = EXTRA_PERSON if award.subject == "person" else EXTRA_GROUP
        stored_extra = nomination.extra if nomination else {}
        for name in extras:
            self.fields[name] = self._extra_field(name)
            if stored_extra.get(name):
                self.fields[name].initial = stored_extra[name]
        say_what_is_missing(self)

    # ── fields ──────────────────────────────────────────────────────────
    def _add_kind_fields(self) -> None:
        choices = [(COMPREHENSIVE, _("综合表彰（占本单位名额）"))]
        if self.award.special_track:
            choices.append(
                (
                    SPECIAL,
                    _("%(track)s（不占名额、不计比例）") % {"track": self.award.special_track},
                )
            )
        choices.append((ALTERNATE, _("备选（企业负责人或科级领导干部的备选）")))
        self.fields["kind"] = forms.ChoiceField(
            label=_("表彰类型"), choices=choices, initial=COMPREHENSIVE
        )
        leader_choices = [("", CHOOSE)] + [
            (
                pk,
                _("%(seq)s号 %(name)s（%(category)s）")
                % {
                    "seq": leader.seq,
                    "name": leader.display_name,
                    "category": leader.cells.get("身份类别", ""),
                },
            )
            for pk, leader in self.leaders.items()
        ]
        self.fields["leader"] = forms.ChoiceField(
            label=_("备选对应的负责人"),
            choices=leader_choices,
            required=False,
            help_text=_("表彰类型为“备选”时必选：本单位同一奖项的企业负责人或科级领导干部"),
        )
        if self.nomination is not None:
            self.fields["kind"].initial = self.nomination.kind
            if self.nomination.alternate_of_id:
                self.fields["leader"].initial = str(self.nomination.alternate_of_id)

    def _field(self, column: Column, *, required: bool) -> forms.Field:
        label = column.name
        kind = column.kind
        if column.name == SENSITIVE_COLUMN:
            # Answered on purpose every time: no default, or an unanswered 涉敏 would read as 否.
            return forms.ChoiceField(
                label=label,
                choices=[(TRUE, TRUE), (FALSE, FALSE)],
                widget=forms.RadioSelect,
                required=True,
                help_text=_("是否属于涉密、涉敏对象；须明确回答，不设默认值"),
                error_messages={"required": _("请明确回答是否涉敏")},
            )
        if kind == Kind.ENUM and column.choices:  # a column the spec declares (spec.columns)
            return self._select(label, list(column.choices), required)
        if kind == Kind.ENUM:
            values = list(getattr(self.spec.vocabulary, column.vocabulary or ""))
            field = self._select(label, values, required)
            if column.vocabulary == "honour_levels":
                field.help_text = _("填写了下方荣誉清单的，按清单中最高的综合性荣誉确定")
            return field
        if kind == Kind.BOOL:
            return self._select(label, [TRUE, FALSE], required)
        if kind == Kind.BOOL_NA:
            return self._select(label, [TRUE, FALSE, NOT_APPLICABLE], required)
        if kind == Kind.TAGS:
            values = list(getattr(self.spec.vocabulary, column.vocabulary or ""))
            return forms.MultipleChoiceField(
                label=label,
                choices=[(v, v) for v in values],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        if kind == Kind.AREAS:
            return forms.MultipleChoiceField(
                label=label,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[
                    (str(area.number), f"{area.number}. {area.text}")
                    for area in self.spec.contribution_areas
                ],
                help_text=_("通知第二部分所列条件，可多选"),
            )
        if kind == Kind.DATE:
            return forms.DateField(
                label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
            )
        if kind == Kind.MONTH:
            return column_field(
                column,
                label=label,
                required=required,
                widget=forms.TextInput(attrs={"type": "month", "placeholder": "1985-10"}),
            )
        if kind == Kind.ID_NUMBER:
            return column_field(
                column,
                label=label,
                required=required,
                widget=forms.TextInput(
                    attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "text"}
                ),
            )
        if kind == Kind.YEARS:
            return column_field(
                column,
                label=label,
                required=False,
                help_text=_("曾获市五一劳动奖或市工人先锋号的年份，多个用“、”分隔，如 2019、2022"),
            )
        if column.name in LONG_TEXT:
            return column_field(
                column, label=label, required=required, widget=forms.Textarea(attrs={"rows": 4})
            )
        return column_field(column, label=label, required=required)

    @staticmethod
    def _select(label: str, values: list[str], required: bool) -> forms.ChoiceField:
        return forms.ChoiceField(
            label=label, required=required, choices=[("", CHOOSE), *((v, v) for v in values)]
        )

    @staticmethod
    def _extra_field(name: str) -> forms.Field:
        if name in EXTRA_DATES:
            return forms.DateField(
                label=name, required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
        if name == PHONE:
            return BoundedText(
                NOMINEE_PHONE,
                required=False,
                widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            )
        if name == CONTACT:
            return BoundedText(CONTACT_PERSON, name=True, required=False)
        return BoundedText(EXTRA_TEXT, label=name, required=False)

    # ── checking ────────────────────────────────────────────────────────
    def _id_from(self, typed: str) -> str:
        """The stored number while the field still shows its mask; otherwise what was typed."""
        typed = typed.strip().upper()
        if self.stored_id and typed == mask_id_number(self.stored_id):
            return self.stored_id
        return typed

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for column in self.columns:
            if column.name not in cleaned or column.name in self.errors:
                continue
            value = cleaned[column.name]
            if column.kind == Kind.ID_NUMBER and value:
                value = cleaned[column.name] = self._id_from(value)
            text = cell_text(column, value, self.spec)
            if not text:
                continue
            _value, problem = self.parsers[column.name](text)
            if problem:
                self.add_error(column.name, f"{problem[0]}。{problem[1]}")
        phone = cleaned.get(PHONE)
        if phone and not _PHONE.match(phone):
            self.add_error(PHONE, _("联系电话只能包含数字、+、- 和括号，7–20 位"))
        if self.award.subject == "person" and cleaned.get("kind") == ALTERNATE:
            if not cleaned.get("leader"):
                self.add_error("leader", _("请选择该备选对应的企业负责人或科级领导干部"))
            elif cleaned["leader"] not in self.leaders:
                self.add_error("leader", _("所选负责人不在本单位的推荐对象中"))
        return cleaned

    # ── what to store ───────────────────────────────────────────────────
    def cells(self) -> dict[str, str]:
        """The cleaned form as exchange cells."""
        return {
            c.name: cell_text(c, self.cleaned_data.get(c.name), self.spec) for c in self.columns
        }

    def raw_cells(self) -> dict[str, str]:
        """The unchecked form as exchange cells, for the live check: the core judges them."""
        data = self.data
        cells: dict[str, str] = {}
        for column in self.columns:
            if column.kind in (Kind.TAGS, Kind.AREAS):
                value: Any = data.getlist(column.name) if hasattr(data, "getlist") else []
            else:
                value = str(data.get(column.name, "")).strip()
                if column.kind == Kind.ID_NUMBER and value:
                    value = self._id_from(value)
            cells[column.name] = cell_text(column, value, self.spec)
        return cells

    def extra(self) -> dict[str, str]:
        names = EXTRA_PERSON if self.award.subject == "person" else EXTRA_GROUP
        values = {}
        for name in names:
            value = self.cleaned_data.get(name)
            values[name] = value.isoformat() if isinstance(value, date) else (value or "")
        return values

    def kind(self, *, raw: bool = False) -> str:
        if self.award.subject != "person":
            return COMPREHENSIVE
        source = self.data if raw else self.cleaned_data
        value = source.get("kind") or COMPREHENSIVE
        return value if value in (COMPREHENSIVE, SPECIAL, ALTERNATE) else COMPREHENSIVE

    def leader(self, *, raw: bool = False) -> Nomination | None:
        if self.kind(raw=raw) != ALTERNATE:
            return None
        source = self.data if raw else self.cleaned_data
        return self.leaders.get(str(source.get("leader") or ""))

    def to_input(
        self, honours: list[HonourInput], negatives: list[tuple[str, date]] | None
    ) -> NominationInput:
        cells = self.cells()
        if honours:
            # Stored as the adapter will derive it, so the form shows what the rules read.
            cells["荣誉级别"] = highest_honour_level(
                self.spec, ((h.level, h.comprehensive) for h in honours)
            )
        if negatives is not None and self.negatives_apply(cells):
            # Written out like an imported row, so that an export shows 无 rather than a blank.
            cells["负面记录"] = negative_records_text(negatives)
        return NominationInput(
            self.award.name,
            kind=self.kind(),
            cells=cells,
            extra=self.extra(),
            honours=honours,
            negatives=negatives,
            alternate_of=self.leader(),
        )

    def negatives_apply(self, cells: dict[str, str]) -> bool:
        """Whether the five-year rule applies to this nominee, as the spec's condition says."""
        source = self.spec.rules.negative_record.applies.get(self.award.name)
        if source is None:
            return False
        facts = NominationBuilder(self.spec, self.award).build(RowRef(self.award.name, 0), cells)
        return bool(compile_expression(parse(source))(facts.facts))

    # ── layout ──────────────────────────────────────────────────────────
    def groups(self) -> list[FieldGroup]:
        """The fields cut into fieldsets without reordering the exchange columns: each group
        starts at one of ``GROUP_STARTS``; the unit's extra fields close the first group."""
        groups: list[FieldGroup] = []
        if "kind" in self.fields:
            groups.append(FieldGroup("kind", _("表彰类型"), [self["kind"], self["leader"]]))
        current = FieldGroup("basic", _("基本信息"), [])
        groups.append(current)
        first = current
        for column in self.columns:
            start = GROUP_STARTS.get(column.name)
            if column.choices:  # the spec's own columns come last, in a fieldset of their own
                start = ("declared", _("本评选另需填写"))
            if start is not None and start[0] != current.key:
                key, title = start
                if key == "union" and self.award.subject == "person":
                    title = _("所在企业基本情况（身份类别为企业负责人时填写）")
                current = FieldGroup(key, title, [])
                groups.append(current)
            current.fields.append(self[column.name])
        first.fields.extend(
            self[name]
            for name in self.fields
            if name not in {c.name for c in self.columns} | {"kind", "leader"}
        )
        return groups


@dataclass
class FieldGroup:
    key: str  # basic | category | union | honours | other | kind: the template adds formsets
    title: str
    fields: list[forms.BoundField]


GROUP_STARTS = {
    "单位性质": ("category", gettext_lazy("性质、类别与贡献")),
    "已建工会": ("union", gettext_lazy("工会工作基本情况")),
    "荣誉级别": ("honours", gettext_lazy("荣誉与职代会审议")),
    "跨区域农民工": ("other", gettext_lazy("其他")),
    "涉敏": ("other", gettext_lazy("其他")),
}


def say_what_is_missing(form: forms.Form, where: str = "") -> None:
    """Each field's "required" error names the field and what to do (请选择“性别”, 请填写“姓名”),
    instead of Django's 这个字段是必填项 that leaves the clerk to find which one; a date says
    its format. ``where`` names the row of a list (荣誉), since its fields share their labels."""
    for field in form.fields.values():
        if field.error_messages["required"] != forms.Field.default_error_messages["required"]:
            continue  # a message of its own (涉敏)
        label = f"{where}{field.label}"
        choose = isinstance(field, forms.ChoiceField | forms.BooleanField)
        field.error_messages["required"] = (
            _("请选择“%(label)s”") if choose else _("请填写“%(label)s”")
        ) % {"label": label}
        if isinstance(field, forms.DateField):
            field.error_messages["invalid"] = _("“%(label)s”请填写有效日期，如 2024-03-01") % {
                "label": label
            }


# ── honours and negative records: one row each ──────────────────────────


class HonourForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("级别"))
    name = BoundedText(HONOUR_NAME)
    year = forms.IntegerField(label=gettext_lazy("获得年份"), min_value=1949)
    comprehensive = forms.BooleanField(
        label=gettext_lazy("综合性荣誉"), required=False, initial=True
    )

    def __init__(self, *args: Any, levels: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", CHOOSE), *((v, v) for v in levels)]
        self.fields["year"].max_value = timezone.localdate().year
        self.fields["year"].widget.attrs.update(
            {"max": timezone.localdate().year, "inputmode": "numeric"}
        )
        say_what_is_missing(self, _("荣誉的"))

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("获得年份不能晚于今年"))
        return year


class NegativeForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类型"))
    date = forms.DateField(
        label=gettext_lazy("发生日期"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", CHOOSE), *((v, v) for v in types)]
        say_what_is_missing(self, _("负面记录的"))


HonourFormSet = forms.formset_factory(HonourForm, extra=1, can_delete=True, max_num=30)
NegativeFormSet = forms.formset_factory(NegativeForm, extra=1, can_delete=True, max_num=30)


def honour_formset(
    spec: Spec, data: Any = None, nomination: Nomination | None = None
) -> forms.BaseFormSet:
    initial = None
    if nomination is not None and data is None:
        initial = [
            {"level": h.level, "name": h.name, "year": h.year, "comprehensive": h.comprehensive}
            for h in nomination.honours.all()
        ]
    return HonourFormSet(
        data,
        prefix="honours",
        initial=initial,
        form_kwargs={"levels": spec.vocabulary.honour_levels[:-1]},
    )


def negative_formset(
    spec: Spec, data: Any = None, nomination: Nomination | None = None
) -> forms.BaseFormSet:
    initial = None
    if nomination is not None and data is None:
        initial = [{"kind": r.kind, "date": r.date} for r in nomination.negative_records.all()]
    return NegativeFormSet(
        data,
        prefix="negatives",
        initial=initial,
        form_kwargs={"types": spec.eligibility.negative_record_types},
    )


def kept(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The rows of a valid formset that the clerk filled and did not tick for deletion."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def honours_of(formset: forms.BaseFormSet) -> list[HonourInput]:
    return [
        HonourInput(row["level"], row["name"], row["year"], bool(row["comprehensive"]))
        for row in kept(formset)
    ]


def negatives_of(formset: forms.BaseFormSet) -> list[tuple[str, date]]:
    return [(row["kind"], row["date"]) for row in kept(formset)]


def valid_rows(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """Like ``kept`` but for an unchecked formset: the rows that are valid on their own."""
    rows = []
    for form in formset.forms:
        if form.has_changed() and form.is_valid() and not form.cleaned_data.get("DELETE"):
            rows.append(form.cleaned_data)
    return rows
