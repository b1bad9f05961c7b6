"""Bounds on an .xlsx before python-calamine reads it: a hostile file is refused, never parsed.

calamine allocates whatever the XML asks for: a dense grid from A1 to the farthest cell (one cell
at XFD1048576 asks for 512 GiB and aborts the process), every shared string, every number format.
Neither calamine nor a library we could add bounds that, so this module streams the parts that
calamine will read through expat first, counting as it goes, and stops at the first bound
crossed, before calamine has allocated anything. It mirrors calamine's reading (where a cell
without ``r`` sits, which shared string an index names) closely enough that every bound it
checks holds for calamine too, and errs on the side of counting more.

Sheets are the bulk of a workbook (some 140 MB of XML for 100,000 nominations) and a Python call
per element costs seconds, so a sheet is first offered to a quick pass of C-speed byte searches
(``_QuickSheet``) that can only prove the sheet within every bound; what it cannot prove (an
unusual shape, or a count near a bound) goes through the exact expat scan, which refuses it.

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
# The budgets below are for workbooks whose sheets read may hold BASE_ROWS rows together (the
# 2024 campaign: four sheets of 5,000): a larger campaign gets them in proportion to its rows.
BASE_ROWS = 20_000
# XML elements of all the parts read: about 2 µs each to scan, so some 8 s on this machine.
# A 2024 city workbook has about 30,000.
MAX_ELEMENTS = 4_000_000
MAX_SHARED_STRINGS = 1_000_000
# Characters of cell text the read sheets make (a shared string once per cell naming it) and
# characters of the shared-strings table itself: up to 4 bytes each in Rust and in Python. A
# 2024 city workbook has about 1.5 million.
MAX_TEXT = 16_000_000
# Cells of the grid calamine builds for one sheet, from A1 to the farthest cell (32 bytes each in
# Rust, 8 more in Python). Not scaled: it is memory, whatever the campaign.
MAX_GRID = 8_000_000

_CHUNK = 1 << 20
_REF = re.compile(r"([A-Za-z]+)([0-9]{1,9})")
_ROW = re.compile(r"[A-Za-z]*([0-9]+)")
_DIGITS = "0123456789"
# The sheet elements the scan acts on, by local name.
_CELL, _VALUE, _ROW_TAG, _DIMENSION = range(4)
_KINDS = {"c": _CELL, "v": _VALUE, "row": _ROW_TAG, "dimension": _DIMENSION}
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


RESAVE = "，请用 Excel 或 WPS 打开后另存为 .xlsx 再上传"


def unopenable(file: str, exc: BaseException) -> WorkbookError:
    """A file that is not a workbook a reader can open (the technical cause in brackets)."""
    return WorkbookError(f"{file}：无法作为 Excel 工作簿打开（{type(exc).__name__}）{RESAVE}")


def unreadable(file: str, sheet: str, reason: str) -> WorkbookError:
    """A sheet whose content is broken; ``reason`` names the cause."""
    return WorkbookError(f"{file}：工作表“{sheet}”无法读取（{reason}）{RESAVE}")


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


def open_checked(path: Path) -> python_calamine.CalamineWorkbook:
    """``open_calamine`` after ``guard_workbook``: a file calamine still cannot open is refused
    in Chinese, naming the file (the exchange, 汇总表 and 差额 workbooks all read this way)."""
    try:
        return open_calamine(path)
    except Exception as exc:
        raise unopenable(path.name, exc) from None


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
        self.max_elements = MAX_ELEMENTS
        self.max_strings = MAX_SHARED_STRINGS
        self.max_text = MAX_TEXT
        self.lengths = array("L")  # characters of each shared string calamine keeps

    # ── the parts ────────────────────────────────────────────────────────────────────────────

    def run(self, choose: ChooseSheets) -> list[str]:
        sheets = self.sheets()
        chosen = [
            (name, target, choose(index, name)) for index, (name, target) in enumerate(sheets)
        ]
        rows = sum(bounds.rows for _name, _target, bounds in chosen if bounds is not None)
        scale = max(1.0, rows / BASE_ROWS)
        self.max_elements = int(MAX_ELEMENTS * scale)
        self.max_strings = int(MAX_SHARED_STRINGS * scale)
        self.max_text = int(MAX_TEXT * scale)
        self._shared_strings()
        self._styles()
        read: list[tuple[str, SheetBounds, zipfile.ZipInfo]] = []
        for name, target, bounds in chosen:
            if bounds is None:
                continue
            info = self.members.get(_ascii_lower(target))
            if info is None:
                raise WorkbookError(
                    f"{self.file}：工作表“{name}”无法读取（找不到部件 {target[:80]}）"
                )
            read.append((name, bounds, info))
        # Most workbooks are proven within every bound by a quick pass over the bytes; any sheet
        # it cannot prove sends all of them through the exact scan, which gives the refusal.
        elements, text = self.elements, self.text
        if not all(_QuickSheet(self, name, bounds).proves(info) for name, bounds, info in read):
            self.elements, self.text = elements, text
            for name, bounds, info in read:
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
                if len(self.lengths) >= self.max_strings:
                    raise self._refusal(f"共享字符串超过 {self.max_strings:,} 条的上限")
                self.lengths.append(length)
                total += length
                if total > self.max_text:
                    raise self._refusal(f"共享字符串共超过 {self.max_text:,} 个字符的上限")

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
        try:
            for chunk in self._inflate(info, limit, sheet):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except WorkbookError:
            raise
        except Exception as exc:  # zlib, CRC, expat: the part is broken, not hostile
            if sheet is not None:
                raise unreadable(self.file, sheet, type(exc).__name__) from None
            raise unopenable(self.file, exc) from None

    def _inflate(self, info: zipfile.ZipInfo, limit: int, sheet: str | None) -> Iterator[bytes]:
        """The part's bytes as calamine's zip reader gets them: the whole compressed stream the
        directory points at, not only as many bytes as the directory claims (zipfile stops there,
        so a part longer than it says would be scanned short). Refused past ``limit`` bytes."""
        read = 0
        for chunk in self._stream(info):
            read += len(chunk)
            if read > limit:
                where = f"工作表“{sheet}”" if sheet is not None else f"部件 {info.filename}"
                raise self._refusal(f"{where}解压后超过 {limit >> 20} MB 的上限")
            yield chunk

    def _stream(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
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
        if self.elements > self.max_elements:
            where = f"读到工作表“{sheet}”时，" if sheet is not None else ""
            raise self._refusal(f"{where}XML 元素超过 {self.max_elements:,} 个的上限")

    def _refusal(self, what: str) -> WorkbookError:
        return WorkbookError(f"{self.file}：{what}，已拒绝读取")


def _column_numbers(columns: int) -> dict[str, int]:
    """Column letters (upper case) of the first ``columns`` columns: one lookup per cell."""
    return {column_name(number): number for number in range(1, columns + 1)}


def _at_most(limit: int) -> bytes:
    """A regex of the decimal numbers 1 to ``limit`` (leading zeros allowed, as int() reads
    them). Below 1, a regex that matches nothing."""
    if limit < 1:
        return b"(?!)"
    digits = str(limit)
    shorter = f"[1-9][0-9]{{0,{len(digits) - 2}}}" if len(digits) > 1 else ""
    same = [digits]
    for place, digit in enumerate(digits):
        low = 1 if place == 0 else 0
        if int(digit) > low:
            rest = len(digits) - place - 1
            tail = f"[0-9]{{{rest}}}" if rest else ""
            same.append(f"{digits[:place]}[{low}-{int(digit) - 1}]{tail}")
    return ("0*(?:" + "|".join(filter(None, [shorter, *same])) + ")").encode()


def _columns_at_most(limit: int) -> bytes:
    """A regex of the column names A to ``column_name(limit)``, letters of either case. Below 1,
    a regex that matches nothing."""
    if limit < 1:
        return b"(?!)"
    name = column_name(limit)
    any_letter = "[A-Za-z]"
    shorter = f"{any_letter}{{1,{len(name) - 1}}}" if len(name) > 1 else ""
    same = ["".join(f"[{c}{c.lower()}]" for c in name)]
    for place, letter in enumerate(name):
        if letter > "A":
            below = chr(ord(letter) - 1)
            head = "".join(f"[{c}{c.lower()}]" for c in name[:place])
            rest = len(name) - place - 1
            tail = f"{any_letter}{{{rest}}}" if rest else ""
            same.append(f"{head}[A-{below}a-{below.lower()}]{tail}")
    return ("(?:" + "|".join(filter(None, [shorter, *same])) + ")").encode()


# Where the quick pass must leave a sheet to the exact scan: a DTD, comment or CDATA section
# (<! ...), a prefixed element calamine would read (x:c, x:row…).
_PREFIXED = re.compile(rb":(?:c|v|row|dimension|is|t|si|sheetData)[\s/>]")
_DIMENSION_TAG = re.compile(rb"<dimension[\s/>][^>]*")
_DIMENSION_REF = re.compile(rb"\sref\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_SHARED_CELL = re.compile(rb'<c r="[^"]*"[^>]*\st="s"[^>/]*>\s*<v>\s*([0-9]{1,9})\s*</v>')
_CARRY = 8 << 20


class _QuickSheet:
    """Proves, with a few passes of C-speed byte searches, that one sheet stays within every
    bound the exact scan (``_SheetScan``) checks, or says it cannot. It proves nothing about a
    sheet it does not recognise: every cell must open ``<c r="A1"`` with a reference within the
    bounds and no second ``r``, and no element may carry a prefix or hide in <! ...>.

    It counts upwards, never less than the exact scan: a third of the bytes as elements (every
    ``<`` when that is not few enough), every byte of the sheet as a character of text, and a
    shared string once per cell that names it. Rows are held to what keeps the used range within
    MAX_GRID, so the range needs no tracking."""

    def __init__(self, scan: _Scan, sheet: str, bounds: SheetBounds) -> None:
        self.scan = scan
        self.sheet = sheet
        self.bounds = bounds
        columns = _columns_at_most(bounds.columns)
        rows = _at_most(min(bounds.rows, MAX_GRID // bounds.columns))

        def cell_but(shared: bytes) -> bytes:
            # A start tag with r="A1" within the bounds first, then only the other attributes
            # a cell has (a second r is not among them), ``shared`` saying what t may be.
            attributes = rb"(?: (?:s|" + shared + rb'|cm|vm|ph)="[^"<>]*+")*+'
            return rb'c(?! r="' + columns + rows + rb'"' + attributes + rb"/?>)[\s/>]"

        # One search each, both led by "<": a DTD, comment or CDATA section, a cell the pass
        # cannot vouch for; the first also stops at a <dimension> and a shared-string cell.
        self.plain = re.compile(rb"<(?:!|dimension[\s/>]|" + cell_but(rb't(?!="s")') + rb")")
        self.odd = re.compile(rb"<(?:!|" + cell_but(rb"t") + rb")")

    def proves(self, info: zipfile.ZipInfo) -> bool:
        scan = self.scan
        elements, text = scan.elements, scan.text
        carry = b""
        try:
            for chunk in scan._inflate(info, MAX_PART_BYTES, self.sheet):
                data = carry + chunk if carry else chunk
                # Cut before the last cell, so that no cell or tag is split between pieces.
                cut = data.rfind(b"<c ")
                if cut <= 0:
                    cut = data.rfind(b"<")
                if cut <= 0:
                    if len(data) > _CARRY:
                        return False
                    carry = data
                    continue
                piece, carry = data[:cut], data[cut:]
                shared = self._piece(piece)
                if shared is None:
                    return False
                # Each element takes at least three bytes ("<a>"): that bound is free, and the
                # '<' are counted only when it is not enough.
                step = len(piece) // 3
                elements += step if elements + step <= scan.max_elements else piece.count(b"<")
                text += len(piece) + shared
                if elements > scan.max_elements or text > scan.max_text:
                    return False
        except WorkbookError:
            raise
        except Exception as exc:  # zlib, CRC: the part is broken, not hostile
            raise unreadable(scan.file, self.sheet, type(exc).__name__) from None
        if carry:
            shared = self._piece(carry)
            if shared is None:
                return False
            elements += carry.count(b"<")
            text += len(carry) + shared
        if elements > scan.max_elements or text > scan.max_text:
            return False
        scan.elements, scan.text = elements, text
        return True

    def _piece(self, piece: bytes) -> int | None:
        """Characters of the shared strings the piece's cells name, or None if the pass cannot
        vouch for the piece."""
        if b":" in piece and _PREFIXED.search(piece):
            return None
        if self.plain.search(piece) is None:
            return 0  # the common case: one search over the piece
        if self.odd.search(piece):
            return None
        for tag in _DIMENSION_TAG.findall(piece):
            found = _DIMENSION_REF.search(tag)
            if found is None:
                continue  # no ref: nothing calamine sizes by it
            ref = (found.group(1) or found.group(2) or b"").decode("utf-8", "replace")
            for part in ref.split(":"):
                place = _parse_ref(part)
                if place is not None and (
                    place[0] > self.bounds.rows or place[1] > self.bounds.columns
                ):
                    return None
        cells = piece.count(b't="s"')
        if not cells:
            return 0
        found_positions = _SHARED_CELL.findall(piece)
        if len(found_positions) != cells:
            return None
        positions = [int(position) for position in found_positions]
        lengths = self.scan.lengths
        if max(positions) >= len(lengths):
            return None
        return sum(map(lengths.__getitem__, positions))


class _SheetScan:
    """One sheet, followed as calamine's cell reader follows it: a <row r> sets the row, a cell
    without ``r`` sits after the previous one, each further row moves one row down.

    Only start tags and text are handled, by closures over plain locals: a handler runs for
    every element of a sheet, and the calls are the whole cost of the scan. Without end tags
    the reading errs only towards counting more than calamine: a row is counted where it
    starts, a column never moves left within a row, a cell's text runs to the next cell or
    row, and a shared-string index that does not read as a number counts as the longest
    string."""

    def __init__(self, scan: _Scan, sheet: str, bounds: SheetBounds) -> None:
        self.scan = scan
        self.sheet = sheet
        self.bounds = bounds

    def run(self, info: zipfile.ZipInfo) -> None:
        scan, sheet, bounds = self.scan, self.sheet, self.bounds
        max_rows, max_columns = bounds.rows, bounds.columns
        numbers = _column_numbers(max_columns)
        lengths = scan.lengths
        longest = max(lengths, default=0)
        max_elements, max_text = scan.max_elements, scan.max_text
        elements = scan.elements
        text = scan.text
        row = 0  # from 0, as calamine counts; the row of cells without r
        column = -1  # the last cell's column, from 0
        far_row = 0  # from 1: the grid calamine builds reaches this row and column
        far_column = 0
        in_cell = False  # text now belongs to a cell
        in_value = False  # text now is a shared-string index
        shared = False  # the cell is t="s": its value is an index into the shared strings
        pending = ""  # the index read so far

        def settle() -> None:
            nonlocal text, pending, in_value
            value = pending.strip()
            if value.isascii() and value.isdigit():
                position = int(value)
                text += lengths[position] if position < len(lengths) else 0
            else:
                text += longest
            pending = ""
            in_value = False
            if text > max_text:
                raise scan._refusal(
                    f"读到工作表“{sheet}”时，单元格文字共超过 {max_text:,} 个字符的上限"
                )

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal elements, row, column, far_row, far_column, in_cell, in_value, shared
            elements += 1
            if elements > max_elements:
                raise scan._refusal(
                    f"读到工作表“{sheet}”时，XML 元素超过 {max_elements:,} 个的上限"
                )
            if in_value:
                settle()
            kind = _KINDS.get(tag)
            if kind is None:
                if ":" not in tag:
                    return  # <is>, <t>, <f>, <sheetPr>…: nothing calamine places or sizes
                kind = _KINDS.get(tag.rpartition(":")[2])
            if kind == _CELL:
                ref = attrs.get("r")
                if ref is None:
                    column += 1
                    at_row, at_column = row + 1, column + 1
                else:
                    # str methods, not a regex: this line runs for every cell.
                    letters = ref.rstrip(_DIGITS)
                    at_column = numbers.get(letters) or numbers.get(letters.upper()) or 0
                    digits = ref[len(letters) :]
                    # int() refuses over 4,300 digits; no sheet has a row of ten
                    at_row = int(digits) if 0 < len(digits) <= 9 else 0
                    if not at_column or not at_row:  # beyond the bound, or no reference
                        place = _parse_ref(ref)
                        if place is None:
                            raise unreadable(scan.file, sheet, f"单元格引用“{ref[:20]}”无效")
                        at_row, at_column = place
                    if at_column > column + 1:
                        column = at_column - 1
                if at_row > max_rows or at_column > max_columns:
                    where = ref or f"{column_name(at_column)}{at_row}"
                    raise self._beyond(f"的单元格 {where[:20]} ")
                if at_row > far_row or at_column > far_column:
                    far_row = max(far_row, at_row)
                    far_column = max(far_column, at_column)
                    if far_row * far_column > MAX_GRID:
                        raise scan._refusal(
                            f"工作表“{sheet}”的使用区域达 {far_row} 行 × {far_column} 列，"
                            f"超过 {MAX_GRID:,} 个单元格的上限"
                        )
                in_cell = True
                in_value = False
                shared = attrs.get("t") == "s"
            elif kind == _VALUE:
                in_value = in_cell and shared
            elif kind == _ROW_TAG:
                in_cell = False
                ref = attrs.get("r")
                match = _ROW.fullmatch(ref) if ref is not None else None
                row = int(match.group(1)) - 1 if match is not None else row + 1
                column = -1
            elif kind == _DIMENSION:
                ref = attrs.get("ref", "")
                for part in ref.split(":"):
                    place = _parse_ref(part)
                    if place is not None and (place[0] > max_rows or place[1] > max_columns):
                        raise self._beyond(f"的使用区域 {ref[:40]} ")

        def characters_of(data: str) -> None:
            nonlocal pending, text
            if in_value:
                pending += data[:32]
            elif in_cell:
                text += len(data)
                if text > max_text:
                    raise scan._refusal(
                        f"读到工作表“{sheet}”时，单元格文字共超过 {max_text:,} 个字符的上限"
                    )

        parser = scan._parser(info)
        parser.StartElementHandler = start
        parser.CharacterDataHandler = characters_of
        scan._feed(parser, info, MAX_PART_BYTES, sheet)
        if in_value:
            settle()
        scan.elements = elements
        scan.text = text

    def _beyond(self, what: str) -> WorkbookError:
        rows, columns = self.bounds.rows, self.bounds.columns
        return WorkbookError(
            f"{self.scan.file}：工作表“{self.sheet}”{what}超出范围"
            f"（最多 {rows:,} 行、{columns} 列，即 A1:{column_name(columns)}{rows}），"
            "请删除表格下方和右侧多余的内容与格式后另存，已拒绝读取"
        )
