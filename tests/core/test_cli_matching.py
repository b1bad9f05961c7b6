"""`pingxuan check` without --campaign: the campaign whose award sheets the workbook has, a
plain refusal when none (or several equally) match, and unknown sheets reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pingxuan.core.cli import main
from pingxuan.core.spec.loader import CAMPAIGNS_ENV, campaigns_dir, load_spec
from tests.core.test_spec import COUNTY
from tests.factories.campaign import Generator, write_workbook


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A campaigns folder with the 2024 city and a county whose awards are named otherwise."""
    here = tmp_path / "campaigns"
    here.mkdir()
    shutil.copy(campaigns_dir() / "zhengzhou-2024.toml", here)
    shutil.copy(COUNTY, here)
    monkeypatch.setenv(CAMPAIGNS_ENV, str(here))
    return here


def test_check_picks_the_campaign_whose_sheets_the_workbook_has(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    county = load_spec(COUNTY)
    path = write_workbook(tmp_path / "县汇总.xlsx", county, Generator(county).rows())

    status = main(["check", str(path)])

    captured = capsys.readouterr()
    assert status == 0
    assert captured.out.splitlines()[0].startswith(f"{county.campaign.title}：县汇总.xlsx")
    assert captured.out.splitlines()[-1] == "未发现问题。"


def test_check_workbook_matching_no_campaign_says_so(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    county = load_spec(COUNTY)
    path = write_workbook(tmp_path / "全国.xlsx", county, Generator(county).rows())
    book = load_workbook(path)
    for sheet in book.worksheets:
        sheet.title = sheet.title.replace("县", "全国")
    book.save(path)

    status = main(["check", str(path)])

    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("全国.xlsx：没有哪个评选活动的奖项工作表在其中")
    assert "zhengzhou-2024：五一劳动奖状、五一劳动奖章、工人先锋号" in err
    assert err.endswith("请核对工作表名称，或用 --campaign 指定评选活动编号或配置文件\n")


def test_check_tied_campaigns_are_told_apart_by_their_units(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A county that names its awards as the city does: the units decide.
    text = (
        COUNTY.read_text(encoding="utf-8").replace('"县五一', '"五一').replace('"县工人', '"工人')
    )
    (folder / "demo-county-2025.toml").write_text(text, encoding="utf-8")
    spec = load_spec("zhengzhou-2024")
    path = write_workbook(tmp_path / "汇总.xlsx", spec, Generator(spec).rows())

    status = main(["check", str(path), "--format", "json"])

    assert (status, '"campaign": "zhengzhou-2024"' in capsys.readouterr().out) == (0, True)


def test_check_reports_a_sheet_that_is_no_award_of_the_campaign(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = load_spec("zhengzhou-2024")
    path = write_workbook(tmp_path / "汇总.xlsx", spec, Generator(spec).rows())
    book = load_workbook(path)
    book.create_sheet("工人先锋号（补报）")
    book.save(path)

    status = main(["check", str(path), "--campaign", "zhengzhou-2024"])

    assert status == 0
    assert capsys.readouterr().err == (
        "工作表“工人先锋号（补报）”不是2024年郑州市五一劳动奖和郑州市工人先锋号推荐评选的奖项"
        "（奖项：五一劳动奖状、五一劳动奖章、工人先锋号），未检查；请核对工作表名称或评选活动\n"
    )
