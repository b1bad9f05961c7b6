"""The documents of a unit's own procedure: what each says from the data, and ``pingxuan export``
writing them as Word files from an exchange workbook (issue 13, 5)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from pingxuan.core.cli import EXIT_OK, EXIT_UNCHECKABLE, main
from pingxuan.core.columns import UNIT_SHEET, initial_count_column
from pingxuan.core.documents.procedure import (
    BLANK,
    KINDS,
    NOTICE_STATEMENT,
    PLEDGE,
    REPORT,
    RESOLUTION,
    NoticeFacts,
    ProcedureDocument,
    award_year_and_city,
    organiser_statement,
    procedure_document,
)
from pingxuan.core.documents.procedure_word import procedure_docx
from pingxuan.core.nominations import Nomination, UnitReport
from pingxuan.core.spec.loader import load_spec
from pingxuan.core.spec.models import Spec
from tests.factories.campaign import Rows, build_nominations, write_workbook

UNIT = "郑东新区"


def _mine(spec: Spec, rows: Rows) -> tuple[list[Nomination], UnitReport]:
    nominations, reports = build_nominations(spec, rows)
    report = next(r for r in reports if r.unit == UNIT)
    return [n for n in nominations if n.unit == UNIT], report


def _text(doc: ProcedureDocument) -> str:
    parts = []
    for page in doc.pages:
        parts += [page.title, page.addressee, *page.signatures]
        for section in page.sections:
            parts += [section.heading, *section.paragraphs]
            if section.table:
                parts += ["|".join(row) for row in section.table.rows]
    return "\n".join(parts)


def test_report_tells_the_differential_round_from_the_initial_counts(
    spec: Spec, rows: Rows
) -> None:
    nominations, report = _mine(spec, rows)
    medal = [n for n in nominations if n.award == "五一劳动奖章"]
    initial = report.initial_counts["五一劳动奖章"]

    text = _text(procedure_document(REPORT, spec, UNIT, nominations, report))

    assert text.startswith(f"{UNIT}关于推荐2024年郑州市五一劳动奖状、五一劳动奖章、工人先锋号")
    assert "郑州市总工会：" in text
    assert f"五一劳动奖章：初始提名 {initial} 人，差额确定推荐对象 {len(medal)} 人" in text
    assert "不是差额评选" not in text
    assert "2024年2月" in text  # the 职代会 dates of the rows
    assert f"{UNIT}（盖章）" in text


def test_report_says_when_a_round_was_not_differential(spec: Spec, rows: Rows) -> None:
    nominations, report = _mine(spec, rows)
    report.initial_counts["五一劳动奖章"] = 1

    text = _text(procedure_document(REPORT, spec, UNIT, nominations, report))

    assert "五一劳动奖章的初始提名数（1）没有多于推荐数" in text


def test_report_leaves_blanks_for_what_the_data_does_not_know(spec: Spec, rows: Rows) -> None:
    nominations, _ = _mine(spec, rows)
    first = nominations[0]
    first.facts["职代会审议日期"] = None

    text = _text(procedure_document(REPORT, spec, UNIT, nominations))

    assert f"初始提名 {BLANK}" in text
    assert f"公示期 {BLANK} 个工作日" in text
    assert f"未填写审议日期的推荐对象：{first.facts.get('姓名') or first.label}" in text


def test_notice_outcome_comes_from_the_recorded_facts(spec: Spec, rows: Rows) -> None:
    nominations, _ = _mine(spec, rows)
    quiet = NoticeFacts(
        start=date(2024, 3, 25), end=date(2024, 3, 29), working_days=5, objections=0
    )
    complained = NoticeFacts(objections=2, upheld=1)

    calm = _text(procedure_document(NOTICE_STATEMENT, spec, UNIT, nominations, None, quiet))
    stirred = _text(
        procedure_document(NOTICE_STATEMENT, spec, UNIT, nominations, notice=complained)
    )

    assert "于2024年3月25日至2024年3月29日" in calm and "公示期 5 个工作日" in calm
    assert "公示期间未收到任何异议" in calm
    assert "收到反映 2 件" in stirred and "反映属实 1 件" in stirred
    assert (
        "五一劳动奖章公示姓名、工作单位、职务、简要事迹" in calm
    )  # the notice's fields, from the spec


def test_statement_of_a_level_that_hides_sensitive_nominees_leaves_them_out(
    spec: Spec, rows: Rows
) -> None:
    nominations, _ = _mine(spec, rows)
    nominations[0].facts["涉敏"] = "是"
    county = NoticeFacts(level_name="县级公示", shows_sensitive=False)

    doc = procedure_document(NOTICE_STATEMENT, spec, UNIT, nominations, None, county)
    table = doc.pages[0].sections[1].table

    assert table is not None and len(table.rows) == len(nominations) - 1
    assert "是" not in [row[-1] for row in table.rows]
    assert "进行了县级公示，" in _text(doc)
    assert "涉敏信息对象 1 个按规定只进行基层公示，未列入本次公示" in _text(doc)


def test_pledge_marks_the_sensitive_nominees(spec: Spec, rows: Rows) -> None:
    nominations, _ = _mine(spec, rows)
    nominations[0].facts["涉敏"] = "是"

    doc = procedure_document(PLEDGE, spec, UNIT, nominations)
    table = doc.pages[0].sections[1].table

    assert doc.pages[0].title == "推荐对象脱密情况承诺书"
    assert table is not None and len(table.rows) == len(nominations)
    assert [row[-1] for row in table.rows].count("是") == 1
    assert "其中涉敏信息对象 1 个" in _text(doc)


def test_withdrawn_nominations_are_not_listed(spec: Spec, rows: Rows) -> None:
    nominations, _ = _mine(spec, rows)
    nominations[0].withdrawn = True

    doc = procedure_document(PLEDGE, spec, UNIT, nominations)

    assert len(doc.pages[0].sections[1].table.rows) == len(nominations) - 1  # type: ignore[union-attr]


def test_the_report_counts_what_the_unit_put_forward_failed_since_or_not(
    spec: Spec, rows: Rows
) -> None:
    # As the unit's 汇总表 does: the report once said 6 where the 汇总表 said 7.
    nominations, report = _mine(spec, rows)
    medal = [n for n in nominations if n.award == "五一劳动奖章"]
    medal[0].withdrawn = True

    text = _text(procedure_document(REPORT, spec, UNIT, nominations, report))

    assert f"差额确定推荐对象 {len(medal)} 人" in text


def test_one_resolution_page_per_nominee_with_its_review_date(spec: Spec, rows: Rows) -> None:
    nominations, _ = _mine(spec, rows)

    doc = procedure_document(RESOLUTION, spec, UNIT, nominations)

    assert len(doc.pages) == len(nominations)
    assert all(page.title.endswith("职工代表大会决议") for page in doc.pages)
    assert all("同意 ＿＿＿＿ 票" in "".join(page.sections[0].paragraphs) for page in doc.pages)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_a_word_file_with_a_page_per_form(spec: Spec, rows: Rows, kind: str) -> None:
    nominations, report = _mine(spec, rows)
    doc = procedure_document(kind, spec, UNIT, nominations, report)

    document = Document(io.BytesIO(procedure_docx(doc)))
    body = document.element.body.xml

    assert document.paragraphs[0].text == doc.pages[0].title
    assert body.count('w:type="page"') == len(doc.pages) - 1


@pytest.mark.parametrize("kind", KINDS)
def test_export_writes_each_document_from_a_workbook(
    spec: Spec,
    compliant_workbook: Path,
    tmp_path: Path,
    kind: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / f"{kind}.docx"

    code = main(["export", kind, str(compliant_workbook), "--unit", UNIT, "--out", str(out)])

    assert code == EXIT_OK
    title = Document(str(out)).paragraphs[0].text
    assert (
        title.endswith("职工代表大会决议")
        if kind == RESOLUTION
        else UNIT in title or kind == PLEDGE
    )
    assert f"已生成{UNIT}" in capsys.readouterr().out


def test_export_counts_the_notice_working_days(compliant_workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "statement.docx"
    arguments = ["export", "statement", str(compliant_workbook), "--unit", UNIT, "--out", str(out)]
    # 2024-04-04 to 04-06 was 清明 (a holiday); 04-07 a worked Sunday.
    period = ["--notice-start", "2024-04-01", "--notice-end", "2024-04-08", "--objections", "0"]

    assert main([*arguments, *period]) == EXIT_OK
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "公示期 5 个工作日" in text and "未收到任何异议" in text


def test_export_refuses_an_unknown_unit_or_a_reversed_period(
    compliant_workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.docx"
    base = ["export", "report", str(compliant_workbook), "--out", str(out)]

    assert main([*base, "--unit", "不存在的单位"]) == EXIT_UNCHECKABLE
    reversed_period = ["--notice-start", "2024-04-08", "--notice-end", "2024-04-01"]
    assert main([*base, "--unit", UNIT, *reversed_period]) == EXIT_UNCHECKABLE
    assert "公示结束日期早于开始日期" in capsys.readouterr().err
    assert not out.exists()


def test_initial_counts_of_the_workbook_reach_the_report(
    spec: Spec, rows: Rows, tmp_path: Path
) -> None:
    for report in rows[UNIT_SHEET]:
        if report["推荐单位"] == UNIT:
            report[initial_count_column("奖章", "person")] = "31"
    workbook = write_workbook(tmp_path / "w.xlsx", spec, rows)
    out = tmp_path / "report.docx"

    assert main(["export", "report", str(workbook), "--unit", UNIT, "--out", str(out)]) == EXIT_OK
    assert "初始提名 31 人" in "\n".join(p.text for p in Document(str(out)).paragraphs)


def test_organiser_statement_lists_every_unit_notice_and_nominee(spec: Spec, rows: Rows) -> None:
    nominations, _ = build_nominations(spec, rows)
    listed = [n for n in nominations if n.unit in (UNIT, "巩义市")]
    top = NoticeFacts(
        level_name="市级公示",
        shows_sensitive=False,
        start=date(2024, 4, 9),
        end=date(2024, 4, 15),
        working_days=5,
        place="评选系统公示网页",
        objections=0,
    )
    units = [
        (UNIT, NoticeFacts(start=date(2024, 3, 25), end=date(2024, 3, 29), working_days=5)),
        ("巩义市", NoticeFacts(start=date(2024, 3, 25), end=date(2024, 3, 29))),
    ]

    doc = organiser_statement(spec, "河南省总工会", listed, top, units)
    text = _text(doc)

    assert doc.pages[0].title == "郑州市总工会关于市级公示情况的说明"
    assert doc.pages[0].addressee == "河南省总工会："
    assert "按照郑工办〔2024〕6号文件的要求，郑州市总工会对各推荐单位差额推荐" in text
    assert "公示期 5 个工作日" in text and "均在市级公示开始之前期满" in text
    assert f"1|{UNIT}|2024年3月25日至2024年3月29日|5" in text
    assert f"2|巩义市|2024年3月25日至2024年3月29日|{BLANK}" in text
    table = doc.pages[0].sections[2].table
    assert table is not None and len(table.rows) == len(listed)
    assert {row[-1] for row in table.rows} == {UNIT, "巩义市"}


def test_organiser_statement_without_unit_notices_or_an_addressee_leaves_blanks(
    spec: Spec,
) -> None:
    bare = spec.model_copy(
        update={"campaign": spec.campaign.model_copy(update={"document_number": ""})}
    )

    doc = organiser_statement(bare, "", [], NoticeFacts(level_name="县级公示"))
    text = _text(doc)

    assert doc.pages[0].addressee == f"{BLANK}："
    assert f"按照《{spec.campaign.title}》的要求" in text
    assert f"公示期 {BLANK} 个工作日" in text and f"公示内容：{BLANK}" in text
    assert [s.heading for s in doc.pages[0].sections] == ["", "表一　县级公示的推荐对象"]


@pytest.mark.parametrize(
    ("campaign", "prefix"),
    [
        ("zhengzhou-2024", "2024年郑州市"),
        # The county puts nominees forward for the city's awards: its forms say the city's.
        ("zhongmu-2024", "2024年郑州市"),
        ("xiamen-2016", "2016年厦门市"),
        ("national-2024", ""),
    ],
)
def test_the_forms_name_the_year_and_city_of_the_awards(campaign: str, prefix: str) -> None:
    assert award_year_and_city(load_spec(campaign)) == prefix
