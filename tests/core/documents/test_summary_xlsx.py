"""The 汇总表 xlsx: printable layout, no formula cell, text ID numbers, and an exact round trip."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pingxuan.core.documents.cells import restore_text, safe_text
from pingxuan.core.documents.filenames import document_filename
from pingxuan.core.documents.summary_xlsx import (
    column_width,
    paper_for,
    print_scale,
    read_summary_xlsx,
    sheet_name,
    write_summary_xlsx,
)
from pingxuan.core.documents.tables import ALTERNATE_OF, SEQ, printed_columns, summary_table
from pingxuan.core.documents.xlsx_stream import A3, A4
from pingxuan.core.nominations import Nomination
from pingxuan.core.ordering import sort_nominations
from pingxuan.core.spec.models import Spec
from pingxuan.core.strokes import StrokeOrder, pad_name
from pingxuan.core.workbook import WorkbookError
from tests.factories.campaign import Generator, Rows, build_nominations, id_number

MEDAL, TEAM = "五一劳动奖章", "工人先锋号"
UNIT = "郑东新区"


def nominations(spec: Spec, rows: Rows) -> list[Nomination]:
    return build_nominations(spec, rows)[0]


def thousand_people(spec: Spec) -> list[Nomination]:
    """1,000 medal rows of every unit: ID numbers end in X now and then, and some texts start
    with = + - @ as a careless or hostile cell would."""
    rng = random.Random(5)
    generator = Generator(spec, seed=5)
    rows = generator.rows()
    medal = rows[MEDAL]
    while len(medal) < 1000:
        unit = spec.units[len(medal) % len(spec.units)].name
        medal.append(generator.person(unit, {"身份类别": "一线产业工人"}))
    medal[:] = medal[:1000]
    while sum(r["身份证号"].endswith("X") for r in medal) < 40:
        row = rng.choice(medal)
        birth = date(1970 + rng.randrange(30), rng.randrange(1, 13), rng.randrange(1, 28))
        row["身份证号"] = id_number(rng, birth, female=row["性别"] == "女")
    for row, text in zip(
        medal[::97], ["=1+2", "+86 371", "-负数", "@SUM(A1)", "'引号"], strict=False
    ):
        row["新的突出贡献"] = text
    medal[3]["简要事迹"] = "第一行\n第二行 & <b>粗</b>"
    return nominations(spec, {MEDAL: medal})


def renumbered(table_nominations: list[Nomination], table) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """The facts the table prints, keyed by ID number: 序号 as printed, the leader's too."""
    expected = {}
    for group in table.groups:
        numbers = {
            n.seq: printed for n, printed in zip(group.nominations, group.numbers, strict=True)
        }
        for nomination in group.nominations:
            facts = dict(nomination.facts)
            facts[SEQ] = numbers[nomination.seq]
            if facts.get(ALTERNATE_OF):
                facts[ALTERNATE_OF] = numbers[facts[ALTERNATE_OF]]
            expected[facts["身份证号"]] = facts
    return expected


def test_city_table_of_1000_people_round_trips_exactly(spec: Spec, tmp_path: Path) -> None:
    people = thousand_people(spec)
    table = summary_table(spec, MEDAL, people)
    out = tmp_path / document_filename(None, MEDAL, "汇总表", "xlsx")

    write_summary_xlsx(table, out)
    read = read_summary_xlsx(out, spec)

    assert out.name == "全市-五一劳动奖章-汇总表.xlsx"
    assert len(read.nominations) == 1000
    assert read.units == [None]
    back = {n.facts["身份证号"]: n.facts for n in read.nominations}
    assert back == renumbered(people, table)
    assert sorted(back) == sorted(n.facts["身份证号"] for n in people)
    assert sum(number.endswith("X") for number in back) >= 40
    assert {n.unit for n in read.nominations} == {n.unit for n in people}
    assert all(not n.problems for n in read.nominations)


def test_unit_table_round_trips_with_its_alternates(spec: Spec, rows: Rows, tmp_path: Path) -> None:
    everyone = nominations(spec, rows)
    leader_unit = next(n.unit for n in everyone if n.is_alternate)
    table = summary_table(spec, MEDAL, everyone, unit=leader_unit)
    out = tmp_path / "unit.xlsx"

    write_summary_xlsx(table, out)
    read = read_summary_xlsx(out, spec)

    assert read.units == [leader_unit]
    back = {n.facts["身份证号"]: n.facts for n in read.nominations}
    mine = [n for n in everyone if n.award == MEDAL and n.unit == leader_unit]
    assert back == renumbered(mine, table)
    alternate = next(n for n in read.nominations if n.is_alternate)
    leader = next(n for n in read.nominations if n.seq == alternate.facts[ALTERNATE_OF])
    assert leader.facts["身份类别"] == "企业负责人"


def test_every_award_exports_without_a_formula_and_with_text_id_numbers(
    spec: Spec, tmp_path: Path
) -> None:
    people = thousand_people(spec)
    others = nominations(spec, Generator(spec).rows())
    tables = [summary_table(spec, MEDAL, people)] + [
        summary_table(spec, award.name, others, unit=unit)
        for award in spec.awards
        for unit in (None, UNIT)
    ]
    out = tmp_path / "all.xlsx"

    write_summary_xlsx(tables, out)
    book = openpyxl.load_workbook(out)

    formulas = [
        c.coordinate for s in book for row in s.iter_rows() for c in row if c.data_type == "f"
    ]
    risky = [
        c.value
        for s in book
        for row in s.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value[:1] in ("=", "+", "-", "@")
    ]
    assert formulas == []
    assert risky == []
    medal = book[sheet_name(spec.award(MEDAL))]
    id_column = [c.value for c in medal[3]].index("身份证号") + 1
    ids = [row[id_column - 1] for row in medal.iter_rows(min_row=4) if type(row[0].value) is int]
    assert len(ids) == 1000
    assert all(isinstance(c.value, str) and len(c.value) == 18 for c in ids)
    assert {c.number_format for c in ids} == {"@"}
    assert "'=1+2" in {c.value for row in medal.iter_rows() for c in row}


def test_sheet_is_set_up_for_printing_with_signature_lines(
    spec: Spec, rows: Rows, tmp_path: Path
) -> None:
    table = summary_table(spec, MEDAL, nominations(spec, rows), unit=UNIT)
    out = tmp_path / "unit.xlsx"

    write_summary_xlsx(table, out)
    sheet = openpyxl.load_workbook(out)[sheet_name(spec.award(MEDAL))]
    texts = [row[0] for row in sheet.iter_rows(values_only=True)]

    assert texts[0] == "2024年郑州市五一劳动奖章推荐对象情况汇总表"
    assert texts[1] == f"推荐单位（盖章）：{UNIT}"
    assert [c.value for c in sheet[3]][:3] == ["序号", "姓名", "性别"]
    # 序号 is each row's own number (the unit's, as its workbook has it), the rows 按姓氏笔画.
    own = sorted(int(n.seq or 0) for n in table.groups[0].nominations)
    assert sorted(texts[3:10]) == own and len(own) == 7
    assert texts[10] == (
        "合计：共 7 个（综合表彰 6 个、备选 1 个）；"
        "名额 6 个，推荐 6 个，其中一线产业工人 4 个、一线科教 1 个、非预留 1 个"
    )
    assert texts[-1].startswith("单位负责人（签名）：") and "经办人：" in texts[-1]
    assert "联系电话：" in texts[-1]
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 8  # A3: 30 columns
    assert sheet.row_dimensions[3].height == 58  # 按时缴纳工会经费: four lines of two characters
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_city_table_has_a_subtotal_per_unit_with_its_place_usage(
    spec: Spec, rows: Rows, tmp_path: Path
) -> None:
    table = summary_table(spec, TEAM, nominations(spec, rows))
    out = tmp_path / "city.xlsx"

    write_summary_xlsx(table, out)
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    lines = [row[0] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], str)]
    subtotals = [line for line in lines if "小计：" in line]

    assert [c.value for c in sheet[3]][:2] == ["序号", "推荐单位"]
    assert len(subtotals) == len(table.groups)
    assert subtotals[0].startswith(f"{table.groups[0].unit}小计：共 ")
    assert "名额 " in subtotals[0]
    assert sheet.page_setup.paperSize == 9  # A4 is wide enough for a team table


@pytest.mark.parametrize("subject", ["person", "organisation", "team"])
@pytest.mark.parametrize("city", [True, False])
def test_every_table_prints_at_a_readable_scale(subject: str, city: bool) -> None:
    widths = [column_width(column) for column in printed_columns(subject, city=city)]
    paper = paper_for(widths)

    # 31 columns once summed to 306 units and printed at 66 % on A3.
    assert print_scale(widths, paper) >= (0.83 if subject == "person" else 0.9)
    assert paper == (A3 if subject != "team" else A4)


def test_a_workbook_that_is_not_a_summary_is_refused(spec: Spec, compliant_workbook: Path) -> None:
    with pytest.raises(WorkbookError, match="不是本系统导出的汇总表"):
        read_summary_xlsx(compliant_workbook, spec)


def test_a_zip_bomb_is_refused_before_parsing(spec: Spec, tmp_path: Path) -> None:
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 << 20))

    with pytest.raises(WorkbookError, match="压缩炸弹"):
        read_summary_xlsx(bomb, spec)


@pytest.mark.parametrize(
    "text", ["=1+2", "+86", "-1", "@x", "\tx", "\rx", "＝1", "'=1", "'", "普通", "", "a=b"]
)
def test_safe_text_neutralises_formulas_and_restores_exactly(text: str) -> None:
    written = safe_text(text)

    assert written[:1] not in ("=", "+", "-", "@", "\t", "\r", "＝")
    assert restore_text(written) == text


@pytest.mark.parametrize(
    ("unit", "award", "kind", "expected"),
    [
        ("郑东新区", "五一劳动奖章", "汇总表", "郑东新区-五一劳动奖章-汇总表.xlsx"),
        (None, "工人先锋号", "汇总表", "全市-工人先锋号-汇总表.xlsx"),
        ('中原区/二七区:"测试"?', "奖章*", "汇总表", "中原区二七区测试-奖章-汇总表.xlsx"),
    ],
)
def test_document_filename_is_chinese_and_legal_on_windows(
    unit: str | None, award: str, kind: str, expected: str
) -> None:
    assert document_filename(unit, award, kind, "xlsx") == expected


def test_a_unit_without_nominations_still_gets_its_table_and_places(spec: Spec) -> None:
    table = summary_table(spec, MEDAL, [], unit=UNIT)

    assert table.rows == []
    assert table.usage == {UNIT: "名额 6 个，推荐 0 个"}
    assert table.totals == "合计：共 0 个（综合表彰 0 个）"


def test_rows_follow_the_stroke_order_with_their_own_numbers_and_padded_names(
    spec: Spec, rows: Rows
) -> None:
    everyone = nominations(spec, rows)
    mine = [n for n in everyone if n.award == MEDAL and n.unit == UNIT]

    table = summary_table(spec, MEDAL, everyone, unit=UNIT)

    ordered = sort_nominations(mine, StrokeOrder.SURNAME)
    assert [row[1] for row in table.rows] == [pad_name(n.facts["姓名"]) for n in ordered]
    assert [row[0] for row in table.rows] == [n.seq for n in ordered]
    assert any("\u3000" in row[1] for row in table.rows)


def test_rows_without_a_usable_number_are_numbered_after_the_highest(
    spec: Spec, rows: Rows
) -> None:
    mine = [r for r in rows[MEDAL] if r["推荐单位"] == UNIT]
    for row, seq in zip(mine, ["2", "1", "", "1", "x", "3", "4"], strict=True):
        row["序号"] = seq
    for row in mine:
        row["备选对象序号"] = "4" if row["备选对象序号"] else ""

    table = summary_table(spec, MEDAL, nominations(spec, rows), unit=UNIT)

    printed = {row[1]: row[0] for row in table.rows}
    own = {pad_name(r["姓名"]): r["序号"] for r in mine}
    # 1, 2, 3, 4 kept; the blank, the second 1 and the x follow as 5, 6, 7 in printed order.
    assert sorted(printed.values(), key=int) == ["1", "2", "3", "4", "5", "6", "7"]
    assert {n: p for n, p in printed.items() if p in ("2", "3", "4")} == {
        n: s for n, s in own.items() if s in ("2", "3", "4")
    }
    late = [printed[row[1]] for row in table.rows if printed[row[1]] in ("5", "6", "7")]
    assert late == ["5", "6", "7"]
