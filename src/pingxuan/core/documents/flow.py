"""How many lines a text takes in a box of a printed form, and where a text too long for its box
is cut so that the rest goes onto the continuation page (续页).

A printed form cannot grow: a box that takes more text than it holds pushes the boxes after it
off the sheet. So each box gets a budget measured in lines of its width, and the text beyond it
continues on the 续页. Both the PDF and the Word file cut at the same place, so the two files of a
form always say the same thing.

Widths are those of the font every PDF is set in (Noto Serif CJK SC, through fontconfig): a
Chinese character or full-width mark is one em, an ASCII character its own advance from the
font's ``hmtx`` table (``ASCII_ADVANCE``, checked against the installed font by the tests), any
other character one em, which is never narrower than its glyph. Lines break as Pango breaks
Chinese text: anywhere, except that a closing mark never starts a line and an opening mark never
ends one (GB/T 15834 and UAX #14), which moves a character down with it, and a Latin word or a
number goes down whole.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

# Advance widths of U+0020..U+007E in Noto Serif CJK SC, in 1/1000 em (its unitsPerEm).
_ASCII_UNITS = (
    256, 308, 376, 574, 550, 923, 779, 196, 364, 364, 478, 580, 327, 346, 327, 352, 557, 471,
    558, 557, 555, 558, 558, 549, 558, 562, 327, 327, 580, 580, 580, 432, 912, 718, 670, 691,
    770, 652, 629, 741, 853, 405, 402, 731, 625, 975, 796, 767, 641, 767, 715, 567, 659, 797,
    714, 1053, 700, 687, 605, 344, 352, 344, 580, 563, 435, 557, 638, 538, 629, 546, 388, 566,
    663, 332, 311, 607, 334, 974, 661, 596, 638, 607, 462, 473, 367, 653, 548, 838, 564, 552,
    498, 374, 316, 374, 580,
)  # fmt: skip
ASCII_ADVANCE = {chr(32 + index): units / 1000 for index, units in enumerate(_ASCII_UNITS)}

# Marks that may not start a line (they hang on the previous character) and that may not end
# one (they go down with the next character).
NO_LINE_START = frozenset("，。、：；！？）》」』】〕〉”’…—·%,.;:!?)]}")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
SENTENCE_END = frozenset("。！？；")
# A run of these is a Latin word or a number: Pango keeps it whole unless it is longer than a line.
WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'-_./:,%")

PT_MM = 25.4 / 72
CONTINUED = "（转续页）"
SEE_CONTINUATION = "见续页"


def advance(char: str) -> float:
    """The width of one character, in em."""
    width = ASCII_ADVANCE.get(char)
    if width is not None:
        return width
    # Combining marks and zero-width characters take no room of their own.
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    return 1.0


def _line_starts(paragraph: str, width: float) -> list[int]:
    """Where each line of one paragraph starts, filled greedily as Pango fills it."""
    starts = [0]
    used = 0.0
    index = 0
    while index < len(paragraph):
        step = advance(paragraph[index])
        start = starts[-1]
        if used + step <= width or index == start:
            used += step
            index += 1
            continue
        cut = index
        # Back up over a closing mark at the head of the next line or an opening one at the
        # end of this line, but never to an empty line.
        while cut > start + 1 and (
            paragraph[cut] in NO_LINE_START or paragraph[cut - 1] in NO_LINE_END
        ):
            cut -= 1
        word = cut
        while word > start and paragraph[word - 1] in WORD and paragraph[word] in WORD:
            word -= 1
        if word > start:  # a word longer than the line is broken where the line ends
            cut = word
        starts.append(cut)
        used = sum(advance(char) for char in paragraph[cut:index])
    return starts


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs: one per line break, as the forms print them."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def line_count(text: str, width: float) -> int:
    """Lines ``text`` takes in a box ``width`` em wide (an empty text takes one line)."""
    return sum(len(_line_starts(paragraph, width)) for paragraph in paragraphs(text))


def fits(text: str, width: float, lines: int) -> bool:
    return line_count(text, width) <= lines


def fitting_prefix(text: str, width: float, lines: int) -> int:
    """How many characters from the start of ``text`` fill at most ``lines`` lines."""
    offset = 0
    left = lines
    for paragraph in paragraphs(text):
        starts = _line_starts(paragraph, width)
        if len(starts) > left:
            return offset + starts[left] if left > 0 else max(offset - 1, 0)
        left -= len(starts)
        offset += len(paragraph) + 1
    return len(text)


def split(text: str, width: float, lines: int) -> tuple[str, str]:
    """``text`` cut for a box of ``lines`` lines of ``width`` em: what the box shows, ending in
    ``（转续页）`` when there is more, and what continues on the 续页 (empty when it all fits).

    The cut falls after the last full stop in the box's last line when there is one, so the
    continuation starts with a sentence.
    """
    text = text.strip()
    if fits(text, width, lines):
        return text, ""
    # The box's last line carries the mark after what is left of the text's room.
    line_start = fitting_prefix(text, width, lines - 1)
    cut = line_start + fitting_prefix(text[line_start:], width - _width(CONTINUED), 1)
    for index in range(cut - 1, line_start - 1, -1):
        if text[index] in SENTENCE_END:
            cut = index + 1
            break
    head, rest = text[:cut].rstrip(), text[cut:].strip()
    return head + CONTINUED, rest


def _width(text: str) -> float:
    return sum(advance(char) for char in text)


@dataclass(frozen=True)
class Font:
    """A box's type: size in points and line height as a multiple of it."""

    size_pt: float
    line_height: float

    @property
    def em_mm(self) -> float:
        return self.size_pt * PT_MM

    @property
    def line_mm(self) -> float:
        return self.em_mm * self.line_height

    def width_em(self, width_mm: float) -> float:
        return width_mm / self.em_mm

    def lines_in(self, height_mm: float) -> int:
        return max(math.floor(height_mm / self.line_mm), 0)
