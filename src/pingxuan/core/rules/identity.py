"""Is the nominee what the form says: hidden leaders, whole organisations, the 涉敏 answer."""

from __future__ import annotations

from collections.abc import Iterator

from pingxuan.core.findings import Finding, Scope
from pingxuan.core.nominations import Nomination
from pingxuan.core.rules.context import Context


def check_hidden_identity(ctx: Context, nomination: Nomination) -> Iterator[Finding]:
    """职务 names a leader while the category says worker: 疑似隐瞒身份. Clause: 三（四）."""
    rule = ctx.spec.rules.hidden_identity
    title = nomination.facts.get("职务")
    if nomination.subject != "person" or not title:
        return
    if not ctx.leader_keywords.search(title):  # most titles name no leader: one regex settles it
        return
    keyword = next((k for k in ctx.spec.eligibility.leader_keywords if k in title), None)
    if keyword and ctx.expression(rule.declared_as)(nomination.facts):
        category = nomination.facts.get("身份类别") or "一线职工"
        yield from ctx.report(
            rule,
            "identity.hidden_leader",
            scope=Scope.NOMINEE,
            award=nomination.award,
            unit=nomination.unit,
            rows=(nomination.ref,),
            message=f"{nomination.label}：职务“{title}”含“{keyword}”，却按“{category}”申报，疑似隐瞒身份",
            hint="如实为负责人，请按“企业负责人”或“科级领导干部”申报并推荐备选；确非负责人请在职务中写清",
        )


def check_whole_organisation_team(ctx: Context, nomination: Nomination) -> Iterator[Finding]:
    """先锋号授予所属的部门、车间、工段、班组、科室等，不授予整个单位. Clause: 一."""
    rule = ctx.spec.rules.whole_organisation_team
    if nomination.subject == "team" and nomination.facts.get("集体类型") == rule.team_type:
        yield from ctx.report(
            rule,
            "identity.whole_organisation_team",
            scope=Scope.NOMINEE,
            award=nomination.award,
            unit=nomination.unit,
            rows=(nomination.ref,),
            message=f"{nomination.label}：工人先锋号不授予{rule.team_type}",
            hint="请推荐单位所属的部门、车间、工段、班组或科室；整个单位可申报五一劳动奖状",
        )


def check_sensitive_answered(ctx: Context, nomination: Nomination) -> Iterator[Finding]:
    """各单位须明确涉敏对象；未明确的视为可对外发布. Clause: 三（六）."""
    rule = ctx.spec.rules.secrecy
    if nomination.facts.get("涉敏") is None and not any(
        problem.column == "涉敏" for problem in nomination.problems
    ):
        yield from ctx.report(
            rule,
            "secrecy.sensitive_unanswered",
            scope=Scope.NOMINEE,
            award=nomination.award,
            unit=nomination.unit,
            rows=(nomination.ref,),
            stages=rule.unanswered,
            message=f"{nomination.label}：未明确是否涉敏，将视为可对外公示和宣传",
            hint="请在“涉敏”一栏填写“是”或“否”",
        )
