"""The Word files as another program reads them: grids that match their cells, header rows that
repeat, and headless LibreOffice (what WPS and Word users meet) laying them out with every text
inside its page, on as many pages as our own PDF of the same document.

LibreOffice converts all of them in one run (its start-up costs seconds); the pages are kept as
PNG under var/screenshots/documents/ to look at.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from pingxuan.core.documents.procedure import KINDS as PROCEDURE_KINDS
from tests.web.documents.conftest import SCREENSHOTS, World, bare

WORD_KINDS = [
    "brief",
    "approval",
    "opinions",
    "notice-unit",
    "notice-county",
    "notice-city",
    "final-list",
    "decision",
    *(f"procedure-{kind}" for kind in PROCEDURE_KINDS),
]
pytestmark = pytest.mark.django_db

FORMS = ["brief", "approval", "opinions"]
LISTS = ["notice-unit", "notice-county", "notice-city", "final-list"]
TWIPS_PER_EMU = 1 / 635


def _twips(value: str | None) -> int:
    return int(value or 0)


def _text_width_twips(document: object) -> int:
    """The width a table may take: the page between its margins, or one of two text columns."""
    section = document.sections[0]  # type: ignore[attr-defined]
    width = (section.page_width - section.left_margin - section.right_margin) * TWIPS_PER_EMU
    columns = section._sectPr.find(qn("w:cols"))
    if columns is not None and _twips(columns.get(qn("w:num"))) == 2:
        width = (width - _twips(columns.get(qn("w:space")))) / 2
    return int(width)


@pytest.mark.parametrize("kind", WORD_KINDS)
def test_grid_columns_are_the_cells_widths(world: World, kind: str) -> None:
    """A grid declaring other widths than its cells is what LibreOffice and WPS lay out."""
    document = Document(io.BytesIO(world.files[f"{kind}.docx"]))
    room = _text_width_twips(document)
    for table in document.tables:
        grid = [_twips(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert sum(grid) <= room + 2, f"{kind}：表格宽 {sum(grid)}，版心只有 {room}"
        declared = table._tbl.tblPr.find(qn("w:tblW"))
        assert declared is not None and _twips(declared.get(qn("w:w"))) == sum(grid)
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"
        for row in table._tbl.tr_lst:
            spans = []
            for cell in row.tc_lst:
                width = cell.tcPr.find(qn("w:tcW"))
                spans.append((_twips(width.get(qn("w:w"))), cell.grid_span))
            at = 0
            for width, span in spans:
                assert abs(width - sum(grid[at : at + span])) <= 2, f"{kind}：单元格宽与网格不符"
                at += span


@pytest.mark.parametrize("kind", LISTS)
def test_list_header_rows_repeat_on_every_page(world: World, kind: str) -> None:
    document = Document(io.BytesIO(world.files[f"{kind}.docx"]))
    assert document.tables, kind
    for table in document.tables:
        first = table._tbl.tr_lst[0]
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        for row in table._tbl.tr_lst:  # a short row never breaks over two pages
            assert row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None


@pytest.fixture(scope="module")
def converted(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every Word file converted to PDF by headless LibreOffice, in one run."""
    soffice = shutil.which("soffice")
    assert soffice, "缺少 LibreOffice（soffice）：make install 会安装 libreoffice-writer-nogui"
    folder = tmp_path_factory.mktemp("libreoffice")
    for kind in WORD_KINDS:
        (folder / f"{kind}.docx").write_bytes(world.files[f"{kind}.docx"])
    profile = folder / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *[str(folder / f"{kind}.docx") for kind in WORD_KINDS],
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    yield folder


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def _words_outside_the_page(pdf: Path) -> list[str]:
    """Words whose box crosses the paper's edge (pdftotext -bbox: one <page>, many <word>)."""
    import xml.etree.ElementTree as ElementTree

    done = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    root = ElementTree.fromstring(done.stdout.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    outside = []
    for page in root.iter("page"):
        width, height = float(page.get("width", 0)), float(page.get("height", 0))
        for word in page.iter("word"):
            box = [float(word.get(edge, 0)) for edge in ("xMin", "yMin", "xMax", "yMax")]
            if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height:
                outside.append(word.text or "")
    return outside


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def _docx_characters(content: bytes) -> Counter[str]:
    """Every printed character of the Word file, counted (a merged cell once)."""
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table._tbl.tr_lst:
            parts.extend("".join(t.text or "" for t in cell.iter(qn("w:t"))) for cell in row.tc_lst)
    return Counter(bare("".join(parts)))


@pytest.mark.parametrize("kind", WORD_KINDS)
def test_libreoffice_lays_out_every_text_on_the_pages(
    world: World, converted: Path, kind: str
) -> None:
    pdf = converted / f"{kind}.pdf"
    assert pdf.exists(), f"LibreOffice 未能转换 {kind}.docx"

    assert _words_outside_the_page(pdf) == []
    # Characters, not lines: a cut or hidden text loses some; reading order does not matter.
    lost = _docx_characters(world.files[f"{kind}.docx"]) - Counter(bare(_text(pdf)))
    assert not lost, f"{kind}：LibreOffice 版面里少了 {''.join(lost.elements())[:40]}"
    if kind in FORMS:  # a form keeps its sheets; lists may break pages elsewhere
        ours = converted / f"{kind}-weasyprint.pdf"
        ours.write_bytes(world.files[f"{kind}.pdf"])
        assert _pages(pdf) == _pages(ours), f"{kind}：Word {_pages(pdf)} 页，PDF {_pages(ours)} 页"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(pdf), str(SCREENSHOTS / f"{kind}-libreoffice")],
        check=True,
    )
