"""Hostile workbooks (issue 11): every bound of ``xlsx_guard`` refuses the file before calamine
allocates anything, in one Chinese line naming the file, the sheet and the bound; ``pingxuan
check`` then exits 2 within 1 GiB and 30 seconds."""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pingxuan.core.spec.models import Spec
from pingxuan.core.workbook import WorkbookError, read_workbook
from pingxuan.core.xlsx_guard import MAX_PART_BYTES, MAX_SHARED_STRINGS, MAX_TEXT, RESAVE
from tests.core.helpers import (
    MEDAL,
    add_cells,
    hand_workbook,
    rewrite_member,
    sheet_xml,
    write_parts,
)

CONSOLE_SCRIPT = Path(sys.executable).with_name("pingxuan")
BADGE_SHEET = "xl/worksheets/sheet1.xml"  # write_workbook's order: 奖状, 奖章, 先锋号, 推荐单位情况
MEDAL_SHEET = "xl/worksheets/sheet2.xml"
# 五一劳动奖状 has 21 columns, 五一劳动奖章 31; 64 more may be added; 3 × 274 places < 5,000 rows.
BADGE_BOUND = "（最多 5,000 行、85 列，即 A1:CG5000）"
MEDAL_BOUND = "（最多 5,000 行、95 列，即 A1:CQ5000）"
BEYOND = "，请删除表格下方和右侧多余的内容与格式后另存，已拒绝读取"
GIB = 1 << 30


def _refusal(path: Path, spec: Spec) -> str:
    with pytest.raises(WorkbookError) as raised:
        read_workbook(path, spec)
    return str(raised.value)


def _inline(ref: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>x</t></is></c>'


# ── cells and the used range ────────────────────────────────────────────


def test_read_workbook_cell_at_xfd1048576_is_refused_naming_sheet_and_bound(
    compliant_workbook: Path, spec: Spec
) -> None:
    add_cells(compliant_workbook, BADGE_SHEET, f'<row r="1048576">{_inline("XFD1048576")}</row>')

    message = _refusal(compliant_workbook, spec)

    assert message == (
        "推荐汇总.xlsx：工作表“五一劳动奖状”的单元格 XFD1048576 超出范围" + BADGE_BOUND + BEYOND
    )


def test_read_workbook_cell_at_af1048576_is_refused(compliant_workbook: Path, spec: Spec) -> None:
    add_cells(compliant_workbook, MEDAL_SHEET, f'<row r="1048576">{_inline("AF1048576")}</row>')

    message = _refusal(compliant_workbook, spec)

    assert message == (
        "推荐汇总.xlsx：工作表“五一劳动奖章”的单元格 AF1048576 超出范围" + MEDAL_BOUND + BEYOND
    )


def test_read_workbook_huge_dimension_is_refused(compliant_workbook: Path, spec: Spec) -> None:
    rewrite_member(
        compliant_workbook,
        MEDAL_SHEET,
        lambda xml: xml.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1),
    )

    message = _refusal(compliant_workbook, spec)

    assert message == (
        "推荐汇总.xlsx：工作表“五一劳动奖章”的使用区域 A1:XFD1048576 超出范围"
        + MEDAL_BOUND
        + BEYOND
    )


def test_read_workbook_cell_one_row_past_the_bound_is_refused(
    compliant_workbook: Path, spec: Spec
) -> None:
    add_cells(compliant_workbook, MEDAL_SHEET, f'<row r="5001">{_inline("A5001")}</row>')

    message = _refusal(compliant_workbook, spec)

    assert message == (
        "推荐汇总.xlsx：工作表“五一劳动奖章”的单元格 A5001 超出范围" + MEDAL_BOUND + BEYOND
    )


def test_read_workbook_cell_at_the_bound_is_read(compliant_workbook: Path, spec: Spec) -> None:
    # A blank-looking far corner (a cell with a space) is within bounds: the file is read.
    add_cells(compliant_workbook, MEDAL_SHEET, f'<row r="5000">{_inline("CQ5000")}</row>')

    workbook = read_workbook(compliant_workbook, spec)

    assert workbook.sheets == ["五一劳动奖状", "五一劳动奖章", "工人先锋号", "推荐单位情况"]


def test_read_workbook_cells_without_references_are_placed_as_calamine_places_them(
    compliant_workbook: Path, spec: Spec
) -> None:
    # 96 cells in a row with no r: the 96th sits in column CR, one past the bound.
    cells = '<c t="inlineStr"><is><t>x</t></is></c>' * 96
    add_cells(compliant_workbook, MEDAL_SHEET, f'<row r="300">{cells}</row>')

    message = _refusal(compliant_workbook, spec)

    assert message == (
        "推荐汇总.xlsx：工作表“五一劳动奖章”的单元格 CR300 超出范围" + MEDAL_BOUND + BEYOND
    )


def test_read_workbook_cell_without_reference_in_a_far_row_is_refused(
    compliant_workbook: Path, spec: Spec
) -> None:
    add_cells(compliant_workbook, MEDAL_SHEET, '<row r="1048576"><c><v>1</v></c></row>')

    message = _refusal(compliant_workbook, spec)

    assert message == (
        "推荐汇总.xlsx：工作表“五一劳动奖章”的单元格 A1048576 超出范围" + MEDAL_BOUND + BEYOND
    )


def test_read_workbook_far_row_without_cells_is_read(compliant_workbook: Path, spec: Spec) -> None:
    # Excel writes a formatted but empty row like this; calamine allocates nothing for it.
    add_cells(compliant_workbook, MEDAL_SHEET, '<row r="1048576" customFormat="1" s="1"/>')

    workbook = read_workbook(compliant_workbook, spec)

    assert len(workbook.nominations) == 276


def test_read_workbook_far_cell_in_a_sheet_it_does_not_read_is_ignored(
    tmp_path: Path, spec: Spec
) -> None:
    path = hand_workbook(
        tmp_path / "说明.xlsx",
        {
            "填写说明": sheet_xml(f'<row r="1048576">{_inline("XFD1048576")}</row>'),
            MEDAL: sheet_xml(f'<row r="1">{_inline("A1")}</row>'),
        },
    )

    message = _refusal(path, spec)

    assert message.startswith("说明.xlsx：工作表“五一劳动奖章”缺少列“序号”")


def test_read_workbook_malformed_cell_reference_is_refused(
    compliant_workbook: Path, spec: Spec
) -> None:
    add_cells(compliant_workbook, MEDAL_SHEET, '<row r="300"><c r="1A1"><v>1</v></c></row>')

    message = _refusal(compliant_workbook, spec)

    assert message == "推荐汇总.xlsx：工作表“五一劳动奖章”无法读取（单元格引用“1A1”无效）" + RESAVE


# ── text: shared strings and what the cells make of them ─────────────────


def _flood(characters: int) -> Iterator[bytes]:
    """Shared strings of 65,536 characters each from a two-letter alphabet: they compress about
    8×, well inside the zip-bomb bounds, as a 15 MB file carrying 900 MB would."""
    block = "".join(random.Random(11).choices("ab", k=1 << 16)).encode()
    yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    for _ in range(characters // len(block) + 1):
        yield b"<si><t>" + block + b"</t></si>"
    yield b"</sst>"


def test_read_workbook_shared_string_flood_is_refused(tmp_path: Path, spec: Spec) -> None:
    path = hand_workbook(
        tmp_path / "字符串.xlsx",
        {MEDAL: sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')},
        shared_strings=_flood(MAX_TEXT),
    )
    with zipfile.ZipFile(path) as archive:
        member = archive.getinfo("xl/sharedStrings.xml")

    message = _refusal(path, spec)

    assert member.file_size // member.compress_size < 200  # the archive guard lets it through
    assert message == "字符串.xlsx：共享字符串共超过 16,000,000 个字符的上限，已拒绝读取"


def test_read_workbook_too_many_shared_strings_are_refused(tmp_path: Path, spec: Spec) -> None:
    strings = (f"<si><t>{n}</t></si>".encode() for n in range(MAX_SHARED_STRINGS + 1))
    path = hand_workbook(
        tmp_path / "条数.xlsx",
        {MEDAL: sheet_xml("")},
        shared_strings=[b"<sst>", *strings, b"</sst>"],
    )

    message = _refusal(path, spec)

    assert message == "条数.xlsx：共享字符串超过 1,000,000 条的上限，已拒绝读取"


def test_read_workbook_one_long_string_in_many_cells_is_refused(tmp_path: Path, spec: Spec) -> None:
    # 20,000 characters stored once, named by 1,700 cells: calamine copies it into each.
    rows = "".join(
        f'<row r="{r}">' + "".join('<c t="s"><v>0</v></c>' for _ in range(17)) + "</row>"
        for r in range(1, 101)
    )
    path = hand_workbook(
        tmp_path / "引用.xlsx",
        {MEDAL: sheet_xml(rows)},
        shared_strings=[b"<sst><si><t>", "长".encode() * 20_000, b"</t></si></sst>"],
    )

    message = _refusal(path, spec)

    assert message == (
        "引用.xlsx：读到工作表“五一劳动奖章”时，单元格文字共超过 16,000,000 个字符的上限，"
        "已拒绝读取"
    )


def test_read_workbook_dtd_is_refused(tmp_path: Path, spec: Spec) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><sst><si><t>&b;</t></si></sst>'
    )
    path = hand_workbook(tmp_path / "实体.xlsx", {MEDAL: sheet_xml("")}, shared_strings=[laughs])

    message = _refusal(path, spec)

    assert message == (
        "实体.xlsx：部件 xl/sharedStrings.xml 含 DTD 声明，不是 Excel 保存的工作簿，已拒绝读取"
    )


def test_read_workbook_sheet_over_its_byte_bound_is_refused(tmp_path: Path, spec: Spec) -> None:
    spaces = [b" " * (1 << 20)] * ((MAX_PART_BYTES >> 20) + 1)
    sheet = [b"<worksheet><sheetData>", *spaces, b"</sheetData></worksheet>"]
    path = hand_workbook(tmp_path / "空白.xlsx", {MEDAL: sheet}, compress=False)  # ratio 1

    message = _refusal(path, spec)

    assert message == "空白.xlsx：工作表“五一劳动奖章”解压后超过 128 MB 的上限，已拒绝读取"


# ── the archive itself ───────────────────────────────────────────────────


def test_read_workbook_part_longer_than_its_directory_says_is_refused(
    compliant_workbook: Path, spec: Spec
) -> None:
    # zipfile stops reading where the directory says the part ends; calamine's reader does not.
    data = bytearray(compliant_workbook.read_bytes())
    with zipfile.ZipFile(compliant_workbook) as archive:
        info = archive.getinfo(MEDAL_SHEET)
    short = (info.file_size - 1000).to_bytes(4, "little")
    data[info.header_offset + 22 : info.header_offset + 26] = short  # the local header
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(MEDAL_SHEET)] != MEDAL_SHEET.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 24 : central + 28] = short  # the central directory
    compliant_workbook.write_bytes(bytes(data))

    message = _refusal(compliant_workbook, spec)

    assert message == "推荐汇总.xlsx：工作表“五一劳动奖章”无法读取（BadZipFile）" + RESAVE


def test_read_workbook_part_in_another_compression_is_refused(tmp_path: Path, spec: Spec) -> None:
    path = hand_workbook(tmp_path / "压缩.xlsx", {MEDAL: sheet_xml("")})
    members = _members(path)
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in members.items():
            method = zipfile.ZIP_LZMA if member.endswith("sheet1.xml") else zipfile.ZIP_DEFLATED
            archive.writestr(member, data, compress_type=method)

    message = _refusal(path, spec)

    assert message == (
        "压缩.xlsx：部件 xl/worksheets/sheet1.xml 的压缩方式不是 Excel 所用的 deflate，已拒绝读取"
    )


def test_read_workbook_parts_differing_only_in_case_are_refused(tmp_path: Path, spec: Spec) -> None:
    path = hand_workbook(tmp_path / "重名.xlsx", {MEDAL: sheet_xml("")})
    write_parts(
        path,
        {
            **{n: [d] for n, d in _members(path).items()},
            "XL/worksheets/sheet1.xml": sheet_xml(
                f'<row r="1048576">{_inline("XFD1048576")}</row>'
            ),
        },
    )

    message = _refusal(path, spec)

    assert (
        message == "重名.xlsx：文件内部结构异常（部件 XL/worksheets/sheet1.xml 重复），已拒绝读取"
    )


def test_read_workbook_workbook_elsewhere_than_xl_is_refused(tmp_path: Path, spec: Spec) -> None:
    # calamine reads the workbook, strings and styles from wherever the package points.
    path = hand_workbook(tmp_path / "别处.xlsx", {MEDAL: sheet_xml("")})
    rewrite_member(
        path, "_rels/.rels", lambda xml: xml.replace(b"xl/workbook.xml", b"x/workbook.xml")
    )

    message = _refusal(path, spec)

    assert message == "别处.xlsx：工作簿不在标准位置（_rels/.rels 指向 x/workbook.xml），已拒绝读取"


def test_read_workbook_bounds_the_part_calamine_reads_for_a_sheet(
    tmp_path: Path, spec: Spec
) -> None:
    # A target "xl/worksheets/sheet1.xml" is, to calamine, xl/xl/worksheets/sheet1.xml.
    path = hand_workbook(tmp_path / "路径.xlsx", {MEDAL: sheet_xml("")})
    rewrite_member(
        path,
        "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace(b'Target="worksheets/', b'Target="xl/worksheets/'),
    )
    members = _members(path)
    far = sheet_xml(f'<row r="1048576">{_inline("XFD1048576")}</row>')
    write_parts(path, {**{n: [d] for n, d in members.items()}, "xl/xl/worksheets/sheet1.xml": far})

    message = _refusal(path, spec)

    assert message == (
        "路径.xlsx：工作表“五一劳动奖章”的单元格 XFD1048576 超出范围" + MEDAL_BOUND + BEYOND
    )


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_read_workbook_renamed_picture_is_refused(tmp_path: Path, spec: Spec) -> None:
    path = tmp_path / "照片.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2000))

    message = _refusal(path, spec)

    assert message == "照片.xlsx：不是 Excel 工作簿（.xlsx），请上传用 Excel 保存的 .xlsx 文件"


def test_read_workbook_reads_an_xlsx_whatever_its_extension(
    compliant_workbook: Path, spec: Spec
) -> None:
    # calamine picks its reader by the extension: an .ods reader would parse unguarded parts.
    renamed = compliant_workbook.rename(compliant_workbook.with_suffix(".ods"))

    workbook = read_workbook(renamed, spec)

    assert len(workbook.nominations) == 276


# ── the command line, in 1 GiB and 30 s ──────────────────────────────────


def _one_gib() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))


@pytest.mark.parametrize(
    ("cells", "line"),
    [
        (
            f'<row r="1048576">{_inline("XFD1048576")}</row>',
            "推荐汇总.xlsx：工作表“五一劳动奖章”的单元格 XFD1048576 超出范围"
            + MEDAL_BOUND
            + BEYOND,
        ),
        (
            f'<row r="1048576">{_inline("AF1048576")}</row>',
            "推荐汇总.xlsx：工作表“五一劳动奖章”的单元格 AF1048576 超出范围" + MEDAL_BOUND + BEYOND,
        ),
    ],
)
def test_check_far_cell_exits_2_within_1_gib_and_30_seconds(
    compliant_workbook: Path, cells: str, line: str
) -> None:
    add_cells(compliant_workbook, MEDAL_SHEET, cells)
    started = time.monotonic()

    done = subprocess.run(
        [str(CONSOLE_SCRIPT), "check", str(compliant_workbook)],
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=_one_gib,  # over the cap, calamine would abort: exit 134, not 2
    )

    assert (done.returncode, done.stderr, done.stdout) == (2, line + "\n", "")
    assert time.monotonic() - started < 30


def test_check_shared_string_flood_exits_2_within_1_gib(tmp_path: Path) -> None:
    path = hand_workbook(
        tmp_path / "字符串.xlsx",
        {MEDAL: sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')},
        shared_strings=_flood(MAX_TEXT),
    )

    done = subprocess.run(
        [str(CONSOLE_SCRIPT), "check", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=_one_gib,
    )

    assert (done.returncode, done.stderr) == (
        2,
        "字符串.xlsx：共享字符串共超过 16,000,000 个字符的上限，已拒绝读取\n",
    )


def test_read_workbook_cell_reference_of_thousands_of_digits_is_refused(
    compliant_workbook: Path, spec: Spec
) -> None:
    # int() refuses more than 4,300 digits: the reference is judged by its length first.
    add_cells(compliant_workbook, MEDAL_SHEET, f'<row r="300">{_inline("A" + "1" * 5000)}</row>')

    message = _refusal(compliant_workbook, spec)

    assert message == (
        "推荐汇总.xlsx：工作表“五一劳动奖章”无法读取（单元格引用“A1111111111111111111”无效）"
        + RESAVE
    )
