"""The same person, organisation or team put forward twice in one campaign. Clause: 三（四）."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pingxuan.core.findings import Finding, Scope
from pingxuan.core.nominations import Nomination
from pingxuan.core.rules.context import Context

DuplicateKey = tuple[str, ...]


def identity_key(nomination: Nomination) -> DuplicateKey | None:
    """Who the nomination is about, as far as the data can tell."""
    facts = nomination.facts
    if nomination.subject == "person":
        number = facts.get("身份证号")
        return ("身份证号", number) if number else None
    if nomination.subject == "organisation":
        code = facts.get("统一社会信用代码")
        return ("统一社会信用代码", code) if code else None
    organisation, team = facts.get("所属单位全称"), facts.get("集体名称")
    if organisation and team:
        return ("集体", "".join(str(organisation).split()), "".join(str(team).split()))
    return None


def check_duplicate(
    ctx: Context, key: DuplicateKey, nominations: Sequence[Nomination]
) -> Iterator[Finding]:
    if len(nominations) < 2:
        return
    ordered = sorted(nominations, key=lambda n: n.ref)
    units = sorted({n.unit for n in ordered})
    places = "、".join(f"{n.unit}：{n.label}" for n in ordered)
    what = {
        "身份证号": "同一人（身份证号相同）",
        "统一社会信用代码": "同一单位（统一社会信用代码相同）",
        "集体": "同一集体",
    }[key[0]]
    field = {
        "身份证号": "该身份证号",
        "统一社会信用代码": "该统一社会信用代码",
        "集体": "同一所属单位的同名集体",
    }[key[0]]
    # A unit reads this without the other units and their nominees (not published, not its own).
    across = len(units) > 1
    yield from ctx.report(
        ctx.spec.rules.duplicates,
        "identity.duplicate",
        scope=Scope.UNIT if len(units) == 1 else Scope.CITY,
        award=ordered[0].award if len({n.award for n in ordered}) == 1 else None,
        unit=units[0] if len(units) == 1 else None,
        rows=tuple(n.ref for n in ordered),
        message=f"{ordered[0].label}：{what}被重复推荐{len(ordered)}次（{places}）",
        hint=f"同一对象只能推荐一次，请保留一处（涉及：{'、'.join(units)}）",
        unit_message=f"{field}已被其他推荐单位推荐，请与主办方核实" if across else "",
        unit_hint="同一对象只能推荐一次：请与主办方核实是否重复推荐，核实后只保留一处"
        if across
        else "",
    )
