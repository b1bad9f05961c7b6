"""`pingxuan export summary`: the exchange workbook in, the 汇总表 out."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pingxuan.core.cli import EXIT_OK, EXIT_UNCHECKABLE, main
from pingxuan.core.documents.summary_xlsx import read_summary_xlsx
from pingxuan.core.spec.models import Spec
from tests.factories.campaign import Rows, write_workbook

MEDAL = "五一劳动奖章"


def test_export_summary_of_a_unit_writes_its_table(
    compliant_workbook: Path, spec: Spec, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "郑东新区-五一劳动奖章-汇总表.xlsx"

    status = main(
        ["export", "summary", "--award", MEDAL, "--unit", "郑东新区", "--out", str(out),
         str(compliant_workbook)]
    )  # fmt: skip

    assert status == EXIT_OK
    assert (
        "已生成2024年郑州市五一劳动奖章推荐对象情况汇总表（7个推荐对象）" in capsys.readouterr().out
    )
    read = read_summary_xlsx(out, spec)
    assert read.units == ["郑东新区"]
    assert len(read.nominations) == 7
    title = openpyxl.load_workbook(out).active["A1"].value  # type: ignore[index]
    assert title == "2024年郑州市五一劳动奖章推荐对象情况汇总表"


def test_export_summary_of_the_city_lists_every_unit(
    compliant_workbook: Path, spec: Spec, tmp_path: Path
) -> None:
    out = tmp_path / "全市.xlsx"

    status = main(
        ["export", "summary", "--award", MEDAL, "--out", str(out), str(compliant_workbook)]
    )

    assert status == EXIT_OK
    read = read_summary_xlsx(out, spec)
    assert read.units == [None]
    assert len({n.unit for n in read.nominations}) > 10


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--award", "劳动模范", "奖项“劳动模范”不在"), ("--unit", "火星区", "推荐单位“火星区”不在")],
)
def test_export_summary_refuses_an_unknown_award_or_unit(
    compliant_workbook: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    option: str,
    value: str,
    message: str,
) -> None:
    argv = {"--award": MEDAL, option: value}
    args = [item for pair in argv.items() for item in pair]

    status = main(
        ["export", "summary", *args, "--out", str(tmp_path / "x.xlsx"), str(compliant_workbook)]
    )

    assert status == EXIT_UNCHECKABLE
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_export_summary_lists_traditional_and_unknown_characters_and_exits_0(
    spec: Spec, rows: Rows, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Four of 郑东新区's medals renamed; in the 2024 data 劉 and 鍾 stopped the export (exit 2).
    names = ["鍾漢良", "王\U00020bb7", "劉德華", "王填"]
    own = [row for row in rows[MEDAL] if row["推荐单位"] == "郑东新区"]
    for row, name in zip(own, names, strict=False):
        row["姓名"] = name
    workbook = write_workbook(tmp_path / "推荐汇总.xlsx", spec, rows)
    out = tmp_path / "全市.xlsx"

    status = main(["export", "summary", "--award", MEDAL, "--out", str(out), str(workbook)])

    assert status == EXIT_OK
    assert capsys.readouterr().err == ""
    listed = [n.facts["姓名"] for n in read_summary_xlsx(out, spec).nominations]
    # 王填, then 王𠮷 (no data: after every known character), 劉 as 刘 (6), 鍾 as 钟 (9).
    assert [name for name in listed if name in names] == [
        "王填",
        "王\U00020bb7",
        "劉德華",
        "鍾漢良",
    ]
