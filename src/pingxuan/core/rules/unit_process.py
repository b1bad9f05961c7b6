"""How a unit ran its nomination: 差额 (more initial candidates than places) and the secrecy
pledge."""

from __future__ import annotations

from collections.abc import Iterator

from pingxuan.core.findings import Finding, Scope
from pingxuan.core.nominations import UnitReport
from pingxuan.core.rounds import Round, derive
from pingxuan.core.rules.context import Context


def check_differential(
    ctx: Context,
    unit: str,
    level: str | None,
    put_forward: dict[str, int],
    report: UnitReport | None,
) -> Iterator[Finding]:
    """县级以下工会（含县级）实行差额评选: initial candidates exceed those put forward.

    A recorded round (``UnitReport.rounds``) is read instead of the typed initial count: the vote
    must be valid and must have chosen at least as many as the unit puts forward.

    Clause: 三（二）.
    """
    rule = ctx.spec.rules.differential
    if level not in rule.levels:
        return
    for award_name, count in put_forward.items():
        if count == 0:
            continue
        record = report.rounds.get(award_name) if report else None
        if record is not None and ctx.spec.rounds is not None:
            yield from _check_round(ctx, unit, award_name, count, record, report)
            continue
        initial = report.initial_counts.get(award_name) if report else None
        if initial is None:
            yield from ctx.report(
                rule,
                "process.differential_unknown",
                scope=Scope.UNIT,
                award=award_name,
                unit=unit,
                rows=(report.ref,) if report and report.ref else (),
                stages=rule.unknown,
                message=f"{award_name}：未提供初始提名数，无法确认是否差额推荐",
                hint="请报告初始提名数（须多于推荐数）：填在交换工作簿“推荐单位情况”表，或网上报送页",
            )
        elif initial <= count:
            yield from ctx.report(
                rule,
                "process.differential",
                scope=Scope.UNIT,
                award=award_name,
                unit=unit,
                rows=(report.ref,) if report and report.ref else (),
                message=f"{award_name}：初始提名{initial}个，推荐{count}个，未实行差额",
                hint=f"初始提名数须多于推荐数（至少{count + 1}个），请先进行差额提名再确定推荐对象",
            )


def _check_round(
    ctx: Context,
    unit: str,
    award_name: str,
    count: int,
    record: Round,
    report: UnitReport | None,
) -> Iterator[Finding]:
    rule = ctx.spec.rules.differential
    assert ctx.spec.rounds is not None
    outcome = derive(record, places=ctx.spec.capacity(unit, award_name), rules=ctx.spec.rounds)
    rows = (report.ref,) if report and report.ref else ()
    if not outcome.valid:
        yield from ctx.report(
            rule,
            "process.round_invalid",
            scope=Scope.UNIT,
            award=award_name,
            unit=unit,
            rows=rows,
            message=f"{award_name}：差额表决记录不能确定推荐对象：{'；'.join(outcome.problems)}",
            hint="请在“差额评选”页核对并改正表决记录（或重新导入表决工作簿）",
        )
    elif count > len(outcome.chosen):
        yield from ctx.report(
            rule,
            "process.round_exceeded",
            scope=Scope.UNIT,
            award=award_name,
            unit=unit,
            rows=rows,
            message=f"{award_name}：推荐{count}个，但差额表决只产生{len(outcome.chosen)}个",
            hint=f"推荐对象须经差额表决产生：只推荐当选的{'、'.join(outcome.chosen) or '对象'}",
        )


def check_secrecy_pledge(ctx: Context, unit: str, report: UnitReport | None) -> Iterator[Finding]:
    """Every unit signs the 推荐对象脱密情况承诺书. Clause: 三（六）."""
    rule = ctx.spec.rules.secrecy
    if report is not None and report.pledge_signed:
        return
    yield from ctx.report(
        rule,
        "secrecy.pledge_missing",
        scope=Scope.UNIT,
        award=None,
        unit=unit,
        rows=(report.ref,) if report and report.ref else (),
        message=f"未签订{rule.pledge}",
        hint=(
            f"请签订{rule.pledge}，在“报送材料”页上传签字盖章的承诺书图片"
            if report is not None and report.pledge_by_upload
            else f"请签订{rule.pledge}：上传签字盖章的承诺书，"
            "或在“推荐单位情况”表“脱密承诺书”填“是”"
        ),
    )
