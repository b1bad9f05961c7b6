"""Every document kind for a generated unit and for the city, rendered once (see conftest.py):
the PDFs become PNG pages under var/screenshots/documents/, their text has the right names in
stroke order and none of what a public notice must not show; the Word files say the same."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length
from openpyxl import load_workbook

from pingxuan.web.documents.interfaces.pdf import RemoteFetchRefused, local_file
from tests.web.documents.conftest import (
    ORDERED,
    PUBLISHED,
    SENSITIVE_NAME,
    World,
    bare,
    pdf_text,
    to_png,
)

pytestmark = pytest.mark.django_db

KINDS = [
    "brief",
    "approval",
    "opinions",
    "notice-unit",
    "notice-county",
    "notice-city",
    "final-list",
    "decision",
    "summary-unit-奖章",
    "summary-city-奖章",
    "summary-unit-先锋号",
    "summary-city-先锋号",
    "summary-unit-奖状",
    "summary-city-奖状",
]
NOTICES = ["notice-unit", "notice-county", "notice-city"]


def docx_text(content: bytes) -> str:
    """Paragraphs and table cells (tables repeat merged cells; harmless for these checks)."""
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def positions(text: str, names: list[str]) -> list[int]:
    flat = bare(text)
    found = [flat.find(name) for name in names]
    assert -1 not in found, f"缺少：{[n for n, at in zip(names, found, strict=True) if at < 0]}"
    return found


@pytest.fixture(scope="module")
def texts(world: World, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("text")
    found = {}
    for kind in KINDS:
        found[f"{kind}.pdf"] = pdf_text(world.files[f"{kind}.pdf"], tmp, kind)
        for fmt in ("docx",):
            if f"{kind}.{fmt}" in world.files:
                found[f"{kind}.{fmt}"] = docx_text(world.files[f"{kind}.{fmt}"])
    return found


def test_every_kind_renders_with_a_chinese_file_name(world: World) -> None:
    for kind in KINDS:
        name = world.files[f"{kind}.pdf:name"].decode()
        assert name.endswith(".pdf") and re.search(r"[\u4e00-\u9fff]", name), name
    assert (
        world.files["summary-unit-奖章.xlsx:name"].decode() == "郑东新区-五一劳动奖章-汇总表.xlsx"
    )
    assert world.files["summary-city-奖章.pdf:name"].decode() == "全市-五一劳动奖章-汇总表.pdf"


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_pages_become_png(world: World, kind: str) -> None:
    pages = to_png(world.files[f"{kind}.pdf"], kind)
    assert pages and all(page.stat().st_size > 2000 for page in pages)


@pytest.mark.parametrize("kind", ["brief", "notice-city", "decision", "summary-city-奖章"])
def test_pdf_embeds_chinese_fonts_so_no_glyph_is_missing(
    world: World, kind: str, tmp_path: Path
) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(world.files[f"{kind}.pdf"])
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    assert "Noto-Serif-CJK-SC" in fonts.stdout
    # A character no font has would come out of pdftotext as the replacement character.
    assert "\ufffd" not in pdf_text(world.files[f"{kind}.pdf"], tmp_path, kind)


# ── order ───────────────────────────────────────────────────────────────────────────────────


LISTS = [
    f"{kind}.{fmt}" for kind in ("final-list", "decision", "notice-city") for fmt in ("pdf", "docx")
]


@pytest.mark.parametrize("document", LISTS)
def test_lists_reproduce_the_published_stroke_order(texts: dict[str, str], document: str) -> None:
    found = positions(texts[document], PUBLISHED)
    assert found == sorted(found)


@pytest.mark.parametrize("document", LISTS)
def test_traditional_and_unknown_characters_take_their_places(
    texts: dict[str, str], document: str
) -> None:
    # 劉德華 as 刘德华 (after 刘令安: 德 has more strokes than 令), 鍾漢良 as 钟汉良 (钟 9 strokes).
    found = positions(texts[document], ORDERED)
    assert found == sorted(found)


def test_city_summary_orders_names_within_each_unit(world: World, texts: dict[str, str]) -> None:
    text = texts["summary-city-奖章.pdf"]
    groups = (world.renamed[:4] + world.rare[:1], world.renamed[4:] + world.rare[1:])
    for group in groups:
        names = [name for name in ORDERED if name in {n.cells["姓名"] for n in group}]
        found = positions(text, names)
        assert found == sorted(found)


def test_unit_summary_lists_its_own_names_in_order(world: World, texts: dict[str, str]) -> None:
    own = [name for name in PUBLISHED if name in {n.cells["姓名"] for n in world.renamed[:4]}]
    found = positions(texts["summary-unit-奖章.pdf"], own)
    assert found == sorted(found)
    others = {n.cells["姓名"] for n in world.renamed[4:]}
    assert [name for name in others if name in bare(texts["summary-unit-奖章.pdf"])] == []


def test_names_are_padded_for_print(texts: dict[str, str]) -> None:
    assert "王　填" in texts["decision.docx"]
    assert "王　填" in texts["notice-city.docx"]


# ── what a public notice shows ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize("document", [f"{n}.{fmt}" for n in NOTICES for fmt in ("pdf", "docx")])
def test_notices_show_no_private_field(world: World, texts: dict[str, str], document: str) -> None:
    text = texts[document]
    shown = sorted(value for value in world.private_values if value in text or value in bare(text))
    assert shown == []
    for column in ("身份证号", "出生年月", "民族", "政治面貌", "联系电话"):
        assert column not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_sensitive_nominee_only_in_the_unit_notice(texts: dict[str, str], fmt: str) -> None:
    assert SENSITIVE_NAME in bare(texts[f"notice-unit.{fmt}"])
    assert SENSITIVE_NAME not in bare(texts[f"notice-county.{fmt}"])
    assert SENSITIVE_NAME not in bare(texts[f"notice-city.{fmt}"])


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_decision_leaves_out_the_sensitive_nominee_the_final_list_marks(
    texts: dict[str, str], fmt: str
) -> None:
    assert SENSITIVE_NAME not in bare(texts[f"decision.{fmt}"])
    final = bare(texts[f"final-list.{fmt}"])
    assert SENSITIVE_NAME in final
    assert "涉敏，不公开" in final


def test_notice_states_period_and_channels(texts: dict[str, str]) -> None:
    text = bare(texts["notice-county.pdf"])
    assert "公示期：2024年4月1日至2024年4月8日（共5个工作日）" in text
    assert "举报电话：0371-67883217" in text
    assert "举报邮箱：zzgh67883217@163.com" in text


# ── the per-nomination forms ────────────────────────────────────────────────────────────────


def test_forms_mask_the_id_number_and_keep_a_photo_box(world: World, texts: dict[str, str]) -> None:
    leader = world.renamed[0]
    number = leader.cells["身份证号"]
    for document in ("brief.pdf", "brief.docx", "approval.pdf", "approval.docx"):
        text = texts[document]
        assert leader.cells["姓名"] in bare(text)
        assert number not in bare(text)
        assert f"{number[:6]}********{number[-4:]}" in bare(text)
        assert "照片" in text
    assert "基层工会（盖章）" in texts["brief.docx"]
    for box in ("所在单位意见", "推荐单位意见", "市总工会意见"):
        assert box in texts["approval.docx"]
        assert box in bare(texts["approval.pdf"])


def test_a_stored_portrait_fills_the_photo_box(world: World, tmp_path: Path) -> None:
    path = tmp_path / "photo.pdf"
    path.write_bytes(world.files["brief-photo.pdf"])
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    assert len(images.stdout.strip().splitlines()) == 3  # two header lines and the photo
    assert to_png(world.files["brief-photo.pdf"], "brief-photo")
    document = Document(io.BytesIO(world.files["brief-photo.docx"]))
    assert len(document.inline_shapes) == 1


def test_pdf_refuses_anything_but_our_own_files(tmp_path: Path) -> None:
    for url in ("https://example.com/a.png", "http://127.0.0.1/", f"file://{tmp_path}/x.png"):
        with pytest.raises(RemoteFetchRefused):
            local_file(url)


def test_opinion_sheet_lists_exactly_the_required_departments(
    world: World, texts: dict[str, str]
) -> None:
    document = Document(io.BytesIO(world.files["opinions.docx"]))
    listed = [row.cells[1].text for row in document.tables[-1].rows[1:]]
    assert listed == world.departments
    found = positions(texts["opinions.pdf"], world.departments)
    assert found == sorted(found)


def mm(*lengths: Length) -> tuple[int, ...]:
    return tuple(round(length.mm) for length in lengths)


def test_approval_sheet_is_a3_landscape(world: World) -> None:
    section = Document(io.BytesIO(world.files["approval.docx"])).sections[0]
    assert mm(section.page_width, section.page_height) == (420, 297)
    # Folded in two: the facts on the left half, the three opinions on the right.
    assert 'w:num="2"' in section._sectPr.xml
    brief = Document(io.BytesIO(world.files["brief.docx"])).sections[0]
    assert mm(brief.page_width, brief.page_height) == (210, 297)


def test_word_runs_carry_an_east_asian_font(world: World) -> None:
    for key in ("brief.docx", "decision.docx", "notice-city.docx"):
        document = Document(io.BytesIO(world.files[key]))
        runs = [run for p in document.paragraphs for run in p.runs if run.text.strip()]
        assert runs
        for run in runs:
            fonts = run._element.rPr.find(qn("w:rFonts"))
            assert fonts is not None and fonts.get(qn("w:eastAsia")), run.text


def test_official_documents_use_the_official_margins(world: World) -> None:
    section = Document(io.BytesIO(world.files["decision.docx"])).sections[0]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert mm(*margins) == (37, 35, 28, 26)
    assert "PAGE" in section.footer._element.xml


def test_summary_xlsx_opens_with_its_title(world: World) -> None:
    sheet = load_workbook(io.BytesIO(world.files["summary-unit-奖章.xlsx"])).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "2024年郑州市五一劳动奖章推荐对象情况汇总表" in values
