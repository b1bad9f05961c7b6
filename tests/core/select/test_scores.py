"""Reading the committee's scores table: .xlsx or .csv, every bad row named at once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from pingxuan.core.select.scores import ScoresError, read_scores
from pingxuan.core.spec.models import Spec
from tests.core.helpers import add_cells


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_scores_from_xlsx_with_numbers_as_cells(tmp_path: Path, spec: Spec) -> None:
    path = _xlsx(
        tmp_path / "分数.xlsx",
        [
            ["序号", "奖项", "备注", "推荐单位", "分数"],
            [3.0, "五一劳动奖状", "", "郑东新区", 91.5],
            ["7", "工人先锋号", "", "登封市", "80"],
        ],
    )

    assert read_scores(path, spec) == {
        ("五一劳动奖状", "郑东新区", "3"): Decimal("91.5"),
        ("工人先锋号", "登封市", "7"): Decimal("80"),
    }


def test_scores_from_csv(tmp_path: Path, spec: Spec) -> None:
    path = _csv(
        tmp_path / "分数.csv",
        "奖项,推荐单位,序号,分数\n五一劳动奖章,郑东新区,2,88.25\n五一劳动奖章,登封市,2,70\n,,,\n",
    )

    # 序号 is the unit's own: two units' 2号 are two nominations.
    assert read_scores(path, spec) == {
        ("五一劳动奖章", "郑东新区", "2"): Decimal("88.25"),
        ("五一劳动奖章", "登封市", "2"): Decimal("70"),
    }


def test_every_bad_row_is_named(tmp_path: Path, spec: Spec) -> None:
    path = _csv(
        tmp_path / "分数.csv",
        "奖项,推荐单位,序号,分数\n奖状,郑东新区,1,90\n五一劳动奖章,郑东新区,,90\n"
        "五一劳动奖章,郑东新区,2,九十\n五一劳动奖章,郑东新区,3,-1\n五一劳动奖章,郑东新区,4,80\n"
        "五一劳动奖章,郑东新区,4,81\n五一劳动奖章,,5,81\n",
    )

    with pytest.raises(ScoresError) as raised:
        read_scores(path, spec)

    message = str(raised.value)
    assert "第2行：奖项“奖状”不是" in message
    assert "第3行：序号为空" in message
    assert "第4行：分数“九十”不是数字" in message
    assert "第5行：分数“-1”应为 0 到 99999999 之间的数" in message
    assert "第7行：五一劳动奖章郑东新区序号4的分数重复" in message
    assert "第8行：推荐单位为空" in message


def test_missing_column_is_refused(tmp_path: Path, spec: Spec) -> None:
    path = _csv(tmp_path / "分数.csv", "奖项,编号,分数\n")

    with pytest.raises(ScoresError, match="缺少列“推荐单位”“序号”"):
        read_scores(path, spec)


def test_not_a_table_is_refused(tmp_path: Path, spec: Spec) -> None:
    path = tmp_path / "分数.xlsx"
    path.write_bytes(b"not a workbook")

    with pytest.raises(ScoresError, match="无法作为分数表读取"):
        read_scores(path, spec)


# ── hostile tables (issue 11) ────────────────────────────────────────────


def test_scores_far_cell_is_refused_before_reading(tmp_path: Path, spec: Spec) -> None:
    path = _xlsx(
        tmp_path / "分数.xlsx",
        [["奖项", "推荐单位", "序号", "分数"], ["五一劳动奖章", "郑东新区", "1", 90]],
    )
    add_cells(
        path, "xl/worksheets/sheet1.xml", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    )

    with pytest.raises(ScoresError) as raised:
        read_scores(path, spec)

    assert str(raised.value) == (
        "分数.xlsx：工作表“Sheet”的单元格 XFD1048576 超出范围（最多 15,000 行、68 列，"
        "即 A1:BP15000），请删除表格下方和右侧多余的内容与格式后另存，已拒绝读取"
    )


def test_scores_csv_with_too_many_rows_is_refused(tmp_path: Path, spec: Spec) -> None:
    path = _csv(
        tmp_path / "分数.csv", "奖项,推荐单位,序号,分数\n" + "五一劳动奖章,郑东新区,1,90\n" * 15_000
    )

    with pytest.raises(ScoresError) as raised:
        read_scores(path, spec)

    assert str(raised.value) == "分数.csv：分数表超出范围（最多 15,000 行、68 列），已拒绝读取"


def test_scores_out_of_range_or_too_fine_are_refused(tmp_path: Path, spec: Spec) -> None:
    # 1E+999999999 is a finite Decimal: scaled to an integer for the optimiser, it never finishes.
    path = _csv(
        tmp_path / "分数.csv",
        "奖项,推荐单位,序号,分数\n五一劳动奖章,郑东新区,1,1E+999999999\n"
        "五一劳动奖章,郑东新区,2,100000000\n五一劳动奖章,郑东新区,3,90.12345\n"
        "五一劳动奖章,郑东新区,4,99999999.9999\n五一劳动奖章,郑东新区,5,90.10000\n",
    )

    with pytest.raises(ScoresError) as raised:
        read_scores(path, spec)

    assert str(raised.value) == (
        "分数.csv：第2行：分数“1E+999999999”应为 0 到 99999999 之间的数；"
        "第3行：分数“100000000”应为 0 到 99999999 之间的数；"
        "第4行：分数“90.12345”最多保留 4 位小数"
    )
