"""The 差额 round workbook read without the web: the blank template filled in reads back as the
round it says; a sheet that leaves out a line of the meeting says which."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from pingxuan.core.rounds import Ballot
from pingxuan.core.rounds_workbook import read_round_workbook, round_template

AWARDS = ("五一劳动奖章", "工人先锋号")


def filled(tmp_path: Path, meeting: dict[str, object], ballots: list[tuple[str, object]]) -> Path:
    book = load_workbook(io.BytesIO(round_template({"五一劳动奖章": 2}, ["职代会"])))
    sheet = book["五一劳动奖章"]
    for row in sheet.iter_rows(min_row=1, max_row=6):
        label = row[0].value
        if label in meeting:
            row[1].value = meeting[label]
        elif label != "表决机构" and label != "应选人数" and label != "决议":
            row[0].value = None
    for ballot in ballots:
        sheet.append(list(ballot))
    path = tmp_path / "rounds.xlsx"
    book.save(path)
    return path


def test_the_template_filled_in_reads_back(tmp_path: Path):
    path = filled(
        tmp_path,
        {"表决日期": "2024-03-01", "应到人数": 120, "实到人数": 90},
        [("张三", 40), ("李四", 80), ("王五", 60)],
    )

    [sheet] = read_round_workbook(path, AWARDS)

    assert sheet.problems == []
    assert sheet.round is not None
    assert (sheet.round.body, sheet.round.held_on, sheet.round.seats) == (
        "职代会",
        date(2024, 3, 1),
        2,
    )
    assert sheet.round.ballots == (Ballot("张三", 40), Ballot("李四", 80), Ballot("王五", 60))


def test_a_sheet_without_a_meeting_line_says_which(tmp_path: Path):
    path = filled(tmp_path, {"表决日期": "2024年3月1日", "应到人数": 120}, [("张三", 40)])

    [sheet] = read_round_workbook(path, AWARDS)

    assert sheet.round is None
    assert sheet.problems == ["缺少“实到人数”一行"]
