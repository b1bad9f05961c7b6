"""Reading the exchange workbook (RULES.md §6): faithful rows, refused files, bad cells per row."""

from __future__ import annotations

import random
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from pingxuan.core.columns import COLUMNS_BY_SUBJECT
from pingxuan.core.findings import Finding, RowRef
from pingxuan.core.rules.engine import check
from pingxuan.core.spec.models import Spec
from pingxuan.core.workbook import MAX_MEMBERS, WorkbookError, guard_archive, read_workbook
from tests.core.helpers import (
    BADGE,
    MEDAL,
    TEAM,
    add_member,
    at_row,
    excel_row,
    first_row,
    write_sheet,
)
from tests.factories.campaign import Rows, build_nominations, write_workbook

PERSON_HEADER = [column.name for column in COLUMNS_BY_SUBJECT["person"]]
NOT_XLSX = "：不是 Excel 工作簿（.xlsx），请上传用 Excel 保存的 .xlsx 文件"


def _lines(rows: Rows, sheet: str, header: list[str]) -> list[list[object]]:
    return [[row.get(name) or None for name in header] for row in rows[sheet]]


# ── a faithful reading ───────────────────────────────────────────────────


def test_read_workbook_gives_the_same_nominations_as_the_rows(
    spec: Spec, rows: Rows, compliant_workbook: Path
) -> None:
    expected_nominations, expected_reports = build_nominations(spec, rows)

    workbook = read_workbook(compliant_workbook, spec)

    assert workbook.nominations == expected_nominations
    assert workbook.reports == expected_reports
    assert workbook.sheets == [BADGE, MEDAL, TEAM, "推荐单位情况"]


def test_read_workbook_numbers_rows_as_excel_does(
    spec: Spec, rows: Rows, compliant_workbook: Path
) -> None:
    workbook = read_workbook(compliant_workbook, spec)

    medal_rows = [n.ref.row for n in workbook.nominations if n.award == MEDAL]
    report_rows = [r.ref.row for r in workbook.reports if r.ref]

    assert medal_rows == list(range(2, len(rows[MEDAL]) + 2))
    assert report_rows == list(range(2, len(rows["推荐单位情况"]) + 2))


def test_read_workbook_compliant_campaign_has_no_findings(
    spec: Spec, compliant_workbook: Path
) -> None:
    workbook = read_workbook(compliant_workbook, spec)

    findings = check(spec, workbook.nominations, workbook.reports)

    assert findings == []


def test_read_workbook_skips_blank_rows_but_keeps_counting(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    first, second = _lines(rows, MEDAL, PERSON_HEADER)[:2]
    blank = [None] * len(PERSON_HEADER)
    spaces = [" "] * 3 + [None] * (len(PERSON_HEADER) - 3)
    path = write_sheet(
        tmp_path / "空行.xlsx", {MEDAL: [PERSON_HEADER, first, blank, spaces, second]}
    )

    workbook = read_workbook(path, spec)

    assert [n.ref for n in workbook.nominations] == [RowRef(MEDAL, 2), RowRef(MEDAL, 5)]
    assert [n.facts["身份证号"] for n in workbook.nominations] == [
        rows[MEDAL][0]["身份证号"],
        rows[MEDAL][1]["身份证号"],
    ]


def test_read_workbook_ignores_extra_columns_and_column_order(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    header = ["备注", *reversed(PERSON_HEADER), "联系电话"]
    lines = [
        ["内部备注", *reversed(line), "13800000000"] for line in _lines(rows, MEDAL, PERSON_HEADER)
    ]
    path = write_sheet(tmp_path / "乱序.xlsx", {MEDAL: [header, *lines]})
    expected, _ = build_nominations(spec, {MEDAL: rows[MEDAL]})

    workbook = read_workbook(path, spec)

    assert workbook.nominations == expected


def test_read_workbook_header_cells_with_spaces_line_breaks_and_stars_still_match(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    decorated = {
        "身份证号": "身份\n证号",
        "姓名": " 姓  名 ",
        "推荐单位": "*推荐单位",
        "出生年月": "出生\r\n年月＊",
    }
    header = [decorated.get(name, name) for name in PERSON_HEADER]
    path = write_sheet(
        tmp_path / "表头.xlsx", {MEDAL: [header, *_lines(rows, MEDAL, PERSON_HEADER)]}
    )
    expected, _ = build_nominations(spec, {MEDAL: rows[MEDAL]})

    workbook = read_workbook(path, spec)

    assert workbook.nominations == expected


def test_read_workbook_absent_sheet_means_no_nominations_of_that_award(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    path = write_workbook(tmp_path / "只有奖章.xlsx", spec, rows, sheets=[MEDAL])

    workbook = read_workbook(path, spec)

    assert {n.award for n in workbook.nominations} == {MEDAL}
    assert len(workbook.nominations) == len(rows[MEDAL])
    assert (workbook.sheets, workbook.reports) == ([MEDAL], [])


def test_read_workbook_optional_leader_columns_may_be_absent(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    optional = {
        "已建工会",
        "按时缴纳工会经费",
        "建立职代会制度",
        "签订集体合同",
        "劳动关系和谐",
        "负面记录",
    }
    header = [name for name in PERSON_HEADER if name not in optional]
    path = write_sheet(tmp_path / "无企业列.xlsx", {MEDAL: [header, *_lines(rows, MEDAL, header)]})

    workbook = read_workbook(path, spec)

    assert len(workbook.nominations) == len(rows[MEDAL])


def test_read_workbook_sheet_names_with_spaces_are_found(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    path = write_sheet(
        tmp_path / "表名.xlsx", {f" {MEDAL} ": [PERSON_HEADER, *_lines(rows, MEDAL, PERSON_HEADER)]}
    )

    workbook = read_workbook(path, spec)

    assert len(workbook.nominations) == len(rows[MEDAL])


# ── files that cannot be checked at all ──────────────────────────────────


def test_read_workbook_text_file_is_refused(tmp_path: Path, spec: Spec) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_text("姓名,身份证号\n张三,410102198503011234\n", encoding="utf-8")

    with pytest.raises(WorkbookError) as raised:
        read_workbook(path, spec)

    assert str(raised.value) == "名单.xlsx" + NOT_XLSX


def test_read_workbook_random_bytes_are_refused(tmp_path: Path, spec: Spec) -> None:
    path = tmp_path / "乱码.xlsx"
    path.write_bytes(random.Random(7).randbytes(4096))

    with pytest.raises(WorkbookError) as raised:
        read_workbook(path, spec)

    assert str(raised.value) == "乱码.xlsx" + NOT_XLSX


def test_read_workbook_empty_file_is_refused(tmp_path: Path, spec: Spec) -> None:
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")

    with pytest.raises(WorkbookError) as raised:
        read_workbook(path, spec)

    assert str(raised.value) == "空.xlsx" + NOT_XLSX


def test_read_workbook_missing_file_is_refused(tmp_path: Path, spec: Spec) -> None:
    with pytest.raises(WorkbookError) as raised:
        read_workbook(tmp_path / "没有.xlsx", spec)

    assert str(raised.value) == "没有.xlsx：找不到文件"


def test_read_workbook_legacy_xls_is_refused_with_advice(tmp_path: Path, spec: Spec) -> None:
    path = tmp_path / "旧版.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))

    with pytest.raises(WorkbookError) as raised:
        read_workbook(path, spec)

    assert str(raised.value) == "旧版.xls：这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再上传"


def test_read_workbook_truncated_zip_is_refused(
    tmp_path: Path, spec: Spec, compliant_workbook: Path
) -> None:
    path = tmp_path / "截断.xlsx"
    path.write_bytes(compliant_workbook.read_bytes()[:5000])

    with pytest.raises(WorkbookError) as raised:
        read_workbook(path, spec)

    assert str(raised.value) == "截断.xlsx" + NOT_XLSX


def test_read_workbook_zip_with_garbled_members_is_refused(
    tmp_path: Path, spec: Spec, compliant_workbook: Path
) -> None:
    data = bytearray(compliant_workbook.read_bytes())
    with zipfile.ZipFile(compliant_workbook) as archive:
        infos = archive.infolist()
    for info in infos:  # overwrite every member's compressed data, keep the directory
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        data[start : start + info.compress_size] = b"\xff" * info.compress_size
    path = tmp_path / "损坏.xlsx"
    path.write_bytes(bytes(data))

    with pytest.raises(WorkbookError) as raised:
        read_workbook(path, spec)

    assert str(raised.value).startswith("损坏.xlsx：无法作为 Excel 工作簿打开（")


def test_read_workbook_garbled_sheet_is_refused_naming_the_sheet(
    tmp_path: Path, spec: Spec, compliant_workbook: Path
) -> None:
    data = bytearray(compliant_workbook.read_bytes())
    with zipfile.ZipFile(compliant_workbook) as archive:
        info = archive.getinfo("xl/worksheets/sheet2.xml")  # the second sheet: 五一劳动奖章
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 10 : start + info.compress_size] = bytes(info.compress_size - 10)
    path = tmp_path / "坏表.xlsx"
    path.write_bytes(bytes(data))

    with pytest.raises(WorkbookError) as raised:
        read_workbook(path, spec)

    assert str(raised.value).startswith("坏表.xlsx：工作表“五一劳动奖章”无法读取（")


def test_read_workbook_zip_that_is_not_a_workbook_is_refused(tmp_path: Path, spec: Spec) -> None:
    path = tmp_path / "压缩包.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("说明.txt", "这不是工作簿")

    with pytest.raises(WorkbookError) as raised:
        read_workbook(path, spec)

    assert str(raised.value).startswith("压缩包.xlsx：无法作为 Excel 工作簿打开（")


def test_read_workbook_without_any_known_sheet_is_refused(tmp_path: Path, spec: Spec) -> None:
    path = write_sheet(tmp_path / "别的表.xlsx", {"Sheet1": [["姓名"], ["张三"]]})

    with pytest.raises(WorkbookError) as raised:
        read_workbook(path, spec)

    assert str(raised.value) == (
        "别的表.xlsx：找不到工作表“五一劳动奖状”“五一劳动奖章”“工人先锋号”中的任何一张，请使用交换模板"
    )


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A genuine workbook plus 200 MiB of zeros that deflate to about 200 KB."""
    from pingxuan.core.spec.loader import load_spec
    from tests.factories.campaign import Generator

    spec = load_spec("zhengzhou-2024")
    path = tmp_path_factory.mktemp("bomb") / "炸弹.xlsx"
    write_workbook(path, spec, Generator(spec).rows())
    return add_member(path, "xl/media/image1.bin", 200 << 20)


def test_read_workbook_zip_bomb_is_refused_before_parsing(zip_bomb: Path, spec: Spec) -> None:
    with zipfile.ZipFile(zip_bomb) as archive:
        member = archive.getinfo("xl/media/image1.bin")
    ratio = member.file_size // member.compress_size

    with pytest.raises(WorkbookError) as raised:
        read_workbook(zip_bomb, spec)

    assert ratio > 200
    assert str(raised.value) == (
        f"炸弹.xlsx：部件 xl/media/image1.bin 压缩比异常（{ratio}倍），疑似压缩炸弹，已拒绝读取"
    )


def test_guard_archive_refuses_too_much_uncompressed_data(
    tmp_path: Path, compliant_workbook: Path
) -> None:
    path = tmp_path / "过大.xlsx"
    shutil.copy(compliant_workbook, path)
    add_member(path, "xl/media/image1.bin", 3 << 20, compress=False)  # ratio 1: not a bomb

    with pytest.raises(WorkbookError) as raised:
        guard_archive(path, max_uncompressed=2 << 20)

    assert str(raised.value) == "过大.xlsx：解压后达3 MB，超过2 MB 上限，疑似压缩炸弹，已拒绝读取"


def test_guard_archive_lets_an_ordinary_workbook_through(compliant_workbook: Path) -> None:
    guard_archive(compliant_workbook, max_uncompressed=10 << 20)


def test_guard_archive_refuses_too_many_members(tmp_path: Path) -> None:
    path = tmp_path / "部件.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(MAX_MEMBERS + 1):
            archive.writestr(f"xl/media/{index}.bin", b"")

    with pytest.raises(WorkbookError) as raised:
        guard_archive(path)

    assert str(raised.value) == (
        f"部件.xlsx：文件内部结构异常（包含{MAX_MEMBERS + 1}个部件），已拒绝读取"
    )


# ── required columns ─────────────────────────────────────────────────────


def test_read_workbook_missing_required_column_names_file_sheet_and_column(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    header = [name for name in PERSON_HEADER if name != "身份证号"]
    path = write_sheet(tmp_path / "缺列.xlsx", {MEDAL: [header, *_lines(rows, MEDAL, header)]})

    with pytest.raises(WorkbookError) as raised:
        read_workbook(path, spec)

    assert str(raised.value) == (
        "缺列.xlsx：工作表“五一劳动奖章”缺少列“身份证号”（第1行应为表头，可下载模板对照）"
    )


def test_read_workbook_missing_columns_are_all_named(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    path = write_workbook(tmp_path / "缺两列.xlsx", spec, rows, drop_columns=["贡献领域", "涉敏"])

    with pytest.raises(WorkbookError) as raised:
        read_workbook(path, spec)

    assert str(raised.value) == (
        "缺两列.xlsx：工作表“五一劳动奖状”缺少列“贡献领域”“涉敏”（第1行应为表头，可下载模板对照）"
    )


def test_read_workbook_empty_sheet_is_a_missing_header(tmp_path: Path, spec: Spec) -> None:
    path = write_sheet(tmp_path / "空表.xlsx", {TEAM: []})

    with pytest.raises(WorkbookError) as raised:
        read_workbook(path, spec)

    assert str(raised.value).startswith(
        "空表.xlsx：工作表“工人先锋号”缺少列“序号”“推荐单位”“集体名称”"
    )


# ── bad cells: findings of their own row only ────────────────────────────


def _findings_with(tmp_path: Path, spec: Spec, rows: Rows) -> list[Finding]:
    workbook = read_workbook(write_workbook(tmp_path / "汇总.xlsx", spec, rows), spec)
    return check(spec, workbook.nominations, workbook.reports)


def test_read_workbook_unknown_enumeration_value_is_a_finding_of_its_row(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    index = first_row(rows, MEDAL, 性别="男")
    rows[MEDAL][index]["性别"] = "男性"
    name = rows[MEDAL][index]["姓名"]

    findings = _findings_with(tmp_path, spec, rows)

    assert [(f.rule, f.clause, f.severity.value, f.rows, f.message, f.hint) for f in findings] == [
        (
            "data.value",
            "数据",
            "error",
            (RowRef(MEDAL, excel_row(index)),),
            f"{name}：性别“男性”不在可选范围内",
            "请从下列值中选择：男、女",
        )
    ]


def test_read_workbook_impossible_date_is_a_finding_of_its_row(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    index = first_row(rows, TEAM)
    rows[TEAM][index]["职代会审议日期"] = "2024-02-30"
    label = rows[TEAM][index]["所属单位全称"] + rows[TEAM][index]["集体名称"]

    findings = _findings_with(tmp_path, spec, rows)

    assert [(f.rule, f.rows, f.message) for f in findings] == [
        ("data.date", (RowRef(TEAM, excel_row(index)),), f"{label}：日期“2024-02-30”无法识别"),
    ]


def test_read_workbook_years_written_with_nian_are_read(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    index = first_row(rows, BADGE)
    rows[BADGE][index]["曾获市级荣誉年份"] = "2022年、2019 年"
    rows[BADGE][index]["新的突出贡献"] = "2023年牵头攻克关键技术"

    workbook = read_workbook(write_workbook(tmp_path / "年份.xlsx", spec, rows), spec)
    nomination = [n for n in workbook.nominations if n.award == BADGE][index]

    assert (nomination.facts["曾获市级荣誉年份"], nomination.problems) == ((2019, 2022), ())


def test_read_workbook_real_date_cells_are_read_as_dates(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    index = first_row(rows, TEAM)
    rows[TEAM][index]["职代会审议日期"] = date(2024, 3, 1)  # type: ignore[assignment]

    workbook = read_workbook(write_workbook(tmp_path / "日期.xlsx", spec, rows), spec)
    nomination = [n for n in workbook.nominations if n.award == TEAM][index]

    assert (nomination.facts["职代会审议日期"], nomination.problems) == (date(2024, 3, 1), ())


def test_read_workbook_id_number_stored_as_number_is_a_finding_of_its_row(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    index = next(i for i, row in enumerate(rows[MEDAL]) if row["身份证号"][-1] != "X")
    rows[MEDAL][index]["身份证号"] = int(rows[MEDAL][index]["身份证号"])  # type: ignore[assignment]
    name = rows[MEDAL][index]["姓名"]

    findings = _findings_with(tmp_path, spec, rows)

    assert [(f.rule, f.rows, f.message, f.hint) for f in findings] == [
        (
            "data.id_number",
            (RowRef(MEDAL, excel_row(index)),),
            f"{name}：身份证号被存为数字，末几位可能已丢失",
            "请把身份证号一列设为文本格式后重新填写",
        )
    ]


def test_read_workbook_birth_month_stored_as_number_is_ambiguous(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    # 1985.10 typed into a number cell is 1985.1: January or October?
    index = first_row(rows, MEDAL)
    rows[MEDAL][index]["出生年月"] = 1985.10  # type: ignore[assignment]
    name = rows[MEDAL][index]["姓名"]

    findings = _findings_with(tmp_path, spec, rows)

    assert [(f.rule, f.rows, f.message) for f in findings] == [
        (
            "data.date",
            (RowRef(MEDAL, excel_row(index)),),
            f"{name}：出生年月“1985.1”被存为数字，无法区分月份",
        )
    ]


def test_read_workbook_unambiguous_birth_month_number_is_read(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    index = first_row(rows, MEDAL)
    rows[MEDAL][index]["出生年月"] = 1985.03  # type: ignore[assignment]

    workbook = read_workbook(write_workbook(tmp_path / "出生.xlsx", spec, rows), spec)
    nomination = [n for n in workbook.nominations if n.award == MEDAL][index]

    assert nomination.facts["出生年月"] == date(1985, 3, 1)


def test_read_workbook_bad_row_never_hides_findings_of_other_rows(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    medals = rows[MEDAL]
    garbage, violation = 1, 5  # Excel rows 3 and 7
    medals[garbage].update(
        {
            "性别": "？",
            "出生年月": "八五年",
            "身份证号": "123",
            "人员标签": "一线、劳模",
            "是否重点产业": "也许",
            "贡献领域": "第十一条",
            "职代会审议日期": "上周",
            "曾获市级荣誉年份": "去年",
            "涉敏": "不知道",
        }
    )
    medals[violation]["跨区域农民工"] = "是"
    medals[violation]["对方同意"] = "否"
    bad, name = medals[garbage]["姓名"], medals[violation]["姓名"]

    findings = _findings_with(tmp_path, spec, rows)

    assert at_row(findings, MEDAL, 3) == [
        ("data.date", f"{bad}：出生年月“八五年”无法识别"),
        ("data.date", f"{bad}：日期“上周”无法识别"),
        ("data.id_number", f"{bad}：身份证号应为18位，现为3位"),
        ("data.value", f"{bad}：人员标签中的“劳模”不在可选范围内"),
        ("data.value", f"{bad}：年份“去年”无法识别"),
        ("data.value", f"{bad}：性别“？”不在可选范围内"),
        ("data.value", f"{bad}：是否重点产业“也许”不在可选范围内"),
        ("data.value", f"{bad}：涉敏“不知道”不在可选范围内"),
        ("data.value", f"{bad}：贡献领域“第十一条”无法识别"),
    ]
    assert at_row(findings, MEDAL, 7) == [
        ("eligibility.cross_region_consent", f"{name}：跨区域农民工未征得对方同意"),
    ]
    assert sorted({ref.row for f in findings for ref in f.rows}) == [3, 7]


def test_read_workbook_lowercase_x_in_an_id_number_is_accepted(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    index = next(i for i, row in enumerate(rows[MEDAL]) if row["身份证号"].endswith("X"))
    rows[MEDAL][index]["身份证号"] = rows[MEDAL][index]["身份证号"].lower()

    workbook = read_workbook(write_workbook(tmp_path / "小写.xlsx", spec, rows), spec)
    nomination = [n for n in workbook.nominations if n.award == MEDAL][index]

    assert (nomination.facts["身份证号"], nomination.problems) == (
        rows[MEDAL][index]["身份证号"].upper(),
        (),
    )


def test_read_workbook_numbers_typed_as_numbers_still_link_alternates(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    for row in rows[MEDAL]:
        row["序号"] = int(row["序号"])  # type: ignore[assignment]
        if row["备选对象序号"]:
            row["备选对象序号"] = int(row["备选对象序号"])  # type: ignore[assignment]

    findings = _findings_with(tmp_path, spec, rows)

    assert findings == []


def test_read_workbook_repeated_unit_report_row_is_pointed_out(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    first_report = next(r for r in rows["推荐单位情况"] if r["推荐单位"] == "郑东新区")
    rows["推荐单位情况"].append(dict(first_report, 奖章初始提名人数="1"))
    workbook = read_workbook(write_workbook(tmp_path / "重复.xlsx", spec, rows), spec)
    reports = [r for r in workbook.reports if r.unit == "郑东新区"]
    assert [(r.initial_counts["五一劳动奖章"], r.ref.row) for r in reports] == [(8, 3)]
    assert [p.message for p in reports[0].problems] == [
        f"在推荐单位情况表第{len(rows['推荐单位情况']) + 1}行重复出现，以第3行为准"
    ]
