"""A final list as the final stage counts it: who is on it, and as what.

The notice gives a leader (企业负责人, 科级领导干部) and its alternate one place (三（一）1). When
the alternate takes it, the alternate is listed, counted and printed as 综合表彰 and its leader is
out (RULES.md §7). The optimiser's ``selection.xlsx``, the office's final list page, its printed
forms, its export and the 优选 comparison all pass through ``on_final_list``, so a list counts
the same wherever it is shown and ``check --stage final`` reads back what the page counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from pingxuan.core.columns import COMPREHENSIVE
from pingxuan.core.findings import Finding, Scope, Severity
from pingxuan.core.nominations import Nomination
from pingxuan.core.spec.models import Spec


def as_comprehensive(nomination: Nomination) -> Nomination:
    """An alternate as it is listed once it takes the place (RULES.md §7)."""
    facts = {**nomination.facts, "表彰类型": COMPREHENSIVE, "备选对象序号": None}
    return replace(nomination, facts=facts)


@dataclass(frozen=True)
class FinalList:
    # The nominations in the order given, withdrawn ones left out; an alternate that took its
    # leader's place is 综合表彰. ``source[i]`` is the nomination ``nominations[i]`` stands for.
    nominations: list[Nomination]
    source: list[Nomination]
    # A leader and its alternate both on the list: one place, two people (an error at this stage).
    findings: list[Finding]


def on_final_list(spec: Spec, nominations: Iterable[Nomination]) -> FinalList:
    """``nominations`` (those the city approved) as the final stage counts them.

    An alternate whose leader is not on the list has taken the place: it becomes 综合表彰. One
    whose leader is on the list too has not (the leader holds the place); it stays 备选, so it
    counts for nothing, and the list gets an error naming both."""
    given = [n for n in nominations if not n.withdrawn]
    categories = spec.rules.leader_alternate.categories
    leaders = {
        (n.award, n.unit, n.seq): n
        for n in given
        if n.comprehensive and n.seq and n.facts.get("身份类别") in categories
    }
    listed: list[Nomination] = []
    findings: list[Finding] = []
    for nomination in given:
        if not nomination.is_alternate:
            listed.append(nomination)
            continue
        target = nomination.facts.get("备选对象序号")
        leader = leaders.get((nomination.award, nomination.unit, str(target)))
        if leader is None:
            listed.append(as_comprehensive(nomination))
            continue
        listed.append(nomination)
        findings.append(_both_listed(spec, leader, nomination))
    return FinalList(listed, given, findings)


def _both_listed(spec: Spec, leader: Nomination, alternate: Nomination) -> Finding:
    # Not a spec severity: like the optimiser's leader-or-alternate row, this is the shape of
    # the place itself, not a rule a campaign could relax.
    return Finding(
        rule="final.leader_and_alternate",
        clause=spec.rules.leader_alternate.clause,
        severity=Severity.ERROR,
        scope=Scope.NOMINEE,
        award=leader.award,
        unit=leader.unit,
        rows=(leader.ref, alternate.ref),
        message=(
            f"{leader.facts.get('身份类别')}{leader.label}和其备选对象{alternate.label}都在名单上："
            "二人只有一个名额，备选对象不计入名单"
        ),
        hint=f"只能保留其中一人：{leader.label}入选则{alternate.label}不入选，反之亦然",
    )
