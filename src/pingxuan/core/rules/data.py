"""Data validity (数据): unreadable cells, blanks where a value is needed, ID numbers that
disagree."""

from __future__ import annotations

from collections.abc import Iterator

from pingxuan.core.columns import REQUIRED_VALUES, Kind, column
from pingxuan.core.findings import Finding, Scope
from pingxuan.core.identifiers import id_birth_date, id_gender
from pingxuan.core.nominations import Nomination, UnitReport
from pingxuan.core.rules.context import Context
from pingxuan.core.spec.models import StageSeverity
from pingxuan.core.strokes import missing_characters, unknown_characters

_RULE_BY_KIND = {
    Kind.ID_NUMBER: "data.id_number",
    Kind.CREDIT_CODE: "data.credit_code",
    Kind.DATE: "data.date",
    Kind.MONTH: "data.date",
}


def check_cells(ctx: Context, nomination: Nomination) -> Iterator[Finding]:
    """A cell that cannot be read is an error of its own row only. Clause: 数据."""
    if nomination.readable:  # the common case, asked once rather than cell by cell
        return
    rule = ctx.spec.rules.data
    for problem in nomination.problems:
        spec_column = column(nomination.subject, problem.column)
        rule_id = _RULE_BY_KIND.get(spec_column.kind, "data.value") if spec_column else "data.value"
        yield from ctx.report(
            rule,
            rule_id,
            scope=Scope.NOMINEE,
            award=nomination.award,
            unit=nomination.unit,
            rows=(nomination.ref,),
            message=f"{nomination.label}：{problem.message}",
            hint=problem.hint,
        )
    bad = {problem.column for problem in nomination.problems}
    for name in REQUIRED_VALUES[nomination.subject]:
        if nomination.facts.get(name) is None and name not in bad:
            yield from ctx.report(
                rule,
                "data.required",
                scope=Scope.NOMINEE,
                award=nomination.award,
                unit=nomination.unit,
                rows=(nomination.ref,),
                message=f"{nomination.label}：“{name}”未填写",
                hint=f"请填写“{name}”",
            )


# A name the stroke data cannot place still prints, at its fallback place: a warning at every stage.
ORDER_WARNING = StageSeverity(nomination="warning", final="warning")
ORDERED_NAMES = {
    "person": ("姓名",),
    "team": ("所属单位全称", "集体名称"),
    "organisation": ("单位全称",),
}


def check_name_orderable(ctx: Context, nomination: Nomination) -> Iterator[Finding]:
    """A name with a character without stroke data (Extension B and later, a 造字, a Latin letter
    in a person's name) is listed after the names the data can place; say so. Clause: 数据."""
    for column_name in ORDERED_NAMES.get(nomination.subject, ()):
        text = nomination.facts.get(column_name)
        if not isinstance(text, str):
            continue
        person = column_name == "姓名"
        unknown = unknown_characters(text) if person else missing_characters([text])
        if not unknown:
            continue
        listed = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in unknown)
        yield from ctx.report(
            ctx.spec.rules.data,
            "data.stroke_unknown",
            scope=Scope.NOMINEE,
            award=nomination.award,
            unit=nomination.unit,
            rows=(nomination.ref,),
            message=f"{nomination.label}：“{column_name}”中的{listed}没有笔画数据，"
            "名单照常生成，按笔画排序时该字排在一切有笔画数据的字之后",
            hint="如是错字、拼音字母或从别处粘贴的字形，请改为正确的规范汉字；"
            "如确是本人姓名用字，可以不改，报送时说明即可",
            stages=ORDER_WARNING,
        )


def check_id_agrees(ctx: Context, nomination: Nomination) -> Iterator[Finding]:
    """出生年月 and 性别 must agree with the ID number (a typo in one of them). Clause: 数据."""
    number = nomination.facts.get("身份证号")
    if nomination.subject != "person" or not number:
        return
    differences = []
    birth, declared = id_birth_date(number), nomination.facts.get("出生年月")
    if birth and declared and (birth.year, birth.month) != (declared.year, declared.month):
        differences.append(f"出生年月{declared:%Y-%m}与身份证号中的{birth:%Y-%m}不一致")
    gender = nomination.facts.get("性别")
    if gender and gender != id_gender(number):
        differences.append(f"性别“{gender}”与身份证号不一致")
    if differences:
        rule = ctx.spec.rules.data
        yield from ctx.report(
            rule,
            "data.id_mismatch",
            scope=Scope.NOMINEE,
            award=nomination.award,
            unit=nomination.unit,
            rows=(nomination.ref,),
            message=f"{nomination.label}：{'；'.join(differences)}",
            hint="请核对身份证原件，改正身份证号、出生年月或性别",
        )


def check_report_cells(ctx: Context, report: UnitReport) -> Iterator[Finding]:
    """Unreadable cells of the 推荐单位情况 sheet. Clause: 数据."""
    for problem in report.problems:
        yield from ctx.report(
            ctx.spec.rules.data,
            "data.value",
            scope=Scope.UNIT,
            award=None,
            unit=report.unit,
            rows=(report.ref,) if report.ref else (),
            message=f"{report.unit}：{problem.message}",
            hint=problem.hint,
        )
