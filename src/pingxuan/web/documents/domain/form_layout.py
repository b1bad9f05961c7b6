"""The front page of the 简表 and the 推荐审批表 kept whole, whatever the nomination's text: what
each box shows, and what continues on the 续页 (continuation page).

The front page always carries every box of the paper form: facts, deeds, and the opinion and seal
boxes. A fact longer than its cell holds (two lines; four for 贡献领域 and 曾获荣誉 on the A3 sheet)
reads 见续页 and is printed whole on the 续页; the deeds box takes the height the facts leave on the
page, and the deeds beyond it continue on the 续页, headed 《…（续页）》 with the nominee's name
and unit. The sizes below are those of ``_print.css`` and the templates; the PDF and the Word
file both lay out this one ``FormLayout``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pingxuan.core.documents.flow import SEE_CONTINUATION, Font, advance, line_count, split
from pingxuan.web.documents.domain.sheets import APPROVAL, TITLE_WORDS, Sheet

CELL = Font(11, 1.4)  # table.grid th, td
TITLE = Font(18, 1.35)  # .form h1, letter-spaced 0.05em
META = Font(11, 1.5)
CELL_PADDING_MM = 2 * 1.5 + 0.3  # top and bottom padding and the collapsed border
CELL_SIDES_MM = 2 * 2 + 0.3
PHOTO_MM = 40.0
# What the model cannot see (rounding, a font's ascent over its line) and a last line kept free.
SAFETY_MM = 8.0
MIN_DEEDS_MM = 25.0
# Pango's lines come out up to an em shorter than the font's advances add up to (seen with 11pt
# Noto Serif CJK in the 简表's deeds box); the model fills narrower lines so that it never
# promises more than the box shows.
WIDTH_SAFETY_EM = 1.0
RUNNING_NAME = 20
DATE_LINE = "填表日期：　　年　　月　　日"


@dataclass(frozen=True)
class Page:
    """One form's printable area, in mm, and what it must keep besides the facts and deeds."""

    width: float
    height: float
    below_deeds: float  # the boxes printed under the deeds on the same page
    full_row_lines: int  # the 推荐单位 / 贡献领域 / 曾获荣誉 rows

    def columns(self, photo: bool) -> tuple[float, float, float, float]:
        """Label, value, label, value widths of the facts grid (``_facts.html``)."""
        shares = (0.17, 0.24, 0.16, 0.25 if photo else 0.43)
        return tuple(self.width * share for share in shares)  # type: ignore[return-value]


# The A3 sheet's left half (A3 landscape less 15 mm margins, halves 14 mm apart); the opinions
# are on the right half. The 简表 is A4 with the form margins and one opinion box under the deeds
# (38 mm to write in, the seal and date lines).
PAGES = {
    APPROVAL: Page(width=188.0, height=297 - 30, below_deeds=0.0, full_row_lines=4),
    "brief": Page(
        width=210 - 38,
        height=297 - 40,
        below_deeds=38 + 4 + 2 * CELL.line_mm + CELL_PADDING_MM,
        full_row_lines=2,
    ),
}


@dataclass(frozen=True)
class FormLayout:
    sheet: Sheet
    facts: list[tuple[str, str]]
    unit: str
    areas: str  # one area, one honour a line
    honours: str
    deeds: str
    deeds_mm: float
    continued: list[tuple[str, str]] = field(default_factory=list)  # (label, text) on the 续页

    @property
    def has_continuation(self) -> bool:
        return bool(self.continued)

    @property
    def continuation_title(self) -> str:
        return f"{self.sheet.title}（续页）"

    @property
    def running_head(self) -> str:
        """The 续页's page header: whose form it continues, the name shortened to fit one line
        (the heading under it prints the name whole)."""
        name = self.sheet.name
        if len(name) > RUNNING_NAME:
            name = name[: RUNNING_NAME - 1] + "…"
        return f"{name}　{TITLE_WORDS[self.sheet.kind]}（续页）"


def _lines(text: str, width_mm: float, font: Font = CELL) -> int:
    return line_count(text, font.width_em(width_mm - CELL_SIDES_MM) - WIDTH_SAFETY_EM)


def _width(text: str) -> float:
    return sum(advance(char) for char in text)


def _row_mm(lines: int) -> float:
    return lines * CELL.line_mm + CELL_PADDING_MM


def layout(sheet: Sheet) -> FormLayout:
    """Where the text of a 简表 or 推荐审批表 goes: its front page, and its 续页 if any."""
    page = PAGES[sheet.kind]
    photo = sheet.wants_photo
    label_a, value_a, label_b, value_b = page.columns(photo)
    continued: list[tuple[str, str]] = []

    def kept(label: str, text: str, width: float, lines: int) -> str:
        if _lines(text, width) <= lines:
            return text
        continued.append((label, text))
        return SEE_CONTINUATION

    facts = []
    pairs_mm = 0.0
    for index in range(0, len(sheet.facts), 2):
        pair = sheet.facts[index : index + 2]
        row_lines = 1
        for (label, text), (label_mm, value_mm) in zip(
            pair, ((label_a, value_a), (label_b, value_b)), strict=False
        ):
            shown = kept(label, text, value_mm, 2)
            facts.append((label, shown))
            row_lines = max(row_lines, _lines(label, label_mm), _lines(shown, value_mm))
        pairs_mm += _row_mm(row_lines)
    if photo:
        pairs_mm = max(pairs_mm, PHOTO_MM + 0.3)

    full = page.width - label_a
    lines = page.full_row_lines
    unit = kept("推荐单位", sheet.unit, full, lines)
    areas_text = kept("贡献领域", "\n".join(sheet.areas), full, lines)
    honour_level = dict(sheet.facts).get("荣誉级别", "")
    honours_text = kept("曾获荣誉", "\n".join(sheet.honours) or honour_level, full, lines)
    full_mm = sum(_row_mm(max(_lines(text, full), 1)) for text in (unit, areas_text, honours_text))

    title_mm = line_count(sheet.title, TITLE.width_em(page.width) / 1.05) * TITLE.line_mm + 4
    meta_width = META.width_em(page.width) - _width(DATE_LINE) - 2
    meta_mm = line_count(f"推荐单位（盖章）：{sheet.unit}", meta_width) * META.line_mm + 2
    used = title_mm + meta_mm + pairs_mm + full_mm + CELL_PADDING_MM + page.below_deeds
    deeds_mm = max(page.height - used - SAFETY_MM, MIN_DEEDS_MM)

    deeds_width = CELL.width_em(page.width * 0.83 - CELL_SIDES_MM) - WIDTH_SAFETY_EM
    deeds, rest = split(sheet.deeds, deeds_width, CELL.lines_in(deeds_mm))
    if rest:
        label = "主要事迹" if sheet.kind == APPROVAL else "简要事迹"
        continued.append((f"{label}（续）", rest))
    return FormLayout(
        sheet=sheet,
        facts=facts,
        unit=unit,
        areas=areas_text,
        honours=honours_text,
        deeds=deeds,
        deeds_mm=round(deeds_mm, 1),
        continued=continued,
    )
