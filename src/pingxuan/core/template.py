"""`pingxuan template`: an empty exchange workbook with headers, drop-down lists and text ID
columns; or the same workbook filled with a unit's rows (``rows``), which reads back as the same
rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pingxuan.core.columns import (
    AWARD_KINDS,
    FALSE,
    NOT_APPLICABLE,
    TRUE,
    UNIT_SHEET,
    UNIT_SHEET_PLEDGE,
    Column,
    Kind,
    initial_count_column,
    sheet_columns,
)
from pingxuan.core.spec.models import Spec

ROWS = 500  # rows prepared with validations and text format
LISTS_SHEET = "选项"
TEXT_KINDS = {Kind.ID_NUMBER, Kind.CREDIT_CODE, Kind.MONTH, Kind.SEQ, Kind.DATE, Kind.YEARS}
MULTI_KINDS = {Kind.TAGS, Kind.AREAS}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

_HELP = {
    Kind.TAGS: "可多选，用“、”分隔",
    Kind.AREAS: "填写通知第二部分条件序号，可多个，用“、”分隔",
    Kind.MONTH: "格式 YYYY-MM，如 1985-10",
    Kind.DATE: "格式 YYYY-MM-DD，如 2024-03-01",
    Kind.YEARS: "四位年份，多个用“、”分隔",
    Kind.NEGATIVES: "格式 类型:YYYY-MM-DD，多条用“；”分隔；没有填“无”",
    Kind.ID_NUMBER: "18位，文本格式",
    Kind.CREDIT_CODE: "18位统一社会信用代码",
    # 序号 and 备选对象序号 alike: each unit numbers its rows of a sheet 1, 2, 3 …
    Kind.SEQ: "本单位本表的序号（各单位从1起连续编号）",
}


def _choices(spec: Spec, column: Column, unit: str | None) -> list[str] | None:
    vocabulary = spec.vocabulary.model_dump()
    if column.choices:
        return list(column.choices)
    if column.kind in (Kind.ENUM, Kind.TAGS):
        assert column.vocabulary
        return list(vocabulary[column.vocabulary])
    if column.kind == Kind.BOOL:
        return [TRUE, FALSE]
    if column.kind == Kind.BOOL_NA:
        return [TRUE, FALSE, NOT_APPLICABLE]
    if column.kind == Kind.UNIT:
        return [unit] if unit else spec.unit_names()
    if column.kind == Kind.AWARD_KIND:
        return list(AWARD_KINDS)
    if column.kind == Kind.AREAS:
        return [str(area.number) for area in spec.contribution_areas]
    return None


class _Lists:
    """Drop-down values live on a hidden sheet: inline lists are capped at 255 characters."""

    def __init__(self, book: Workbook):
        self.sheet = book.create_sheet(LISTS_SHEET)
        self.sheet.sheet_state = "hidden"
        self.ranges: dict[tuple[str, ...], str] = {}

    def range_for(self, values: list[str]) -> str:
        key = tuple(values)
        if key not in self.ranges:
            column = len(self.ranges) + 1
            for row, value in enumerate(values, start=1):
                self.sheet.cell(row=row, column=column, value=value)
            letter = get_column_letter(column)
            self.ranges[key] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(values)}"
        return self.ranges[key]


def _sheet(
    book: Workbook,
    lists: _Lists,
    spec: Spec,
    title: str,
    columns: tuple[Column, ...],
    unit: str | None,
) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(10, min(40, len(column.name) * 2.4 + 2))
        cells = f"{letter}2:{letter}{ROWS + 1}"
        choices = _choices(spec, column, unit)
        if choices is not None:
            multi = column.kind in MULTI_KINDS
            validation = DataValidation(
                type="list",
                formula1=lists.range_for(choices),
                allow_blank=True,
                showErrorMessage=not multi,
            )
            validation.error = f"请从下拉列表中选择“{column.name}”"
            validation.errorTitle = "取值不在可选范围内"
            if multi:
                validation.prompt = _HELP[column.kind]
                validation.showInputMessage = True
            sheet.add_data_validation(validation)
            validation.add(cells)
        elif column.kind in _HELP:
            validation = DataValidation(allow_blank=True, showInputMessage=True)
            validation.prompt = _HELP[column.kind]
            sheet.add_data_validation(validation)
            validation.add(cells)
        if column.kind in TEXT_KINDS:
            for row in range(2, ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
        if column.kind == Kind.UNIT and unit:
            for row in range(2, ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
    return sheet


# Rows of one sheet: column name → the cell's text.
Rows = Mapping[str, Sequence[Mapping[str, str]]]


def _fill(sheet: Worksheet, columns: tuple[Column, ...], rows: Sequence[Mapping[str, str]]) -> None:
    """Every value as a text cell, as typed: a text starting with “=” stays text (never a
    formula), “0012” keeps its zeros, an ID number all its digits."""
    for number, cells in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            text = cells.get(column.name, "")
            if text:
                cell = sheet.cell(row=number, column=index, value=text)
                cell.data_type = "s"
                cell.number_format = "@"


def write_template(
    spec: Spec,
    out: Path | str,
    unit: str | None = None,
    *,
    rows: Rows | None = None,
    counts: Mapping[str, int | None] | None = None,
) -> None:
    """The exchange workbook for ``unit`` (or any unit). With ``rows`` (award → its rows' texts)
    and ``counts`` (award → 初始提名数), filled with them; prepared rows beyond them as ever."""
    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    lists = _Lists(book)
    for award in spec.awards:
        columns = sheet_columns(award.subject, spec.columns)
        sheet = _sheet(book, lists, spec, award.name, columns, unit)
        if rows is not None:
            _fill(sheet, columns, rows.get(award.name, ()))
    unit_columns = (
        Column("推荐单位", Kind.UNIT),
        *(Column(initial_count_column(a.short_name, a.subject), Kind.COUNT) for a in spec.awards),
        Column(UNIT_SHEET_PLEDGE, Kind.BOOL),
    )
    report = _sheet(book, lists, spec, UNIT_SHEET, unit_columns, unit)
    if unit:
        report.cell(row=2, column=1, value=unit)
        for index, award in enumerate(spec.awards, start=2):
            count = (counts or {}).get(award.name)
            if count is not None:
                report.cell(row=2, column=index, value=count)
    _instructions(book, spec)
    book.move_sheet(LISTS_SHEET, offset=len(book.sheetnames))
    book.save(str(out))


def _instructions(book: Workbook, spec: Spec) -> None:
    sheet = book.create_sheet("填写说明")
    lines = [
        f"{spec.campaign.title} 推荐交换工作簿",
        "每个推荐对象填一行；第1行为表头，请勿修改；是/否 列填“是”或“否”；多个值用“、”分隔。",
        "身份证号、统一社会信用代码、出生年月已设为文本格式，请直接输入，不要加引号或空格。",
        "表彰类型：综合表彰（占名额）、专项表彰（不占名额）、备选（企业负责人或科级领导干部的备选，"
        "“备选对象序号”填其负责人的序号）。",
        "序号：本单位每张表各自从1起连续编号（1、2、3……），网上填报页、汇总表和初审都用这个号。",
        "贡献领域（通知第二部分）：",
        *(f"  {area.number}．{area.text}" for area in spec.contribution_areas),
        "负面记录类型：" + "、".join(spec.eligibility.negative_record_types),
        "填好后可用 `pingxuan check 文件名.xlsx` 检查，或在系统中上传。",
    ]
    for row, line in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=line)
    sheet.column_dimensions["A"].width = 110
