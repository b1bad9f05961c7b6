"""Findings as a clerk reads them: a Chinese text report grouped by unit, or the JSON of
RULES.md §7."""

from __future__ import annotations

import json
from datetime import date

from pingxuan.core.findings import Finding, Stage, summarise

STAGE_NAMES = {Stage.NOMINATION: "推荐阶段", Stage.FINAL: "最终名单"}
CITY = "全市"


def as_json(campaign: str, stage: Stage, as_of: date, findings: list[Finding]) -> str:
    document = {
        "campaign": campaign,
        "stage": stage.value,
        "as_of": as_of.isoformat(),
        "summary": summarise(findings),
        "findings": [finding.as_json() for finding in findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def as_text(
    title: str, stage: Stage, as_of: date, findings: list[Finding], whole: str = CITY
) -> str:
    """The report by unit; findings of the whole campaign come last under 【``whole``】."""
    counts = summarise(findings)
    lines = [
        f"{title}（{STAGE_NAMES[stage]}，参照日期 {as_of:%Y-%m-%d}）",
        f"错误 {counts['errors']} 项，警告 {counts['warnings']} 项，提示 {counts['infos']} 项",
    ]
    if not findings:
        lines.append("未发现问题。")
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.unit or whole, []).append(finding)
    for unit in sorted(groups, key=lambda u: (u == whole, u)):
        lines.append("")
        lines.append(f"【{unit}】")
        for finding in groups[unit]:
            where = "、".join(f"{r.sheet}第{r.row}行" for r in finding.rows[:5])
            if len(finding.rows) > 5:
                where += f"等{len(finding.rows)}行"
            award = f"{finding.award}｜" if finding.award else ""
            lines.append(f"  [{finding.severity.label}] {award}{finding.message}")
            lines.append(f"      处理：{finding.hint}")
            basis = "数据校验" if finding.clause == "数据" else f"通知{finding.clause}"
            lines.append(
                f"      依据：{basis}（{finding.rule}）" + (f"；位置：{where}" if where else "")
            )
    return "\n".join(lines) + "\n"
