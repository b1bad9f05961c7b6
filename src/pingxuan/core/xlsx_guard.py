"""Bounds on an .xlsx before python-calamine reads it: a hostile file is refused, never parsed.

calamine allocates whatever the XML asks for: a dense grid from A1 to the farthest cell (one cell
at XFD1048576 asks for 512 GiB and aborts the process), every shared string, every number format.
Neither calamine nor a library we could add bounds that, so this module streams the parts that
calamine will read through expat first, counting as it goes, and stops at the first bound
crossed, before calamine has allocated anything. It mirrors calamine's reading (where a cell
without ``r`` sits, which shared string an index names) closely enough that every bound it
checks holds for calamine too, and errs on the side of counting more.

The bounds of a sheet's rows and columns come from the caller (the spec and the columns); the
others are fixed here and chosen so that a workbook at every bound is still read in well under a
GiB and 30 seconds (docs/check.md, 文件安全检查).
"""

from __future__ import annotations

import re
import struct
import tempfile
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

import python_calamine

MAX_UNCOMPRESSED = 1 << 30  # 1 GiB of XML is far beyond 100,000 nominations
MAX_RATIO = 200  # xlsx sheets compress about 10–30×; zip bombs reach thousands
MAX_MEMBERS = 10_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Decompressed bytes of one sheet or of the shared strings. Also bounds the largest single XML
# event (calamine buffers a whole tag or text run at once).
MAX_PART_BYTES = 128 << 20
# workbook.xml, its relationships and styles.xml: a few KB in a real workbook.
MAX_SMALL_PART_BYTES = 16 << 20
# XML elements of all the parts read: about 10 s of scanning; 100,000 full rows need 7 million,
# a 2024 city workbook about 30,000.
MAX_ELEMENTS = 8_000_000
MAX_SHARED_STRINGS = 1_000_000
# Characters of cell text the read sheets make (a shared string once per cell naming it) and
# characters of the shared-strings table itself: 4 bytes each at most, in Rust and in Python.
MAX_TEXT = 32_000_000
# Cells of the grid calamine builds for one sheet, from A1 to the farthest cell (32 bytes each in
# Rust, 8 more in Python).
MAX_GRID = 8_000_000

_CHUNK = 1 << 20
_REF = re.compile(r"([A-Za-z]+)([0-9]+)")
# calamine finds the workbook's folder through the package relationships, then reads these
# fixed names in it. We accept only the folder every xlsx writer uses.
_PACKAGE = "_rels/.rels"
_FOLDER = "xl/"
_WORKBOOK = "xl/workbook.xml"
_RELATIONSHIPS = "xl/_rels/workbook.xml.rels"
_SHARED_STRINGS = "xl/sharedStrings.xml"
_STYLES = "xl/styles.xml"


class WorkbookError(Exception):
    """The file cannot be checked at all (exit status 2)."""


@dataclass(frozen=True)
class SheetBounds:
    """How far one sheet may reach: rows counted as Excel does (row 1 is the header)."""

    rows: int
    columns: int


# (index in the workbook, sheet name) -> the bounds of a sheet that will be read, None otherwise
ChooseSheets = Callable[[int, str], SheetBounds | None]


def column_name(number: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _parse_ref(text: str) -> tuple[int, int] | None:
    """(row, column), both from 1, of an A1 reference as calamine reads it (letters of either
    case, then digits); None where calamine would refuse it."""
    match = _REF.fullmatch(text)
    if match is None:
        return None
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    row = int(match.group(2))
    return (row, column) if row > 0 else None


def _ascii_lower(name: str) -> str:
    # calamine finds parts with eq_ignore_ascii_case: only ASCII letters fold.
    return "".join(c.lower() if c.isascii() else c for c in name)


def guard_archive(path: Path, max_uncompressed: int = MAX_UNCOMPRESSED) -> None:
    """Refuse what is not an xlsx, and zip bombs, before any XML is parsed."""
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise WorkbookError(f"{name}：找不到文件") from None
    except OSError as exc:
        raise WorkbookError(f"{name}：无法打开文件（{exc.strerror}）") from None
    if head == _OLE_MAGIC:
        raise WorkbookError(f"{name}：这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再上传")
    if not zipfile.is_zipfile(path):
        raise WorkbookError(f"{name}：不是 Excel 工作簿（.xlsx），请上传用 Excel 保存的 .xlsx 文件")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise WorkbookError(f"{name}：文件已损坏，无法作为 Excel 工作簿打开") from None
    if len(members) > MAX_MEMBERS:
        raise WorkbookError(f"{name}：文件内部结构异常（包含{len(members)}个部件），已拒绝读取")
    seen: set[str] = set()
    for member in members:
        # Two parts whose names differ only in case: which one calamine reads is not ours to know.
        folded = _ascii_lower(member.filename)
        if folded in seen:
            raise WorkbookError(
                f"{name}：文件内部结构异常（部件 {member.filename} 重复），已拒绝读取"
            )
        seen.add(folded)
    total = sum(member.file_size for member in members)
    if total > max_uncompressed:
        raise WorkbookError(
            f"{name}：解压后达{total // (1 << 20)} MB，"
            f"超过{max_uncompressed // (1 << 20)} MB 上限，"
            "疑似压缩炸弹，已拒绝读取"
        )
    for member in members:
        if member.file_size > (1 << 20) and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise WorkbookError(
                f"{name}：部件 {member.filename} 压缩比异常"
                f"（{member.file_size // max(member.compress_size, 1)}倍），"
                "疑似压缩炸弹，已拒绝读取"
            )


def guard_workbook(path: Path, choose: ChooseSheets) -> list[str]:
    """``guard_archive``, then every part calamine reads on opening the file and every sheet
    ``choose`` gives bounds for, streamed and bounded. Returns the sheet names in workbook order.
    Raises ``WorkbookError`` naming the file, the sheet and the bound."""
    guard_archive(path)
    with zipfile.ZipFile(path) as archive:
        return _Scan(path, archive).run(choose)


def open_calamine(path: Path) -> python_calamine.CalamineWorkbook:
    """The workbook as calamine's xlsx reader sees it, whatever the file is called: calamine picks
    its reader by the extension (.ods, .xlsb and .xls readers parse parts this module never saw)."""
    if path.suffix == ".xlsx":
        return python_calamine.CalamineWorkbook.from_path(str(path))
    with tempfile.TemporaryDirectory() as folder:
        link = Path(folder) / "workbook.xlsx"
        link.symlink_to(path.resolve())
        return python_calamine.CalamineWorkbook.from_path(str(link))


def sheet_names(path: Path) -> list[str]:
    """The sheet names in workbook order, from workbook.xml alone (no shared strings, no sheet)."""
    guard_archive(path)
    with zipfile.ZipFile(path) as archive:
        scan = _Scan(path, archive)
        return [name for name, _target in scan.sheets()]


class _Scan:
    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.path = path
        self.file = path.name
        self.archive = archive
        self.members = {_ascii_lower(info.filename): info for info in archive.infolist()}
        self.elements = 0
        self.text = 0  # characters the read sheets make
        self.lengths = array("L")  # characters of each shared string calamine keeps

    # ── the parts ────────────────────────────────────────────────────────────────────────────

    def run(self, choose: ChooseSheets) -> list[str]:
        sheets = self.sheets()
        self._shared_strings()
        self._styles()
        for index, (name, target) in enumerate(sheets):
            bounds = choose(index, name)
            if bounds is None:
                continue
            info = self.members.get(_ascii_lower(target))
            if info is None:
                raise WorkbookError(
                    f"{self.file}：工作表“{name}”无法读取（找不到部件 {target[:80]}）"
                )
            _SheetScan(self, name, bounds).run(info)
        return [name for name, _target in sheets]

    def _package(self) -> None:
        """The package relationships must point at xl/workbook.xml, and only there."""
        documents: list[str] = []

        def relationship(tag: str, attrs: dict[str, str]) -> None:
            kind = attrs.get("Type", "").rpartition("/")[2]
            if tag.rpartition(":")[2] == "Relationship" and kind.lower() == "officedocument":
                documents.append(attrs.get("Target", ""))

        package = self.members.get(_PACKAGE)
        if package is None:
            raise WorkbookError(f"{self.file}：无法作为 Excel 工作簿打开（缺少部件 {_PACKAGE}）")
        self._parse_small(package, relationship)
        if not documents:
            raise WorkbookError(
                f"{self.file}：无法作为 Excel 工作簿打开（{_PACKAGE} 未指向工作簿）"
            )
        for target in documents:
            if _ascii_lower(target.removeprefix("/")) != _WORKBOOK:
                raise self._refusal(f"工作簿不在标准位置（{_PACKAGE} 指向 {target[:80]}）")

    def sheets(self) -> list[tuple[str, str]]:
        """(name, part) of every sheet, resolved as calamine resolves them."""
        self._package()
        targets: dict[str, str] = {}

        def relationship(tag: str, attrs: dict[str, str]) -> None:
            if tag.rpartition(":")[2] == "Relationship" and "Id" in attrs:
                targets[attrs["Id"]] = attrs.get("Target", "")

        rels = self.members.get(_ascii_lower(_RELATIONSHIPS))
        if rels is None:
            raise WorkbookError(
                f"{self.file}：无法作为 Excel 工作簿打开（缺少部件 {_RELATIONSHIPS}）"
            )
        self._parse_small(rels, relationship)
        found: list[tuple[str, str]] = []

        def sheet(tag: str, attrs: dict[str, str]) -> None:
            if tag.rpartition(":")[2] != "sheet":
                return
            rid = attrs.get("r:id", attrs.get("relationships:id"))
            target = targets.get(rid or "")
            if target is None:
                return  # calamine refuses the workbook: RelationshipNotFound
            # As calamine 0.37 does: from the root when absolute, else in the workbook's folder,
            # with no other normalising ("xl/worksheets/a.xml" is xl/xl/worksheets/a.xml).
            target = target[1:] if target.startswith("/") else _FOLDER + target
            found.append((attrs.get("name", ""), target))

        workbook = self.members.get(_ascii_lower(_WORKBOOK))
        if workbook is not None:
            self._parse_small(workbook, sheet)
        return found

    def _parse_small(
        self, info: zipfile.ZipInfo, start: Callable[[str, dict[str, str]], None]
    ) -> None:
        def counted(tag: str, attrs: dict[str, str]) -> None:
            self._count_element(None)
            start(tag, attrs)

        parser = self._parser(info)
        parser.StartElementHandler = counted
        self._feed(parser, info, MAX_SMALL_PART_BYTES, None)

    def _styles(self) -> None:
        info = self.members.get(_ascii_lower(_STYLES))
        if info is not None:
            self._parse_small(info, lambda tag, attrs: None)

    def _shared_strings(self) -> None:
        info = self.members.get(_ascii_lower(_SHARED_STRINGS))
        if info is None:
            return
        # calamine keeps an <si> that has a <t> outside phonetic runs, or a rich-text run <r>;
        # an <si> without either is skipped and does not take an index. Every character inside
        # an <si> is counted, phonetic or not.
        depth = 0
        phonetic = 0
        kept = False
        length = 0
        total = 0

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal depth, phonetic, kept, length
            self._count_element(None)
            depth += 1
            local = tag.rpartition(":")[2]
            if local == "si":
                if depth != 2:
                    raise self._refusal("共享字符串表结构异常（<si> 不在 <sst> 之下）")
                kept, length = False, 0
            elif local == "rPh":
                phonetic += 1
            elif local == "r" or (local == "t" and not phonetic):
                kept = True

        def end(tag: str) -> None:
            nonlocal depth, phonetic, total
            depth -= 1
            local = tag.rpartition(":")[2]
            if local == "rPh":
                phonetic -= 1
            elif local == "si" and kept:
                if len(self.lengths) >= MAX_SHARED_STRINGS:
                    raise self._refusal(f"共享字符串超过 {MAX_SHARED_STRINGS:,} 条的上限")
                self.lengths.append(length)
                total += length
                if total > MAX_TEXT:
                    raise self._refusal(f"共享字符串共超过 {MAX_TEXT:,} 个字符的上限")

        def text(data: str) -> None:
            nonlocal length
            if depth >= 2:
                length += len(data)

        parser = self._parser(info)
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        self._feed(parser, info, MAX_PART_BYTES, None)

    # ── helpers ──────────────────────────────────────────────────────────────────────────────

    def _parser(self, info: zipfile.ZipInfo) -> expat.XMLParserType:
        parser = expat.ParserCreate()
        parser.buffer_text = True

        def no_dtd(*_args: object) -> None:
            # A DTD can declare entities that expand without bound; no xlsx writer emits one.
            raise self._refusal(f"部件 {info.filename} 含 DTD 声明，不是 Excel 保存的工作簿")

        parser.StartDoctypeDeclHandler = no_dtd
        parser.EntityDeclHandler = no_dtd
        return parser

    def _feed(
        self, parser: expat.XMLParserType, info: zipfile.ZipInfo, limit: int, sheet: str | None
    ) -> None:
        read = 0
        try:
            for chunk in self._inflate(info):
                read += len(chunk)
                if read > limit:
                    where = f"工作表“{sheet}”" if sheet is not None else f"部件 {info.filename}"
                    raise self._refusal(f"{where}解压后超过 {limit >> 20} MB 的上限")
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except WorkbookError:
            raise
        except Exception as exc:  # zlib, CRC, expat: the part is broken, not hostile
            if sheet is not None:
                raise WorkbookError(
                    f"{self.file}：工作表“{sheet}”无法读取（{type(exc).__name__}）"
                ) from None
            raise WorkbookError(
                f"{self.file}：无法作为 Excel 工作簿打开（{type(exc).__name__}）"
            ) from None

    def _inflate(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The part's bytes as calamine's zip reader gets them: the whole compressed stream the
        directory points at, not only as many bytes as the directory claims (zipfile stops there,
        so a part longer than it says would be scanned short)."""
        if info.flag_bits & 0x1:
            raise self._refusal(f"部件 {info.filename} 已加密")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise self._refusal(f"部件 {info.filename} 的压缩方式不是 Excel 所用的 deflate")
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        crc = 0
        size = 0
        with self.path.open("rb") as handle:
            handle.seek(info.header_offset)
            header = handle.read(30)
            if len(header) != 30 or header[:4] != b"PK\x03\x04":
                raise zipfile.BadZipFile(info.filename)
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            handle.seek(info.header_offset + 30 + name_length + extra_length)
            left = info.compress_size
            while left > 0:
                raw = handle.read(min(left, _CHUNK))
                if not raw:
                    raise EOFError(info.filename)
                left -= len(raw)
                pending = raw
                while pending:
                    if inflater is None:
                        data, pending = pending, b""
                    else:
                        data = inflater.decompress(pending, _CHUNK)
                        pending = inflater.unconsumed_tail
                    crc = zlib.crc32(data, crc)
                    size += len(data)
                    yield data
        if inflater is not None:
            data = inflater.flush()
            crc = zlib.crc32(data, crc)
            size += len(data)
            yield data
            if not inflater.eof:
                raise zipfile.BadZipFile(info.filename)
        if size != info.file_size or crc != info.CRC:
            raise zipfile.BadZipFile(info.filename)

    def _count_element(self, sheet: str | None) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            where = f"读到工作表“{sheet}”时，" if sheet is not None else ""
            raise self._refusal(f"{where}XML 元素超过 {MAX_ELEMENTS:,} 个的上限")

    def _refusal(self, what: str) -> WorkbookError:
        return WorkbookError(f"{self.file}：{what}，已拒绝读取")


class _SheetScan:
    """One sheet, followed as calamine's cell reader follows it: a <row r> sets the row, a cell
    without ``r`` sits after the previous cell, a </row> moves to the next row."""

    def __init__(self, scan: _Scan, sheet: str, bounds: SheetBounds) -> None:
        self.scan = scan
        self.sheet = sheet
        self.bounds = bounds
        self.row = 0  # from 0, as calamine counts
        self.column = 0
        self.far_row = 0  # from 1: the grid calamine builds reaches this row and column
        self.far_column = 0
        self.in_cell = False
        self.shared = False  # t="s": the value is an index into the shared strings
        self.in_value = False
        self.index = ""
        self.characters = 0

    def run(self, info: zipfile.ZipInfo) -> None:
        parser = self.scan._parser(info)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters_of
        self.scan._feed(parser, info, MAX_PART_BYTES, self.sheet)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.scan._count_element(self.sheet)
        local = tag.rpartition(":")[2]
        if self.in_cell:
            if local == "v" and self.shared:
                self.in_value = True
            return
        if local == "c":
            ref = attrs.get("r")
            if ref is None:
                row, column = self.row + 1, self.column + 1
            else:
                place = _parse_ref(ref)
                if place is None:
                    raise WorkbookError(
                        f"{self.scan.file}：工作表“{self.sheet}”无法读取（单元格引用“{ref[:20]}”无效）"
                    )
                row, column = place
                self.column = column - 1
            self._within(row, column, ref or f"{column_name(column)}{row}")
            self.in_cell = True
            self.shared = attrs.get("t") == "s"
            self.index = ""
            self.characters = 0
        elif local == "row":
            ref = attrs.get("r")
            if ref is not None:
                match = re.fullmatch(r"[A-Za-z]*([0-9]+)", ref)
                if match is not None:
                    self.row = int(match.group(1)) - 1
        elif local == "dimension":
            ref = attrs.get("ref", "")
            for part in ref.split(":"):
                place = _parse_ref(part)
                if place is not None and (
                    place[0] > self.bounds.rows or place[1] > self.bounds.columns
                ):
                    raise self._beyond(f"的使用区域 {ref[:40]} ")

    def end(self, tag: str) -> None:
        local = tag.rpartition(":")[2]
        if self.in_cell:
            if local == "v":
                self.in_value = False
            elif local == "c":  # calamine ends a cell at the first </c>, however nested
                self._cell_done()
            return
        if local == "row":
            self.row += 1
            self.column = 0

    def characters_of(self, data: str) -> None:
        if not self.in_cell:
            return
        if self.in_value:
            self.index += data[:32]
        else:
            self.characters += len(data)

    def _cell_done(self) -> None:
        self.in_cell = False
        self.in_value = False
        self.column += 1
        made = self.characters
        index = self.index.strip()
        if self.shared and index.isascii() and index.isdigit():
            position = int(index)
            if position < len(self.scan.lengths):
                made += self.scan.lengths[position]
        self.scan.text += made
        if self.scan.text > MAX_TEXT:
            raise self.scan._refusal(
                f"读到工作表“{self.sheet}”时，单元格文字共超过 {MAX_TEXT:,} 个字符的上限"
            )

    def _within(self, row: int, column: int, ref: str) -> None:
        if row > self.bounds.rows or column > self.bounds.columns:
            raise self._beyond(f"的单元格 {ref[:20]} ")
        self.far_row = max(self.far_row, row)
        self.far_column = max(self.far_column, column)
        if self.far_row * self.far_column > MAX_GRID:
            raise self.scan._refusal(
                f"工作表“{self.sheet}”的使用区域达 {self.far_row} 行 × {self.far_column} 列，"
                f"超过 {MAX_GRID:,} 个单元格的上限"
            )

    def _beyond(self, what: str) -> WorkbookError:
        rows, columns = self.bounds.rows, self.bounds.columns
        return WorkbookError(
            f"{self.scan.file}：工作表“{self.sheet}”{what}超出范围"
            f"（最多 {rows:,} 行、{columns} 列，即 A1:{column_name(columns)}{rows}），"
            "请删除表格下方和右侧多余的内容与格式后另存，已拒绝读取"
        )
