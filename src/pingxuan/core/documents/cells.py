"""Cell text that no spreadsheet takes for a formula, and back (OWASP "CSV injection").

A text starting with = + - @ (or their full-width forms, which a Chinese input method types),
a tab or a carriage return is written with a leading apostrophe. A text that already starts with
an apostrophe gets one too, so that ``restore_text`` can drop exactly one and every text comes
back as it was: the round trip of a 汇总表 is exact.
"""

from __future__ import annotations

QUOTE = "'"
FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")


def safe_text(value: object) -> str:
    """The text of ``value`` as a cell may hold it; every xlsx writer goes through this."""
    text = "" if value is None else str(value)
    if text and (text[0] in FORMULA_STARTS or text[0] == QUOTE):
        return QUOTE + text
    return text


def restore_text(text: str) -> str:
    """What ``safe_text`` was given (for a text it wrote)."""
    return text[1:] if text.startswith(QUOTE) else text
