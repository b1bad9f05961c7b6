"""Who may not be put forward at all: union basics, the five-year negative list, consent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pingxuan.core.columns import NOT_APPLICABLE, TRUE
from pingxuan.core.findings import Finding, Scope
from pingxuan.core.nominations import Nomination
from pingxuan.core.rules.context import Context


def _applies(ctx: Context, applies: dict[str, str], nomination: Nomination) -> bool:
    source = applies.get(nomination.award)
    return source is not None and ctx.predicate(source)(nomination.facts)


def check_union_basics(ctx: Context, nomination: Nomination) -> Iterator[Finding]:
    """未组建工会、拖欠拒缴会费、应建未建职代会和集体合同、劳动关系不和谐的不得申报.

    Clause: 三（三）3.
    """
    rule = ctx.spec.rules.union_basics
    if not _applies(ctx, rule.applies, nomination):
        return
    subject = "所在企业" if nomination.subject == "person" else "该单位"
    for requirement in rule.required:
        value = nomination.facts.get(requirement)
        if value == TRUE or (value == NOT_APPLICABLE and requirement in rule.may_be_not_applicable):
            continue
        if value is None:
            choices = (
                "“是”“否”或“不适用”" if requirement in rule.may_be_not_applicable else "“是”或“否”"
            )
            message, hint = f"{subject}“{requirement}”未填写", f"请在“{requirement}”填写{choices}"
        else:
            message = f"{subject}“{requirement}”为“{value}”，不得申报"
            hint = "不符合申报基本条件，请更换推荐对象"
        yield from ctx.report(
            rule,
            "eligibility.union_basics",
            scope=Scope.NOMINEE,
            award=nomination.award,
            unit=nomination.unit,
            rows=(nomination.ref,),
            message=f"{nomination.label}：{message}",
            hint=hint,
        )


def years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def check_negative_record(ctx: Context, nomination: Nomination) -> Iterator[Finding]:
    """Ineligible while the reference date is within five years of an incident.

    Clause: 三（三）3.
    """
    rule = ctx.spec.rules.negative_record
    records = nomination.facts.get("负面记录")
    if not records or not _applies(ctx, rule.applies, nomination):
        return
    years = ctx.spec.eligibility.look_back_years
    for kind, when in records:
        until = years_later(when, years)
        if ctx.reference_date < until:
            yield from ctx.report(
                rule,
                "eligibility.negative_record",
                scope=Scope.NOMINEE,
                award=nomination.award,
                unit=nomination.unit,
                rows=(nomination.ref,),
                message=f"{nomination.label}：{when:%Y-%m-%d}发生{kind}，{years}年内不得申报",
                hint=f"{until:%Y-%m-%d}后方可申报，请更换推荐对象",
            )


def check_cross_region(ctx: Context, nomination: Nomination) -> Iterator[Finding]:
    """跨区域农民工须征得对方同意. Clause: 三（三）2."""
    consent = nomination.facts.get("对方同意")
    if nomination.facts.get("跨区域农民工") == TRUE and consent != TRUE:
        # A blank cell asks for the answer; only a written 否 says consent is missing.
        message, hint = (
            ("跨区域农民工“对方同意”未填写", "请填写“对方同意”：已征得同意填“是”")
            if consent is None
            else (
                "跨区域农民工未征得对方同意",
                "请征得户籍所在地或工作所在地工会同意后，在“对方同意”填“是”",
            )
        )
        yield from ctx.report(
            ctx.spec.rules.cross_region,
            "eligibility.cross_region_consent",
            scope=Scope.NOMINEE,
            award=nomination.award,
            unit=nomination.unit,
            rows=(nomination.ref,),
            message=f"{nomination.label}：{message}",
            hint=hint,
        )
