"""`pingxuan template`: the empty exchange workbook units fill in."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pingxuan.core.cli import main
from pingxuan.core.columns import (
    AWARD_KINDS,
    COLUMNS_BY_SUBJECT,
    UNIT_SHEET,
    UNIT_SHEET_PLEDGE,
    Column,
    Kind,
)
from pingxuan.core.spec.models import Spec
from pingxuan.core.workbook import read_workbook
from tests.core.helpers import BADGE, MEDAL, TEAM
from tests.factories.campaign import Rows, build_nominations

ENUMERATED = {Kind.ENUM, Kind.BOOL, Kind.BOOL_NA, Kind.UNIT, Kind.AWARD_KIND, Kind.TAGS, Kind.AREAS}
UNIT_HEADER = ["推荐单位", "奖状初始提名数", "奖章初始提名人数", "先锋号初始提名数", "脱密承诺书"]
LAST_ROW = 501  # 500 prepared rows under the header


def _template(tmp_path: Path, *argv: str) -> Path:
    out = tmp_path / "模板.xlsx"
    status = main(["template", str(out), *argv])
    assert status == 0
    return out


@pytest.fixture(scope="module")
def template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="module")
def book(template_path: Path) -> Workbook:
    return load_workbook(template_path)


def _validations(sheet: Worksheet) -> dict[str, tuple[str, str]]:
    """Column letter → (validation type, formula), for validations over one whole column."""
    found: dict[str, tuple[str, str]] = {}
    for validation in sheet.data_validations.dataValidation:
        for cells in validation.sqref.ranges:
            letter = get_column_letter(cells.min_col)
            assert (cells.min_col, cells.min_row, cells.max_row) == (cells.max_col, 2, LAST_ROW)
            found[letter] = (validation.type, validation.formula1)
    return found


def _list_values(book: Workbook, formula: str) -> list[str]:
    sheet_name, cells = formula.split("!")
    sheet = book[sheet_name.strip("'")]
    return [row[0].value for row in sheet[cells.replace("$", "")]]


def _expected_choices(spec: Spec, column: Column) -> list[str]:
    vocabulary = spec.vocabulary.model_dump()
    return {
        Kind.ENUM: lambda: vocabulary[column.vocabulary],
        Kind.TAGS: lambda: vocabulary[column.vocabulary],
        Kind.BOOL: lambda: ["是", "否"],
        Kind.BOOL_NA: lambda: ["是", "否", "不适用"],
        Kind.UNIT: spec.unit_names,
        Kind.AWARD_KIND: lambda: list(AWARD_KINDS),
        Kind.AREAS: lambda: [str(n) for n in range(1, 11)],
    }[column.kind]()


def test_template_has_the_award_sheets_and_the_unit_sheet(book: Workbook) -> None:
    visible = [name for name in book.sheetnames if book[name].sheet_state == "visible"]

    assert visible == [BADGE, MEDAL, TEAM, UNIT_SHEET, "填写说明"]


@pytest.mark.parametrize(
    ("sheet", "subject"),
    [
        (BADGE, "organisation"),
        (MEDAL, "person"),
        (TEAM, "team"),
    ],
)
def test_template_headers_are_the_exchange_columns_in_order(
    book: Workbook, sheet: str, subject: str
) -> None:
    header = [cell.value for cell in book[sheet][1]]

    assert header == [column.name for column in COLUMNS_BY_SUBJECT[subject]]


def test_template_unit_sheet_headers(book: Workbook) -> None:
    header = [cell.value for cell in book[UNIT_SHEET][1]]

    assert header == UNIT_HEADER
    assert header[-1] == UNIT_SHEET_PLEDGE


@pytest.mark.parametrize(
    ("sheet", "subject"),
    [
        (BADGE, "organisation"),
        (MEDAL, "person"),
        (TEAM, "team"),
    ],
)
def test_template_every_enumerated_column_has_a_drop_down_list(
    spec: Spec, book: Workbook, sheet: str, subject: str
) -> None:
    columns = COLUMNS_BY_SUBJECT[subject]
    validations = _validations(book[sheet])

    lists = {
        column.name: _list_values(book, validations[get_column_letter(index)][1])
        for index, column in enumerate(columns, start=1)
        if column.kind in ENUMERATED and validations[get_column_letter(index)][0] == "list"
    }

    assert lists == {
        column.name: _expected_choices(spec, column)
        for column in columns
        if column.kind in ENUMERATED
    }


def test_template_unit_sheet_pledge_has_a_drop_down_list(book: Workbook) -> None:
    validations = _validations(book[UNIT_SHEET])

    kind, formula = validations["E"]

    assert (kind, _list_values(book, formula)) == ("list", ["是", "否"])


def test_template_lists_live_on_a_hidden_sheet(book: Workbook) -> None:
    assert book["选项"].sheet_state == "hidden"


@pytest.mark.parametrize(
    ("sheet", "column"),
    [
        (MEDAL, "身份证号"),
        (MEDAL, "出生年月"),
        (BADGE, "统一社会信用代码"),
    ],
)
def test_template_identifier_cells_are_text(book: Workbook, sheet: str, column: str) -> None:
    header = [cell.value for cell in book[sheet][1]]
    letter = get_column_letter(header.index(column) + 1)

    formats = {book[sheet][f"{letter}{row}"].number_format for row in range(2, LAST_ROW + 1)}

    assert formats == {"@"}


def test_template_read_back_has_no_nominations(spec: Spec, template_path: Path) -> None:
    workbook = read_workbook(template_path, spec)

    assert (workbook.nominations, workbook.reports) == ([], [])
    assert workbook.sheets == [BADGE, MEDAL, TEAM, UNIT_SHEET]


def test_template_filled_in_reads_like_the_rows(
    tmp_path: Path, spec: Spec, rows: Rows, template_path: Path
) -> None:
    book = load_workbook(template_path)
    sheet = book[MEDAL]
    header = [cell.value for cell in sheet[1]]
    for number, cells in enumerate(rows[MEDAL][:12], start=2):
        for index, name in enumerate(header, start=1):
            if cells.get(name):
                sheet.cell(row=number, column=index, value=cells[name])
    filled = tmp_path / "已填写.xlsx"
    book.save(filled)
    expected, _ = build_nominations(spec, {MEDAL: rows[MEDAL][:12]})

    workbook = read_workbook(filled, spec)

    assert workbook.nominations == expected


def test_template_for_one_unit_offers_only_that_unit(tmp_path: Path) -> None:
    book = load_workbook(_template(tmp_path, "--unit", "郑东新区"))

    unit_lists = {
        sheet: _list_values(book, _validations(book[sheet])["B"][1])
        for sheet in (BADGE, MEDAL, TEAM)
    }
    report_list = _list_values(book, _validations(book[UNIT_SHEET])["A"][1])

    assert unit_lists == {BADGE: ["郑东新区"], MEDAL: ["郑东新区"], TEAM: ["郑东新区"]}
    assert report_list == ["郑东新区"]
    assert book[UNIT_SHEET]["A2"].value == "郑东新区"


def test_template_for_one_unit_reads_back_as_its_empty_report(tmp_path: Path, spec: Spec) -> None:
    workbook = read_workbook(_template(tmp_path, "--unit", "郑东新区"), spec)

    assert workbook.nominations == []
    assert [
        (r.unit, r.ref.row if r.ref else None, r.pledge_signed, r.problems)
        for r in workbook.reports
    ] == [("郑东新区", 2, None, ())]


def test_template_for_unknown_unit_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "模板.xlsx"

    status = main(["template", str(out), "--unit", "火星区"])

    captured = capsys.readouterr()
    assert status == 2
    assert captured.err == (
        "推荐单位“火星区”不在2024年郑州市五一劳动奖和郑州市工人先锋号推荐评选的名额分配表中\n"
    )
    assert not out.exists()


def test_template_prints_where_it_wrote(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = _template(tmp_path)

    assert capsys.readouterr().out == f"已生成交换模板：{out}\n"
