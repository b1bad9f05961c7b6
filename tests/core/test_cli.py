"""`pingxuan check`: exit status, the JSON of RULES.md §7, the text report, --stage and --as-of."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pingxuan.core.cli import main
from pingxuan.core.columns import COLUMNS_BY_SUBJECT
from pingxuan.core.spec.loader import campaigns_dir
from pingxuan.core.spec.models import Spec
from tests.core.helpers import BADGE, MEDAL, TEAM, excel_row, first_row, write_sheet
from tests.factories.campaign import Rows, write_workbook

CONSOLE_SCRIPT = Path(sys.executable).with_name("pingxuan")
ALLOWED_CLAUSES = {
    "一",
    "二",
    "三（一）1",
    "三（一）2",
    "三（一）3",
    "三（一）4",
    "三（一）5",
    "三（二）",
    "三（三）1",
    "三（三）2",
    "三（三）3",
    "三（四）",
    "三（六）",
    "四",
    "附件",
    "附件说明1",
    "附件说明2",
    "附件说明3",
    "数据",
}
FINDING_KEYS = ["rule", "clause", "severity", "scope", "award", "unit", "rows", "message", "hint"]


def _check_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    status = main(["check", *argv, "--format", "json"])
    return status, json.loads(capsys.readouterr().out)


def _with_leader_record(rows: Rows, record: str) -> str:
    """Give the first 企业负责人's enterprise a negative record; returns the leader's name."""
    index = first_row(rows, MEDAL, 身份类别="企业负责人")
    rows[MEDAL][index]["负面记录"] = record
    return rows[MEDAL][index]["姓名"]


# ── exit status ──────────────────────────────────────────────────────────


def test_check_compliant_workbook_exits_0(
    capsys: pytest.CaptureFixture[str], compliant_workbook: Path
) -> None:
    status = main(["check", str(compliant_workbook)])

    captured = capsys.readouterr()
    assert status == 0
    assert captured.out.splitlines() == [
        "2024年郑州市五一劳动奖和郑州市工人先锋号推荐评选：推荐汇总.xlsx"
        "（推荐阶段，参照日期 2024-03-20）",
        "错误 0 项，警告 0 项，提示 0 项",
        "未发现问题。",
    ]
    assert captured.err == ""


def test_check_workbook_with_an_error_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    rows[TEAM][0]["开展劳动和技能竞赛"] = "否"
    path = write_workbook(tmp_path / "汇总.xlsx", spec, rows)

    status, document = _check_json(capsys, str(path))

    assert status == 1
    assert [(f["rule"], f["rows"]) for f in document["findings"]] == [
        ("eligibility.skill_competition", [{"sheet": TEAM, "row": 2}]),
    ]


def test_check_warnings_alone_exit_0(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    rows[BADGE][0]["荣誉级别"] = "无"
    path = write_workbook(tmp_path / "汇总.xlsx", spec, rows)

    status, document = _check_json(capsys, str(path))

    assert status == 0
    assert document["summary"] == {"errors": 0, "warnings": 1, "infos": 0}


def test_check_not_a_workbook_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_text("不是工作簿", encoding="utf-8")

    status = main(["check", str(path)])

    captured = capsys.readouterr()
    assert status == 2
    assert captured.err == (
        "名单.xlsx：不是 Excel 工作簿（.xlsx），请上传用 Excel 保存的 .xlsx 文件\n"
    )
    assert captured.out == ""


def test_check_missing_column_exits_2_naming_file_sheet_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, rows: Rows
) -> None:
    header = [c.name for c in COLUMNS_BY_SUBJECT["team"] if c.name != "集体类型"]
    lines = [[row.get(name) or None for name in header] for row in rows[TEAM]]
    path = write_sheet(tmp_path / "先锋号.xlsx", {TEAM: [header, *lines]})

    status = main(["check", str(path)])

    captured = capsys.readouterr()
    assert status == 2
    assert captured.err == (
        "先锋号.xlsx：工作表“工人先锋号”缺少列“集体类型”（第1行应为表头，可下载模板对照）\n"
    )


def test_check_unknown_campaign_exits_2(
    capsys: pytest.CaptureFixture[str], compliant_workbook: Path
) -> None:
    status = main(["check", str(compliant_workbook), "--campaign", "nope"])

    captured = capsys.readouterr()
    assert status == 2
    assert captured.err == (
        f"无法加载评选活动配置：{campaigns_dir() / 'nope.toml'}: 找不到评选活动配置文件\n"
    )
    assert captured.out == ""


def test_check_campaign_may_be_a_spec_path(
    capsys: pytest.CaptureFixture[str], compliant_workbook: Path
) -> None:
    spec_file = campaigns_dir() / "zhengzhou-2024.toml"

    status, document = _check_json(capsys, str(compliant_workbook), "--campaign", str(spec_file))

    assert (status, document["campaign"]) == (0, "zhengzhou-2024")


def test_check_bad_as_of_is_an_argument_error_exiting_2(
    capsys: pytest.CaptureFixture[str], compliant_workbook: Path
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["check", str(compliant_workbook), "--as-of", "2024/06/02"])

    assert raised.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "参数错误：argument --as-of: 日期“2024/06/02”应写作 YYYY-MM-DD"
    )


def test_console_script_compliant_workbook_exits_0(compliant_workbook: Path) -> None:
    completed = subprocess.run(
        [str(CONSOLE_SCRIPT), "check", str(compliant_workbook)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )

    assert (completed.returncode, completed.stderr) == (0, "")
    assert completed.stdout.splitlines()[-1] == "未发现问题。"


def test_console_script_not_a_workbook_exits_2_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "旧表.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))

    completed = subprocess.run(
        [str(CONSOLE_SCRIPT), "check", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )

    assert completed.returncode == 2
    assert completed.stderr == "旧表.xls：这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再上传\n"
    assert completed.stdout == ""


def test_console_script_missing_column_exits_2_without_traceback(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    path = write_workbook(tmp_path / "缺列.xlsx", spec, rows, drop_columns=["推荐单位"])

    # Without 推荐单位 the workbook cannot tell zhengzhou-2024 from its child zhongmu-2024 (the
    # same award sheets), so the campaign is named.
    completed = subprocess.run(
        [
            str(CONSOLE_SCRIPT),
            "check",
            str(path),
            "--campaign",
            "zhengzhou-2024",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )

    assert completed.returncode == 2
    assert completed.stderr == (
        "缺列.xlsx：工作表“五一劳动奖状”缺少列“推荐单位”（第1行应为表头，可下载模板对照）\n"
    )
    assert completed.stdout == ""


# ── the JSON document ────────────────────────────────────────────────────


@pytest.fixture
def troubled_workbook(tmp_path: Path, spec: Spec, rows: Rows) -> Path:
    """One breach of many different rules, across units and awards."""
    medals, badges, teams = rows[MEDAL], rows[BADGE], rows[TEAM]
    _with_leader_record(rows, "拖欠工资:2022-01-10")
    medals[1]["跨区域农民工"] = "是"
    medals[2]["性别"] = "未知"
    medals[3]["贡献领域"] = ""
    medals[4]["职代会审议日期"] = ""
    medals[6]["身份证号"] = medals[7]["身份证号"]
    medals[6]["出生年月"] = medals[7]["出生年月"]
    medals[6]["性别"] = medals[7]["性别"]
    medals[8]["职务"] = "总经理"
    badges[0]["开展劳动和技能竞赛"] = "否"
    badges[1]["已建工会"] = "否"
    teams[0]["集体类型"] = "整个单位"
    teams[1]["是否企业一线班组"] = "否"
    rows["推荐单位情况"][3]["脱密承诺书"] = "否"
    rows["推荐单位情况"][4]["奖章初始提名人数"] = "1"
    return write_workbook(tmp_path / "问题.xlsx", spec, rows)


def test_check_json_has_exactly_the_documented_shape(
    capsys: pytest.CaptureFixture[str], troubled_workbook: Path
) -> None:
    status, document = _check_json(capsys, str(troubled_workbook))

    assert status == 1
    assert list(document) == ["campaign", "stage", "as_of", "summary", "findings"]
    assert (document["campaign"], document["stage"], document["as_of"]) == (
        "zhengzhou-2024",
        "nomination",
        "2024-03-20",
    )
    assert list(document["summary"]) == ["errors", "warnings", "infos"]
    assert [list(finding) for finding in document["findings"]] == (
        [FINDING_KEYS] * len(document["findings"])
    )
    assert {
        "errors": sum(f["severity"] == "error" for f in document["findings"]),
        "warnings": sum(f["severity"] == "warning" for f in document["findings"]),
        "infos": sum(f["severity"] == "info" for f in document["findings"]),
    } == document["summary"]


def test_check_json_values_are_from_the_documented_lists(
    capsys: pytest.CaptureFixture[str], troubled_workbook: Path
) -> None:
    _, document = _check_json(capsys, str(troubled_workbook))
    findings = document["findings"]

    assert {f["clause"] for f in findings} <= ALLOWED_CLAUSES
    assert {f["severity"] for f in findings} <= {"error", "warning", "info"}
    assert {f["scope"] for f in findings} == {"nominee", "unit", "city"}
    assert {f["award"] for f in findings} <= {BADGE, MEDAL, TEAM, None}
    assert all(isinstance(f["message"], str) and f["message"] for f in findings)
    assert all(isinstance(f["hint"], str) and f["hint"] for f in findings)
    assert all(
        set(ref) == {"sheet", "row"} and isinstance(ref["row"], int) and ref["row"] >= 2
        for f in findings
        for ref in f["rows"]
    )


def test_check_json_reports_each_breach_with_its_clause(
    capsys: pytest.CaptureFixture[str], troubled_workbook: Path
) -> None:
    _, document = _check_json(capsys, str(troubled_workbook))

    rules = sorted({(f["rule"], f["clause"]) for f in document["findings"]})

    assert rules == [
        ("data.value", "数据"),
        ("eligibility.cross_region_consent", "三（三）2"),
        ("eligibility.negative_record", "三（三）3"),
        ("eligibility.skill_competition", "三（一）5"),
        ("eligibility.union_basics", "三（三）3"),
        ("identity.duplicate", "三（四）"),
        ("identity.hidden_leader", "三（四）"),
        ("identity.whole_organisation_team", "一"),
        ("merit.contribution_area", "二"),
        ("process.congress_approval", "三（二）"),
        ("process.differential", "三（二）"),
        ("quota.reserved_unfilled", "附件"),
        ("quota.unit_unplaced", "附件"),
        ("secrecy.pledge_missing", "三（六）"),
    ]


def test_every_clause_of_the_2024_spec_is_a_documented_clause(spec: Spec) -> None:
    rule_clauses = {rule["clause"] for rule in spec.rules.model_dump().values()}
    ratio_clauses = {clause for ratio in spec.ratios for clause in (ratio.clause, *ratio.see_also)}

    assert rule_clauses | ratio_clauses <= ALLOWED_CLAUSES


# ── --stage ──────────────────────────────────────────────────────────────


def test_check_final_stage_requires_the_badge_pool_to_be_cut_to_30(
    capsys: pytest.CaptureFixture[str], compliant_workbook: Path
) -> None:
    status, document = _check_json(capsys, str(compliant_workbook), "--stage", "final")

    assert status == 1
    assert document["stage"] == "final"
    assert document["findings"] == [
        {
            "rule": "quota.award_total",
            "clause": "一",
            "severity": "error",
            "scope": "city",
            "award": BADGE,
            "unit": None,
            "rows": [],
            "message": "五一劳动奖状共74个，超过总数30个",
            "hint": "需减少44个",
        }
    ]


def test_check_nomination_stage_lets_units_put_forward_more_badges_than_30(
    capsys: pytest.CaptureFixture[str], compliant_workbook: Path
) -> None:
    status, document = _check_json(capsys, str(compliant_workbook))

    assert (status, document["stage"], document["findings"]) == (0, "nomination", [])


# ── --as-of ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (None, 1),  # the 初审 deadline, 2024-03-20
        ("2024-03-20", 1),
        ("2024-05-31", 1),
        ("2024-06-01", 0),  # five years have passed on the anniversary
        ("2024-06-02", 0),
    ],
)
def test_check_as_of_moves_the_five_year_window(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    spec: Spec,
    rows: Rows,
    as_of: str | None,
    expected: int,
) -> None:
    _with_leader_record(rows, "安全生产事故:2019-06-01")
    path = write_workbook(tmp_path / "负面.xlsx", spec, rows)

    status, document = _check_json(capsys, str(path), *(["--as-of", as_of] if as_of else []))

    negative = [f for f in document["findings"] if f["rule"] == "eligibility.negative_record"]
    assert (status, len(negative)) == (expected, expected)
    assert document["as_of"] == (as_of or "2024-03-20")


def test_check_negative_record_finding_names_date_and_way_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    name = _with_leader_record(rows, "安全生产事故:2019-06-01")
    index = first_row(rows, MEDAL, 身份类别="企业负责人")
    path = write_workbook(tmp_path / "负面.xlsx", spec, rows)

    _, document = _check_json(capsys, str(path), "--as-of", "2024-03-20")

    assert document["findings"] == [
        {
            "rule": "eligibility.negative_record",
            "clause": "三（三）3",
            "severity": "error",
            "scope": "nominee",
            "award": MEDAL,
            "unit": rows[MEDAL][index]["推荐单位"],
            "rows": [{"sheet": MEDAL, "row": excel_row(index)}],
            "message": f"{name}：2019-06-01发生安全生产事故，5年内不得申报",
            "hint": "2024-06-01后方可申报，请更换推荐对象",
        }
    ]


# ── the text report ──────────────────────────────────────────────────────


def test_check_text_groups_by_unit_with_the_city_last(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    last, first = rows[TEAM][-1], rows[TEAM][0]
    last["开展劳动和技能竞赛"] = "否"
    first["开展劳动和技能竞赛"] = "否"
    path = write_workbook(tmp_path / "汇总.xlsx", spec, rows)

    status = main(["check", str(path), "--stage", "final"])

    lines = capsys.readouterr().out.splitlines()
    headings = [line for line in lines if line.startswith("【")]
    assert status == 1
    assert headings == [
        *(f"【{u}】" for u in sorted({first["推荐单位"], last["推荐单位"]})),
        "【全市】",
    ]
    assert lines[1] == "错误 3 项，警告 0 项，提示 0 项"
    city = lines.index("【全市】")
    assert lines[city + 1 :] == [
        "  [错误] 五一劳动奖状｜五一劳动奖状共74个，超过总数30个",
        "      处理：需减少44个",
        "      依据：通知一（quota.award_total）",
    ]


def test_check_text_names_rule_clause_and_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    team = rows[TEAM][0]
    team["开展劳动和技能竞赛"] = "否"
    path = write_workbook(tmp_path / "汇总.xlsx", spec, rows)

    main(["check", str(path)])

    lines = capsys.readouterr().out.splitlines()
    unit = lines.index(f"【{team['推荐单位']}】")
    label = team["所属单位全称"] + team["集体名称"]
    assert lines[unit + 1].startswith(f"  [错误] 工人先锋号｜{label}：")
    assert lines[unit + 3] == (
        "      依据：通知三（一）5（eligibility.skill_competition）；位置：工人先锋号第2行"
    )


def test_check_warns_of_a_name_without_stroke_data_and_exits_0(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    rows[MEDAL][0]["姓名"] = "张\U00020bb7"  # 𠮷, CJK Extension B
    rows[MEDAL][1]["姓名"] = "劉德華"  # a traditional name: data of 刘德华, no warning
    path = write_workbook(tmp_path / "汇总.xlsx", spec, rows)

    status, document = _check_json(capsys, str(path))

    assert status == 0
    assert [(f["rule"], f["severity"], f["rows"]) for f in document["findings"]] == [
        ("data.stroke_unknown", "warning", [{"sheet": MEDAL, "row": 2}])
    ]
    assert document["findings"][0]["message"].startswith(
        "张\U00020bb7：“姓名”中的“\U00020bb7”（U+20BB7）没有笔画数据"
    )
    main(["check", str(path)])
    assert "没有笔画数据" in capsys.readouterr().out
