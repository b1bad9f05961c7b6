"""A unit's procedure documents (``core/documents/procedure.py`` and ``round_docs.py``) as PDF:
the same pages as the Word file (``procedure_word``), on the 公文 page of the notices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pingxuan.core.documents.procedure import ProcedureDocument, Section, Table
from pingxuan.web.documents.interfaces.pdf import render_pdf


@dataclass(frozen=True)
class _Grid:
    columns: list[tuple[str, float]]  # header, width in per cent
    cells: list[list[tuple[str, bool]]]  # text, centred


def _grid(table: Table) -> _Grid:
    columns = [
        (h, round(share * 100, 1)) for h, share in zip(table.headers, table.shares, strict=True)
    ]
    cells = [[(text, i in table.centered) for i, text in enumerate(row)] for row in table.rows]
    return _Grid(columns, cells)


def _section(section: Section) -> dict[str, Any]:
    return {
        "heading": section.heading,
        "paragraphs": section.paragraphs,
        "table": _grid(section.table) if section.table is not None else None,
    }


def procedure_pdf(doc: ProcedureDocument) -> bytes:
    pages = [
        {
            "title": page.title,
            "addressee": page.addressee,
            "sections": [_section(s) for s in page.sections],
            "signatures": page.signatures,
        }
        for page in doc.pages
    ]
    return render_pdf(
        "documents/procedure.html", {"doc": {"name": doc.name, "unit": doc.unit, "pages": pages}}
    )
