"""What a nominee must have done: contests held, a contribution area, honours, 职代会 approval."""

from __future__ import annotations

from collections.abc import Iterator

from pingxuan.core.columns import TRUE
from pingxuan.core.findings import Finding, Scope
from pingxuan.core.nominations import Nomination
from pingxuan.core.rules.context import Context


def _nominee(
    ctx: Context,
    rule_name: str,
    rule_id: str,
    nomination: Nomination,
    message: str,
    hint: str,
    form_hint: str = "",
) -> Iterator[Finding]:
    rule = getattr(ctx.spec.rules, rule_name)
    yield from ctx.report(
        rule,
        rule_id,
        scope=Scope.NOMINEE,
        award=nomination.award,
        unit=nomination.unit,
        rows=(nomination.ref,),
        message=f"{nomination.label}：{message}",
        hint=hint,
        form_hint=form_hint,
    )


def check_skill_competition(ctx: Context, nomination: Nomination) -> Iterator[Finding]:
    """奖状 and 先锋号 subjects must have held 劳动和技能竞赛. Clause: 三（一）5."""
    if nomination.award not in ctx.spec.rules.skill_competition.awards:
        return
    held = nomination.facts.get("开展劳动和技能竞赛")
    if held is None:
        # A blank cell says nothing yet: ask for the answer rather than call it "not held". An
        # unreadable one is the data rule's finding already.
        if "开展劳动和技能竞赛" not in _bad(nomination):
            yield from _nominee(
                ctx,
                "skill_competition",
                "eligibility.skill_competition",
                nomination,
                "“开展劳动和技能竞赛”未填写",
                "请填“是”或“否”：奖状和先锋号的推荐对象须开展过劳动和技能竞赛",
            )
        return
    if held != TRUE:
        yield from _nominee(
            ctx,
            "skill_competition",
            "eligibility.skill_competition",
            nomination,
            "未开展劳动和技能竞赛，不能作为推荐对象",
            "如已开展，请在“开展劳动和技能竞赛”填“是”；否则请更换推荐对象",
        )


def check_contribution(ctx: Context, nomination: Nomination) -> Iterator[Finding]:
    """At least one of the contribution areas of clause 二 is named."""
    if not nomination.facts.get("贡献领域") and "贡献领域" not in _bad(nomination):
        count = len(ctx.spec.contribution_areas)
        yield from _nominee(
            ctx,
            "contribution",
            "merit.contribution_area",
            nomination,
            "未填写贡献领域",
            f"请在“贡献领域”填写符合的条件序号（1–{count}），多个用“、”分隔",
            "请在“贡献领域”勾选符合的条件（可多选）",
        )


def check_honour(ctx: Context, nomination: Nomination) -> Iterator[Finding]:
    """原则上具有区县（市）级以上综合性荣誉基础. Clause: 二."""
    levels = ctx.spec.vocabulary.honour_levels
    minimum = ctx.spec.rules.honour.min_level
    level = nomination.facts.get("荣誉级别")
    if level is None and "荣誉级别" in _bad(nomination):
        return
    if level is None or levels.index(level) > levels.index(minimum):
        accepted = "、".join(levels[: levels.index(minimum) + 1])
        yield from _nominee(
            ctx,
            "honour",
            "merit.honour_level",
            nomination,
            f"没有{minimum}以上综合性荣誉基础（原则上应具备）",
            f"如有{accepted}综合性荣誉，请在“荣誉级别”填写最高一级；否则请说明推荐理由",
        )


def check_repeat_honour(ctx: Context, nomination: Nomination) -> Iterator[Finding]:
    """已获市级荣誉的，如无新的突出贡献，原则上不重复授予. Clause: 一."""
    years = nomination.facts.get("曾获市级荣誉年份")
    if years and not nomination.facts.get("新的突出贡献"):
        listed = "、".join(str(year) for year in years)
        yield from _nominee(
            ctx,
            "repeat_honour",
            "merit.repeat_honour",
            nomination,
            f"已于{listed}年获得本项荣誉，未写明新的突出贡献",
            "请在“新的突出贡献”写明获奖后的新贡献；没有则原则上不再推荐",
        )


def check_congress(ctx: Context, nomination: Nomination) -> Iterator[Finding]:
    """须经职代会（或其授权的联席会议）审议通过. Clause: 三（二）."""
    when = nomination.facts.get("职代会审议日期")
    if when is None and "职代会审议日期" not in _bad(nomination):
        yield from _nominee(
            ctx,
            "congress",
            "process.congress_approval",
            nomination,
            "未填写职代会审议日期",
            "请填写所在单位职代会（或其授权的联席会议）审议通过的日期；尚未审议的须先审议",
        )
    elif when is not None and when > ctx.reference_date:
        yield from _nominee(
            ctx,
            "congress",
            "process.congress_approval",
            nomination,
            f"职代会审议日期{when:%Y-%m-%d}晚于{ctx.reference_date:%Y-%m-%d}",
            "推荐对象须在报送前经职代会审议通过，请核对日期",
        )


def _bad(nomination: Nomination) -> set[str]:
    return {problem.column for problem in nomination.problems}
