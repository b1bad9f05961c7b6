"""The documents of a unit's 差额 round (``core/documents/round_docs.py``), prefilled from the
record: the initial list in nomination order, the tally by votes with who is put forward (as
``rounds.derive`` says), the resolution with the meeting's numbers; and ``pingxuan export`` writes
them as Word from a round workbook."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from pingxuan.core.cli import main
from pingxuan.core.documents.procedure_word import procedure_docx
from pingxuan.core.documents.round_docs import (
    INITIAL_LIST,
    ROUND_RESOLUTION,
    TALLY,
    round_document,
)
from pingxuan.core.rounds import Ballot, Round
from pingxuan.core.rounds_workbook import round_template
from pingxuan.core.spec.loader import load_spec
from pingxuan.core.spec.models import Spec

TOWN = "城关镇总工会"
MEDAL = "五一劳动奖章"


@pytest.fixture(scope="module")
def county() -> Spec:
    return load_spec("zhongmu-2024")


def vote(*ballots: tuple[str, int], present: int = 90, seats: int = 2) -> Round:
    return Round(
        award=MEDAL,
        body="职代会",
        held_on=date(2024, 3, 1),
        present=present,
        members=120,
        seats=seats,
        ballots=tuple(Ballot(name, votes) for name, votes in ballots),
        resolution="同意按得票推荐",
    )


THREE = (("张三", 40), ("李四", 80), ("王五", 60))


def _text(doc_bytes: bytes) -> tuple[list[str], list[list[str]]]:
    document = Document(io.BytesIO(doc_bytes))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    return paragraphs, rows


def test_initial_list_keeps_the_nomination_order_and_the_given_workplaces(county: Spec):
    doc = round_document(INITIAL_LIST, county, TOWN, [vote(*THREE)], {"李四": "城关镇中心小学"})

    [page] = doc.pages
    assert page.title == "城关镇总工会五一劳动奖章推荐对象初始提名名单"
    table = page.sections[1].table
    assert table is not None
    assert table.rows == [
        ["1", "张三", "", ""],
        ["2", "李四", "城关镇中心小学", ""],
        ["3", "王五", "", ""],
    ]
    assert "名额 3 人，应选 2 人，初始提名 3 人（差额 1 人）" in page.sections[0].paragraphs[0]


def test_tally_ranks_by_votes_and_names_who_the_vote_puts_forward(county: Spec):
    doc = round_document(TALLY, county, TOWN, [vote(*THREE)])

    [page] = doc.pages
    meeting = page.sections[0].paragraphs
    assert meeting[:3] == [
        "表决机构：职代会",
        "表决日期：2024年3月1日",
        "应到人数：120 人；实到人数：90 人",
    ]
    assert meeting[3] == "法定人数：应到人数的三分之二（至少 80 人），已达到"
    table = page.sections[1].table
    assert table is not None
    assert table.rows == [
        ["1", "李四", "80", "88.9%", "当选"],
        ["2", "王五", "60", "66.7%", "当选"],
        ["3", "张三", "40", "44.4%", "未当选"],
    ]
    assert page.sections[2].paragraphs == [
        "表决结果：李四、王五当选，确定为本单位五一劳动奖章推荐对象"
        "（初始提名 3 人，差额产生 2 人）。"
    ]


def test_a_vote_the_core_cannot_read_names_no_pick(county: Spec):
    doc = round_document(TALLY, county, TOWN, [vote(*THREE, present=70)])

    [page] = doc.pages
    table = page.sections[1].table
    assert table is not None
    assert [row[-1] for row in table.rows] == ["—", "—", "—"]
    assert page.sections[2].paragraphs[0].startswith("本次表决不能确定推荐对象：实到70人，不足")
    assert "未达到" in page.sections[0].paragraphs[3]


def test_resolution_carries_the_meeting_the_votes_and_the_picks(county: Spec):
    doc = round_document(ROUND_RESOLUTION, county, TOWN, [vote(*THREE)])

    [page] = doc.pages
    assert page.title == "城关镇总工会职代会决议"
    text = page.sections[0].paragraphs
    assert (
        text[0] == "2024年3月1日，城关镇总工会召开职代会，应到 120 人，实到 90 人，"
        "审议五一劳动奖章推荐对象。"
    )
    assert "得票情况：张三 40 票，李四 80 票，王五 60 票。" in text[2]
    assert text[3] == "会议同意推荐李四、王五为五一劳动奖章推荐对象，报中牟县总工会。"
    assert text[4] == "决议：同意按得票推荐"
    assert doc.name == "职代会（联席会议）审议决议"


def test_word_file_has_one_page_per_award(county: Spec):
    team = Round(
        award="工人先锋号",
        body="职代会授权的联席会议",
        held_on=date(2024, 3, 2),
        present=20,
        members=25,
        seats=1,
        ballots=(Ballot("一号班组", 15), Ballot("二号班组", 4)),
    )
    doc = round_document(TALLY, county, TOWN, [vote(*THREE), team])

    paragraphs, rows = _text(procedure_docx(doc))

    assert "城关镇总工会工人先锋号差额表决计票结果" in paragraphs
    assert ["1", "一号班组", "15", "75.0%", "当选"] in rows


def _round_workbook(tmp_path: Path) -> Path:
    book = load_workbook(io.BytesIO(round_template({MEDAL: 2}, ["职代会"])))
    sheet = book[MEDAL]
    values = {"表决日期": "2024-03-01", "应到人数": 120, "实到人数": 90, "应选人数": 2}
    for row in sheet.iter_rows(min_row=1, max_row=6):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    for ballot in THREE:
        sheet.append(list(ballot))
    path = tmp_path / "rounds.xlsx"
    book.save(path)
    return path


def test_export_refuses_a_unit_of_another_campaign(tmp_path: Path, capsys):
    code = main(
        [
            "export",
            TALLY,
            str(_round_workbook(tmp_path)),
            "--campaign",
            "zhongmu-2024",
            "--unit",
            "中原区",
            "--out",
            str(tmp_path / "x.docx"),
        ]
    )

    assert code == 2
    assert "推荐单位“中原区”不在" in capsys.readouterr().err


def test_export_writes_the_tally_from_a_round_workbook(tmp_path: Path, capsys):
    out = tmp_path / "tally.docx"

    code = main(
        [
            "export",
            TALLY,
            str(_round_workbook(tmp_path)),
            "--campaign",
            "zhongmu-2024",
            "--unit",
            TOWN,
            "--out",
            str(out),
        ]
    )

    assert code == 0
    assert capsys.readouterr().out == f"已生成{TOWN}差额表决计票结果（1个奖项）：{out}\n"
    _, rows = _text(out.read_bytes())
    assert ["1", "李四", "80", "88.9%", "当选"] in rows


def test_export_of_an_award_without_its_sheet_says_which_sheets_there_are(tmp_path: Path, capsys):
    code = main(
        [
            "export",
            INITIAL_LIST,
            str(_round_workbook(tmp_path)),
            "--campaign",
            "zhongmu-2024",
            "--unit",
            TOWN,
            "--award",
            "五一劳动奖状",
            "--out",
            str(tmp_path / "x.docx"),
        ]
    )

    assert code == 2
    assert capsys.readouterr().err == (
        "rounds.xlsx：没有以奖项命名的工作表（应为：五一劳动奖状；文件中有：五一劳动奖章）\n"
    )
