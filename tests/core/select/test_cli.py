"""`pingxuan select` end to end: files in, selection.xlsx accepted by `check --stage final`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pingxuan.core.cli import main
from pingxuan.core.select.candidates import key_of
from pingxuan.core.spec.models import Spec
from tests.core.select.instances import BADGE, random_scores, with_extra_candidates
from tests.factories.campaign import Rows, build_nominations, write_workbook


def _scores_csv(path: Path, spec: Spec, rows: Rows) -> Path:
    nominations, _ = build_nominations(spec, rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["奖项", "推荐单位", "序号", "分数"])
        for (award, unit, seq), score in random_scores(nominations, 11).items():
            writer.writerow([award, unit, seq, score])
    return path


def test_select_writes_a_list_that_check_accepts(
    tmp_path: Path, spec: Spec, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = with_extra_candidates(spec)
    workbook = write_workbook(tmp_path / "推荐汇总.xlsx", spec, rows)
    scores = _scores_csv(tmp_path / "分数.csv", spec, rows)
    out = tmp_path / "结果"

    status = main(["select", "--scores", str(scores), "--out", str(out), str(workbook)])

    assert status == 0
    assert "五一劳动奖状30个，五一劳动奖章120个，工人先锋号80个" in capsys.readouterr().out
    assert main(["check", "--stage", "final", str(out / "selection.xlsx")]) == 0
    report = json.loads((out / "selection.json").read_text(encoding="utf-8"))
    assert report["chosen"] == {"五一劳动奖状": 30, "五一劳动奖章": 120, "工人先锋号": 80}
    assert sum(n["chosen"] for n in report["nominations"]) == 230
    assert {n["rule"] for n in report["nominations"] if n["chosen"]} == {"score"}


def test_select_with_must_options(tmp_path: Path, spec: Spec) -> None:
    rows = with_extra_candidates(spec)
    workbook = write_workbook(tmp_path / "推荐汇总.xlsx", spec, rows)
    scores = _scores_csv(tmp_path / "分数.csv", spec, rows)
    nominations, _ = build_nominations(spec, rows)
    badge = next(n for n in nominations if n.award == BADGE)
    out = tmp_path / "结果"

    status = main(
        [
            "select",
            "--scores",
            str(scores),
            "--out",
            str(out),
            str(workbook),
            "--must-not",
            ":".join(key_of(badge)),
        ]
    )

    assert status == 0
    report = json.loads((out / "selection.json").read_text(encoding="utf-8"))
    decision = next(n for n in report["nominations"] if n["award"] == BADGE and n["sheet_row"] == 2)
    assert (decision["chosen"], decision["rule"]) == (False, "select.must_not")


def test_select_without_a_list_prints_the_conflict(
    tmp_path: Path, spec: Spec, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = with_extra_candidates(spec)
    for row in [r for r in rows[BADGE] if r["单位性质"] == "非公有制"][6:]:
        row["单位性质"] = "国有"
    workbook = write_workbook(tmp_path / "推荐汇总.xlsx", spec, rows)
    scores = _scores_csv(tmp_path / "分数.csv", spec, rows)
    out = tmp_path / "结果"

    status = main(["select", "--scores", str(scores), "--out", str(out), str(workbook)])

    assert status == 1
    printed = capsys.readouterr().out
    assert "无法选出符合全部规则的名单" in printed
    assert "还需2个非公有制企业候选" in printed
    assert not (out / "selection.xlsx").exists()
    report = json.loads((out / "selection.json").read_text(encoding="utf-8"))
    assert report["feasible"] is False
    assert "ratio.badge.non_public" in {c["rule"] for c in report["conflicts"]}


@pytest.mark.parametrize(
    ("scores_text", "extra", "expected"),
    [
        ("奖项,推荐单位,序号,分数\n五一劳动奖状,郑东新区,1,高\n", [], "第2行：分数“高”不是数字"),
        ("奖项,推荐单位,序号,分数\n", ["--must", "奖状3"], "应写作“奖项:推荐单位:序号”"),
        (
            "奖项,推荐单位,序号,分数\n",
            ["--must", "五一劳动奖状:3"],
            "“五一劳动奖状:3”应写作“奖项:推荐单位:序号”",
        ),
        (
            "奖项,推荐单位,序号,分数\n",
            ["--must", "五一劳动奖状:郑东新区:9999"],
            "找不到必选/不选的推荐对象：五一劳动奖状郑东新区序号9999",
        ),
    ],
)
def test_select_unreadable_input_exits_2(
    tmp_path: Path,
    spec: Spec,
    rows: Rows,
    capsys: pytest.CaptureFixture[str],
    scores_text: str,
    extra: list[str],
    expected: str,
) -> None:
    workbook = write_workbook(tmp_path / "推荐汇总.xlsx", spec, rows)
    scores = tmp_path / "分数.csv"
    scores.write_text(scores_text, encoding="utf-8")

    status = main(
        ["select", "--scores", str(scores), "--out", str(tmp_path / "o"), str(workbook), *extra]
    )

    assert status == 2
    assert expected in capsys.readouterr().err


def test_must_take_of_an_excluded_nomination_is_warned(
    tmp_path: Path, spec: Spec, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = with_extra_candidates(spec)
    rows[BADGE][0]["涉敏"] = ""  # not answered: may not be published, so never listed
    workbook = write_workbook(tmp_path / "推荐汇总.xlsx", spec, rows)
    scores = _scores_csv(tmp_path / "分数.csv", spec, rows)
    seq, unit = rows[BADGE][0]["序号"], rows[BADGE][0]["推荐单位"]

    status = main(
        [
            "select",
            "--scores",
            str(scores),
            "--out",
            str(tmp_path / "o"),
            str(workbook),
            "--must",
            f"{BADGE}:{unit}:{seq}",
        ]
    )

    assert status == 0
    assert f"警告：必选的{BADGE}{unit}序号{seq}不能入选：涉敏情况未明确" in capsys.readouterr().err
