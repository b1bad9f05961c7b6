"""The 差额 round workbook (a sheet per award: the meeting, then candidate | votes), for units
that vote on paper: bounded like the other imports, all sheets recorded or none."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.rounds.domain.importing import import_rounds
from pingxuan.web.rounds.domain.records import RoundRefused
from pingxuan.web.rounds.models import Round
from tests.core.helpers import add_cells
from tests.web.personas import UNIT_A, make_persona, signed_in

pytestmark = pytest.mark.django_db
URL = "/portal/zhengzhou-2024/rounds/"
TEAM = "工人先锋号"
MEDAL = "五一劳动奖章"


@pytest.fixture
def clerk_a(campaign: Campaign) -> User:
    return make_persona(campaign, "clerk_a")


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return Unit.objects.get(campaign=campaign, name=UNIT_A)


def sheet_rows(present: int = 90, votes: tuple[object, ...] = (40, 80, 60)) -> list[list[object]]:
    return [
        ["表决机构", "职代会授权的联席会议"],
        ["表决日期", "2024-03-01"],
        ["应到人数", 120],
        ["实到人数", present],
        ["应选人数", 2],
        ["决议", "同意推荐"],
        ["候选对象", "得票"],
        *[[name, count] for name, count in zip(("甲班组", "乙班组", "丙班组"), votes, strict=True)],
    ]


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(campaign: Campaign, unit: Unit, data: bytes, actor: User) -> list[Round]:
    return import_rounds(
        campaign, unit, io.BytesIO(data), len(data), "表决.xlsx", actor=actor, role="clerk"
    )


def test_a_sheet_per_award_is_recorded(campaign: Campaign, unit_a: Unit, clerk_a: User):
    data = workbook({TEAM: sheet_rows(), MEDAL: sheet_rows(votes=(1, 70, 69))})

    stored = run(campaign, unit_a, data, clerk_a)

    assert sorted(r.award for r in stored) == [MEDAL, TEAM]
    team = Round.objects.get(award=TEAM)
    assert team.body == "职代会授权的联席会议"
    assert [(b.candidate, b.votes) for b in team.ballots.all()] == [
        ("甲班组", 40),
        ("乙班组", 80),
        ("丙班组", 60),
    ]


def test_one_bad_sheet_keeps_every_sheet_out(campaign: Campaign, unit_a: Unit, clerk_a: User):
    data = workbook({TEAM: sheet_rows(), MEDAL: sheet_rows(present=50, votes=(40, 45, 30))})

    with pytest.raises(RoundRefused) as caught:
        run(campaign, unit_a, data, clerk_a)

    assert caught.value.problems == [
        "五一劳动奖章：实到50人，不足应到120人的三分之二（至少80人），表决无效："
        "请在达到法定人数的会议上重新表决"
    ]
    assert not Round.objects.exists()


def test_unreadable_cells_name_their_row(campaign: Campaign, unit_a: Unit, clerk_a: User):
    data = workbook({TEAM: sheet_rows(votes=(40, "八十", 60))})

    with pytest.raises(RoundRefused) as caught:
        run(campaign, unit_a, data, clerk_a)

    assert caught.value.problems == ["工人先锋号：第9行“得票”应为整数，现为“八十”"]


def test_a_workbook_without_award_sheets_is_refused(
    campaign: Campaign, unit_a: Unit, clerk_a: User
):
    data = workbook({"Sheet1": sheet_rows()})

    with pytest.raises(RoundRefused) as caught:
        run(campaign, unit_a, data, clerk_a)

    assert caught.value.problems == [
        "表决.xlsx：没有以奖项命名的工作表（应为：五一劳动奖状、五一劳动奖章、工人先锋号；"
        "文件中有：Sheet1）"
    ]


def test_a_far_away_cell_is_refused_by_the_guard(
    campaign: Campaign, unit_a: Unit, clerk_a: User, tmp_path: Path
):
    path = tmp_path / "far.xlsx"
    path.write_bytes(workbook({TEAM: sheet_rows()}))
    add_cells(path, "xl/worksheets/sheet1.xml", '<row r="90000"><c r="A90000"><v>1</v></c></row>')

    with pytest.raises(RoundRefused) as caught:
        run(campaign, unit_a, path.read_bytes(), clerk_a)

    assert caught.value.problems[0].startswith("表决.xlsx：")
    assert not Round.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(campaign: Campaign, unit_a: Unit, clerk_a: User):
    with pytest.raises(RoundRefused) as caught:
        run(campaign, unit_a, b"not a zip at all", clerk_a)

    assert caught.value.problems[0].startswith("表决.xlsx：")


def test_a_file_over_the_size_limit_is_refused_unread(
    campaign: Campaign, unit_a: Unit, clerk_a: User
):
    with pytest.raises(RoundRefused, match="文件超过 2 MB"):
        import_rounds(
            campaign, unit_a, io.BytesIO(b""), 3 * 2**20, "表决.xlsx", actor=clerk_a, role="clerk"
        )


def test_the_portal_imports_and_shows_a_refusal(clerk_a: User):
    client = signed_in(clerk_a)
    bad = SimpleUploadedFile("纸质表决.xlsx", workbook({TEAM: sheet_rows(present=10)}))

    refused = client.post(URL + "import/", {"file": bad})

    assert refused.status_code == 400
    assert "工人先锋号：实到10人" in refused.content.decode()
    good = SimpleUploadedFile("纸质表决.xlsx", workbook({TEAM: sheet_rows()}))
    assert client.post(URL + "import/", {"file": good}).status_code == 302
    assert Round.objects.get().award == TEAM


def test_the_template_has_a_sheet_per_award_of_the_unit(clerk_a: User):
    response = signed_in(clerk_a).get(URL + "template.xlsx")

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["五一劳动奖状", "五一劳动奖章", "工人先锋号"]
    assert [c.value for c in book["五一劳动奖章"]["A"]] == [
        "表决机构",
        "表决日期",
        "应到人数",
        "实到人数",
        "应选人数",
        "决议",
        "候选对象",
    ]
