"""Columns a spec declares for its own conditions (spec.columns): Xiamen's 企业职工 share."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from pingxuan.core.rules.engine import check
from pingxuan.core.spec.loader import parse_spec
from pingxuan.core.template import write_template
from pingxuan.core.workbook import read_workbook
from tests.core.helpers import MEDAL
from tests.core.test_spec import SPEC_2024, refused
from tests.factories.campaign import Generator, build_nominations, write_workbook

COLUMN = """
[[columns]]
name = "是否企业职工"
subjects = ["person"]
values = ["是", "否"]
description = "推荐对象是否为企业职工"

[[ratios]]
id = "medal.enterprise_worker"
label = "企业职工"
awards = ["五一劳动奖章"]
population = "是否企业职工 = 是"
min = 0.5
clause = "三（一）1"
"""


def _spec():
    return parse_spec(SPEC_2024 + COLUMN)


def _enterprise_workers(rows, count):
    for index, row in enumerate(r for r in rows[MEDAL] if r["表彰类型"] == "综合表彰"):
        row["是否企业职工"] = "是" if index < count else "否"


def _ratio_hints(spec, rows):
    nominations, reports = build_nominations(spec, rows)
    found = check(spec, nominations, reports)
    return [f.hint for f in found if f.rule == "ratio.medal.enterprise_worker"]


def test_condition_on_a_declared_column_is_counted():
    spec = _spec()
    rows = Generator(spec).rows()
    _enterprise_workers(rows, 60)
    assert _ratio_hints(spec, rows) == []
    _enterprise_workers(rows, 58)
    assert _ratio_hints(spec, rows) == ["还需 2 名企业职工"]


def test_declared_column_is_in_the_template_and_read_back(tmp_path: Path):
    spec = _spec()
    write_template(spec, tmp_path / "模板.xlsx")
    header = [cell.value for cell in load_workbook(tmp_path / "模板.xlsx")[MEDAL][1]]
    assert "是否企业职工" in " ".join(str(h) for h in header)

    rows = Generator(spec).rows()
    _enterprise_workers(rows, 58)
    book = read_workbook(write_workbook(tmp_path / "汇总.xlsx", spec, rows), spec)
    workers = [n for n in book.nominations if n.facts.get("是否企业职工") == "是"]
    assert len(workers) == 58


def test_declared_column_value_outside_its_list_is_a_cell_problem():
    spec = _spec()
    rows = Generator(spec).rows()
    rows[MEDAL][0]["是否企业职工"] = "也许"
    nominations, _ = build_nominations(spec, rows)
    assert [p.column for p in nominations[len(rows["五一劳动奖状"])].problems] == ["是否企业职工"]


def test_condition_with_a_value_the_column_does_not_take_is_refused():
    problems = refused(SPEC_2024 + COLUMN.replace("是否企业职工 = 是", "是否企业职工 = 对"))
    assert problems[0][0] == "ratios[21].population"
    assert "列“是否企业职工”没有取值“对”（可选：是、否）" in problems[0][1]


def test_declaring_an_exchange_column_again_is_refused():
    problems = refused(SPEC_2024 + COLUMN.replace('name = "是否企业职工"', 'name = "身份类别"'))
    assert ("columns[0].name", "“身份类别”已是交换表格的列，不能再声明") in problems
