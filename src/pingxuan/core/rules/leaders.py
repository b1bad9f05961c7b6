"""Leaders and their alternates:
凡推荐企业负责人或科级干部的，必须同时推荐1名同类别一线职工作为备选."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pingxuan.core.findings import Finding, Scope
from pingxuan.core.nominations import Nomination
from pingxuan.core.rules.context import Context


def check_leader_alternates(
    ctx: Context,
    unit: str,
    award: str,
    nominations: Sequence[Nomination],
    withdrawn: Sequence[Nomination] = (),
) -> Iterator[Finding]:
    """Each leader has exactly one front-line alternate of the same unit. Clause: 三（一）1.
    ``withdrawn`` are the unit's failed or revoked nominations of the award: an alternate whose
    leader is among them is told that the place is cancelled, not that its number is wrong."""
    rule = ctx.spec.rules.leader_alternate
    if ctx.severity(rule.severity) is None:
        return
    categories = set(rule.categories)
    frontline = ctx.expression(rule.alternate)
    every_leader = [
        n for n in nominations if n.comprehensive and n.facts.get("身份类别") in categories
    ]
    leaders = {n.seq: n for n in every_leader if n.seq}
    gone = {
        n.seq: n
        for n in withdrawn
        if n.seq and n.comprehensive and n.facts.get("身份类别") in categories
    }
    alternates_of: dict[str, list[Nomination]] = {seq: [] for seq in leaders}

    def report(
        rule_id: str, nomination: Nomination, message: str, hint: str
    ) -> tuple[Finding, ...]:
        return ctx.report(
            rule,
            rule_id,
            scope=Scope.NOMINEE,
            award=award,
            unit=unit,
            rows=(nomination.ref,),
            message=f"{nomination.label}：{message}",
            hint=hint,
        )

    for alternate in (n for n in nominations if n.is_alternate):
        target = alternate.facts.get("备选对象序号")
        if not target:
            yield from report(
                "leader.alternate_unlinked",
                alternate,
                "备选对象未填写“备选对象序号”",
                "请填写其对应的企业负责人或科级领导干部的序号",
            )
        elif target not in leaders and target in gone:
            leader = gone[target]
            yield from ctx.report(
                rule,
                "leader.alternate_place_cancelled",
                scope=Scope.NOMINEE,
                award=award,
                unit=unit,
                rows=(alternate.ref,),
                message=(
                    f"{alternate.label}：所对应的{leader.facts.get('身份类别')}"
                    f"{leader.label}（序号{target}）未通过审核或已被撤销，该名额作废，备选对象不递补"
                ),
                hint="无需修改：按通知三（四），作废的名额不得递补或重报；撤销或未通过的理由见该推荐对象",
                stages=rule.cancelled,
                clause="三（四）",
            )
        elif target not in leaders:
            yield from report(
                "leader.alternate_unlinked",
                alternate,
                f"备选对象序号“{target}”在本单位找不到对应的企业负责人或科级领导干部",
                "备选须与其对应的负责人属同一推荐单位，请核对序号",
            )
        else:
            alternates_of[target].append(alternate)
            if not frontline(alternate.facts):
                yield from report(
                    "leader.alternate_not_frontline",
                    alternate,
                    "备选对象不是一线职工",
                    "备选须为同类别的一线职工，请更换备选对象或核对其身份类别",
                )

    for leader in every_leader:
        if leader.seq is None:  # nothing can name it as its alternate's leader
            yield from report(
                "leader.alternate_missing",
                leader,
                f"推荐{leader.facts.get('身份类别')}未填写序号，无法对应备选",
                "请填写序号，并增加1名同类别一线职工作为备选（表彰类型填“备选”）",
            )
            continue
        seq = leader.seq
        linked = alternates_of[seq]
        category = leader.facts.get("身份类别")
        if not linked:
            yield from report(
                "leader.alternate_missing",
                leader,
                f"推荐{category}未同时推荐备选，按规定取消该名额",
                f"请增加1名同类别一线职工，表彰类型填“备选”，备选对象序号填“{seq}”",
            )
        for extra in linked[1:]:
            yield from report(
                "leader.alternate_extra",
                extra,
                f"{category}（序号{seq}）已有备选，每人只能有1名备选",
                "请删除多余的备选对象",
            )
