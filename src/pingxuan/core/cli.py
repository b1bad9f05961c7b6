"""`pingxuan check | template | export … | select`: the command line of the core (no Django).

Exit status of ``check``: 0 no error, 1 at least one error, 2 the file cannot be checked.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import date
from pathlib import Path

from pingxuan.core.documents.procedure import NAMES as PROCEDURE_DOCUMENTS
from pingxuan.core.documents.procedure import NOTICE_STATEMENT, REPORT
from pingxuan.core.documents.round_docs import NAMES as ROUND_DOCUMENTS
from pingxuan.core.findings import Finding, Severity, Stage
from pingxuan.core.gcpause import gc_paused
from pingxuan.core.report import as_json, as_text
from pingxuan.core.rules.engine import Checker
from pingxuan.core.spec.loader import SpecError, campaigns_dir, load_spec, resolve_campaign
from pingxuan.core.spec.models import Spec
from pingxuan.core.workbook import WorkbookError, read_workbook

DEFAULT_CAMPAIGN = "zhengzhou-2024"
EXIT_OK, EXIT_ERRORS, EXIT_UNCHECKABLE = 0, 1, 2


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNCHECKABLE, f"参数错误：{message}\n")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”应写作 YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="pingxuan", description="评选：工会劳动奖项推荐评选")
    commands = parser.add_subparsers(dest="command", required=True)

    check_cmd = commands.add_parser("check", help="按通知规则检查推荐交换工作簿")
    check_cmd.add_argument("workbook", type=Path, help="交换工作簿（.xlsx）")
    check_cmd.add_argument(
        "--campaign",
        help="评选活动编号或配置文件路径（默认按工作簿的奖项工作表判断）",
    )
    check_cmd.add_argument(
        "--stage",
        choices=[s.value for s in Stage],
        default="nomination",
        help="nomination：推荐阶段（默认）；final：市级最终名单",
    )
    check_cmd.add_argument("--as-of", type=_date, help="参照日期（默认为初审截止日）")
    check_cmd.add_argument("--format", choices=["text", "json"], default="text")
    check_cmd.add_argument(
        "--units-only",
        action="store_true",
        help="工作簿只是活动的一部分（如县里向市里报送的推荐对象）：按各推荐单位的名额和逐个推荐对象"
        "检查，全活动的比例和奖项总数留给主办方汇总后检查",
    )

    spec_cmd = commands.add_parser("spec", help="校验评选活动配置文件并显示摘要")
    spec_cmd.add_argument("campaign", help="评选活动编号或配置文件路径")

    template_cmd = commands.add_parser("template", help="生成空白交换工作簿（含下拉选项）")
    template_cmd.add_argument("out", type=Path, help="输出文件（.xlsx）")
    template_cmd.add_argument("--campaign", default=DEFAULT_CAMPAIGN)
    template_cmd.add_argument("--unit", help="只供某一推荐单位填写")

    export_cmd = commands.add_parser("export", help="由交换工作簿生成正式表格")
    documents = export_cmd.add_subparsers(dest="document", required=True)
    summary_cmd = documents.add_parser(
        "summary", help="推荐对象情况汇总表（.xlsx，按姓氏笔画排序，可打印盖章）"
    )
    summary_cmd.add_argument("workbook", type=Path, help="交换工作簿（.xlsx）")
    summary_cmd.add_argument("--campaign", default=DEFAULT_CAMPAIGN)
    summary_cmd.add_argument("--award", required=True, help="奖项名称，如 五一劳动奖章")
    summary_cmd.add_argument("--unit", help="只列某一推荐单位（默认全市）")
    summary_cmd.add_argument("--out", type=Path, required=True, help="输出文件（.xlsx）")

    for kind, name in PROCEDURE_DOCUMENTS.items():
        procedure_cmd = documents.add_parser(kind, help=f"{name}（.docx，一个推荐单位）")
        procedure_cmd.add_argument("workbook", type=Path, help="交换工作簿（.xlsx）")
        procedure_cmd.add_argument("--campaign", default=DEFAULT_CAMPAIGN)
        procedure_cmd.add_argument("--unit", required=True, help="推荐单位")
        procedure_cmd.add_argument("--out", type=Path, required=True, help="输出文件（.docx）")
        if kind in (REPORT, NOTICE_STATEMENT):
            procedure_cmd.add_argument("--notice-start", type=_date, help="本单位公示开始日期")
            procedure_cmd.add_argument("--notice-end", type=_date, help="本单位公示结束日期")
            procedure_cmd.add_argument("--notice-place", default="", help="公示地点或网址")
            procedure_cmd.add_argument(
                "--objections", type=int, help="公示期间收到的反映件数（0 即未收到异议）"
            )

    for kind, name in ROUND_DOCUMENTS.items():
        round_cmd = documents.add_parser(
            kind, help=f"{name}（.docx，一个推荐单位，每个奖项一页；读差额表决工作簿）"
        )
        round_cmd.add_argument("workbook", type=Path, help="差额表决工作簿（.xlsx）")
        round_cmd.add_argument("--campaign", default=DEFAULT_CAMPAIGN)
        round_cmd.add_argument("--unit", required=True, help="推荐单位")
        round_cmd.add_argument("--award", help="只写某一奖项（默认工作簿里的全部奖项）")
        round_cmd.add_argument("--out", type=Path, required=True, help="输出文件（.docx）")

    select_cmd = commands.add_parser("select", help="按通知规则和评审分数优选最终名单")
    select_cmd.add_argument("workbook", type=Path, help="交换工作簿（.xlsx）")
    select_cmd.add_argument("--campaign", default=DEFAULT_CAMPAIGN)
    select_cmd.add_argument(
        "--scores",
        type=Path,
        required=True,
        help="评审分数表（.xlsx 或 .csv：奖项、推荐单位、序号、分数）",
    )
    select_cmd.add_argument("--out", type=Path, required=True, help="输出目录")
    select_cmd.add_argument(
        "--must", action="append", default=[], metavar="奖项:推荐单位:序号", help="必选（可多次）"
    )
    select_cmd.add_argument(
        "--must-not",
        action="append",
        default=[],
        metavar="奖项:推荐单位:序号",
        help="不选（可多次）",
    )
    select_cmd.add_argument("--as-of", type=_date, help="参照日期（默认为初审截止日）")
    select_cmd.add_argument(
        "--allow-fewer", action="store_true", help="允许少于奖项总数（默认须选满）"
    )

    audit_cmd = commands.add_parser("audit", help="网站审计记录")
    audit_actions = audit_cmd.add_subparsers(dest="action", required=True)
    audit_actions.add_parser(
        "verify", help="校验审计记录哈希链（使用网站的数据库设置，如 DATABASE_URL）"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "spec":
        return _spec_summary(args.campaign)
    if args.command == "audit":
        return _audit_verify()
    if args.command == "check" and args.campaign is None:
        return _check_matched(args)
    try:
        spec = load_spec(args.campaign)
    except SpecError as exc:
        print(f"无法加载评选活动配置：{exc}", file=sys.stderr)
        return EXIT_UNCHECKABLE
    if args.command == "template":
        if args.unit and args.unit not in spec.unit_names():
            print(f"推荐单位“{args.unit}”不在{spec.campaign.title}的名额分配表中", file=sys.stderr)
            return EXIT_UNCHECKABLE
        from pingxuan.core.template import write_template  # openpyxl: 50 ms to import

        write_template(spec, args.out, unit=args.unit)
        print(f"已生成交换模板：{args.out}")
        return EXIT_OK
    if args.command == "export":
        if args.document in PROCEDURE_DOCUMENTS:
            return _export_procedure(args, spec)
        if args.document in ROUND_DOCUMENTS:
            return _export_round(args, spec)
        return _export_summary(args, spec)
    if args.command == "select":
        from pingxuan.core.select.command import run_select  # highspy: loaded only here

        return run_select(args, spec)
    return _check(args, spec)


def _export_summary(args: argparse.Namespace, spec: Spec) -> int:
    from pingxuan.core.documents.summary_xlsx import write_summary_xlsx
    from pingxuan.core.documents.tables import summary_table

    if args.award not in {award.name for award in spec.awards}:
        names = "、".join(award.name for award in spec.awards)
        print(f"奖项“{args.award}”不在{spec.campaign.title}中（可选：{names}）", file=sys.stderr)
        return EXIT_UNCHECKABLE
    if args.unit and args.unit not in spec.unit_names():
        print(f"推荐单位“{args.unit}”不在{spec.campaign.title}的名额分配表中", file=sys.stderr)
        return EXIT_UNCHECKABLE
    try:
        workbook = read_workbook(args.workbook, spec)
        table = summary_table(spec, args.award, workbook.nominations, unit=args.unit)
    except WorkbookError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNCHECKABLE
    write_summary_xlsx(table, args.out)
    print(f"已生成{table.title}（{table.count}个推荐对象）：{args.out}")
    return EXIT_OK


def _export_procedure(args: argparse.Namespace, spec: Spec) -> int:
    """推荐评选工作情况报告, 脱密承诺书, 职代会决议 or 公示情况说明 of one unit, as Word."""
    from pingxuan.core.calendar import CalendarUnknownYear, WorkingCalendar
    from pingxuan.core.documents.procedure import NoticeFacts, procedure_document
    from pingxuan.core.documents.procedure_word import procedure_docx

    if args.unit not in spec.unit_names():
        print(f"推荐单位“{args.unit}”不在{spec.campaign.title}的名额分配表中", file=sys.stderr)
        return EXIT_UNCHECKABLE
    start, end = getattr(args, "notice_start", None), getattr(args, "notice_end", None)
    days = None
    if start and end:
        if end < start:
            print(
                "公示结束日期早于开始日期，请检查 --notice-start 和 --notice-end", file=sys.stderr
            )
            return EXIT_UNCHECKABLE
        try:
            days = WorkingCalendar().working_days(start, end)
        except CalendarUnknownYear as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_UNCHECKABLE
    notice = NoticeFacts(
        start=start,
        end=end,
        working_days=days,
        place=getattr(args, "notice_place", ""),
        objections=getattr(args, "objections", None),
    )
    try:
        workbook = read_workbook(args.workbook, spec)
        report = next((r for r in workbook.reports if r.unit == args.unit), None)
        doc = procedure_document(
            args.document, spec, args.unit, workbook.nominations, report, notice
        )
    except WorkbookError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNCHECKABLE
    args.out.write_bytes(procedure_docx(doc))
    count = sum(1 for n in workbook.nominations if n.unit == args.unit and not n.withdrawn)
    print(f"已生成{args.unit}{doc.name}（{count}个推荐对象）：{args.out}")
    return EXIT_OK


def _export_round(args: argparse.Namespace, spec: Spec) -> int:
    """初始提名名单, 计票结果 or 审议决议 of one unit, from its 差额 round workbook, as Word."""
    from pingxuan.core.documents.procedure_word import procedure_docx
    from pingxuan.core.documents.round_docs import round_document
    from pingxuan.core.rounds_workbook import read_round_workbook

    if args.unit not in spec.unit_names():
        print(f"推荐单位“{args.unit}”不在{spec.campaign.title}的名额分配表中", file=sys.stderr)
        return EXIT_UNCHECKABLE
    awards = tuple(a.name for a in spec.awards if spec.capacity(args.unit, a.name))
    if args.award and args.award not in awards:
        print(
            f"{args.unit}没有奖项“{args.award}”的名额（有：{'、'.join(awards) or '无'}）",
            file=sys.stderr,
        )
        return EXIT_UNCHECKABLE
    try:
        sheets = read_round_workbook(args.workbook, (args.award,) if args.award else awards)
    except WorkbookError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNCHECKABLE
    problems = [f"{sheet.award}：{p}" for sheet in sheets for p in sheet.problems]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return EXIT_UNCHECKABLE
    records = [sheet.round for sheet in sheets if sheet.round is not None]
    doc = round_document(args.document, spec, args.unit, records)
    args.out.write_bytes(procedure_docx(doc))
    print(f"已生成{args.unit}{doc.name}（{len(records)}个奖项）：{args.out}")
    return EXIT_OK


def _audit_verify() -> int:
    """The chain lives in the site's database: the site's own command checks it, in a process of
    its own, so that the core never loads Django. Exit 0 whole, 1 broken (first row named)."""
    command = [sys.executable, "-m", "pingxuan.web.manage", "audit_verify"]
    return subprocess.run(command, check=False).returncode


def _spec_summary(campaign: str) -> int:
    try:
        spec = load_spec(campaign)
    except SpecError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNCHECKABLE
    print(f"{spec.campaign.title}（{spec.campaign.id}，{spec.campaign.document_number}）")
    for award in spec.awards:
        how = (
            f"总盘子，每单位最多{award.per_unit_max}个"
            if award.allocation == "pool"
            else f"分配到{sum(1 for u in spec.units if award.name in u.places)}个单位"
        )
        print(f"  {award.name}：{award.total}个（{how}）")
    print(
        f"  推荐单位：{len(spec.units)}个；比例规则：{len(spec.ratios)}条；"
        f"参照日期：{spec.reference_date():%Y-%m-%d}"
    )
    if spec.parent is not None and not _parent_summary(spec, str(resolve_campaign(campaign))):
        return EXIT_UNCHECKABLE
    print("配置有效。")
    return EXIT_OK


def _parent_summary(spec: Spec, file: str) -> bool:
    """A child spec checked against its ancestors found in the campaigns folder (the same
    ``layers.chain`` the web runs on load); False when it does not fit."""
    from pingxuan.core.spec.layers import LayerError, chain

    assert spec.parent is not None
    missing: list[str] = []
    broken: list[str] = []

    def parent(campaign_id: str) -> Spec | None:
        path = campaigns_dir() / f"{campaign_id}.toml"
        if not path.exists():
            missing.append(campaign_id)
            return None
        try:
            return load_spec(path)
        except SpecError as exc:
            broken.append(str(exc))
            return None

    try:
        ancestors = chain(spec, parent)[1:]
    except LayerError as exc:
        if missing:
            print(
                f"  上级活动：{missing[0]}（{campaigns_dir()} 中没有它的配置文件，未对照上级检查；"
                "载入网站时 load_child_campaign 会对照已载入的上级活动检查）"
            )
            return True
        for line in broken:
            print(f"上级活动的配置无法加载：{line}", file=sys.stderr)
        if not broken:
            where = file if exc.campaign == spec.campaign.id else exc.campaign
            for path, reason in exc.issues:
                print(f"{where}: {path}: {reason}", file=sys.stderr)
        return False
    link = spec.parent
    forward = "、".join(f"{award}{places.total}个" for award, places in link.forward.items())
    print(f"  上级活动：{ancestors[0].campaign.title}的推荐单位“{link.unit}”，向上报送{forward}")
    if len(ancestors) > 1:
        print(f"  上级链：{' → '.join(a.campaign.id for a in ancestors)}，已逐级对照检查")
    else:
        print("  已对照上级活动检查名额和预留名额")
    return True


def _check_matched(args: argparse.Namespace) -> int:
    """``check`` without --campaign: the campaign whose award sheets the workbook has."""
    from pingxuan.core.matching import NoMatchingCampaign, match_campaign

    try:
        match = match_campaign(args.workbook)
    except (NoMatchingCampaign, WorkbookError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNCHECKABLE
    # The report's first line (text) or its "campaign" (JSON) names the campaign used.
    return _check(args, match.spec)


@gc_paused()  # a command that ends when the check does leaves its few cycles to the exit
def _check(args: argparse.Namespace, spec) -> int:  # type: ignore[no-untyped-def]
    from pingxuan.core.matching import unknown_sheets

    stage = Stage(args.stage)
    as_of = args.as_of or spec.reference_date()
    checker = Checker(spec, stage, as_of)
    try:
        # Each sheet is checked row by row while the next one is still being parsed.
        workbook = read_workbook(args.workbook, spec, on_sheet=checker.precheck)
    except WorkbookError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNCHECKABLE
    findings = checker.load(workbook.nominations, workbook.reports).findings()
    if args.units_only:
        waiting = [f for f in findings if _campaign_wide(f)]
        findings = [f for f in findings if not _campaign_wide(f)]
        if waiting:
            print(
                f"另有{len(waiting)}项{spec.campaign.whole_name}比例或奖项总数的检查结果未列出"
                f"（--units-only）：这些由主办方在{spec.campaign.whole_name}汇总后检查",
                file=sys.stderr,
            )
    for sheet in unknown_sheets(args.workbook, spec):
        print(
            f"工作表“{sheet}”不是{spec.campaign.title}的奖项（奖项："
            f"{'、'.join(a.name for a in spec.awards)}），未检查；请核对工作表名称或评选活动",
            file=sys.stderr,
        )
    if args.format == "json":
        sys.stdout.write(as_json(spec.campaign.id, stage, as_of, findings) + "\n")
    else:
        sys.stdout.write(
            as_text(
                f"{spec.campaign.title}：{args.workbook.name}",
                stage,
                as_of,
                findings,
                spec.campaign.whole_name,
            )
        )
    has_error = any(f.severity == Severity.ERROR for f in findings)
    return EXIT_ERRORS if has_error else EXIT_OK


def _campaign_wide(finding: Finding) -> bool:
    """A sum over the whole campaign (a city-wide ratio, an award's total): a part of the
    campaign, such as a county's forwarded nominees, cannot meet it on its own."""
    return finding.unit is None and (
        finding.rule.startswith("ratio.") or finding.rule == "quota.award_total"
    )


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
