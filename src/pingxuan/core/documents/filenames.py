"""Chinese, meaningful file names for documents: ``郑东新区-五一劳动奖章-汇总表.xlsx``."""

from __future__ import annotations

import re

CITY = "全市"
# Reserved on Windows, plus control characters; a clerk saves the file there.
_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = frozenset(
    {
        "CON",
        "PRN",
        "AUX",
        "NUL",
        *(f"COM{i}" for i in range(1, 10)),
        *(f"LPT{i}" for i in range(1, 10)),
    }
)
MAX_STEM = 120  # characters; Windows paths stop at 260 in all


def _part(text: str) -> str:
    cleaned = _ILLEGAL.sub("", text).strip().strip(".")
    return cleaned


def document_filename(unit: str | None, award: str, kind: str, ext: str) -> str:
    """``{unit or 全市}-{award}-{kind}.{ext}`` without characters Windows refuses in a name."""
    parts = [_part(unit or CITY) or CITY, _part(award), _part(kind)]
    stem = "-".join(part for part in parts if part)[:MAX_STEM].rstrip(". ")
    if stem.upper() in _RESERVED:
        stem = f"{stem}-文档"
    return f"{stem}.{_part(ext.lstrip('.')) or 'xlsx'}"
