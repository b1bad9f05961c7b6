"""The review committee's scores: a table of 奖项, 推荐单位, 序号, 分数 (an .xlsx or a .csv).

The first sheet of a workbook (or the CSV, UTF-8 with or without BOM) has a header row with at
least those four columns, in any order; 序号 is the unit's own number, so a row names its
nomination by 奖项, 推荐单位 and 序号 together. A row that cannot be read is refused with its row
number; every bad row is listed at once, so the clerk fixes the table in one go. A nomination
without a score gets 0 (``missing_scores`` lists them for a warning).
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Collection, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pingxuan.core.cells import text_of
from pingxuan.core.nominations import Nomination
from pingxuan.core.select.candidates import Key, key_of, key_text
from pingxuan.core.spec.models import Spec
from pingxuan.core.workbook import COLUMN_MARGIN, award_bounds
from pingxuan.core.xlsx_guard import SheetBounds, WorkbookError, guard_workbook, open_calamine

COLUMNS = ("奖项", "推荐单位", "序号", "分数")
MAX_REPORTED = 20
# What the site stores (a 12-digit decimal with 4 places) and what the optimiser scales to
# integers: "1E+999999999" is finite, and rounding it to an integer would never finish.
MAX_SCORE = Decimal(10**8)
SCORE_DECIMALS = 4


def decimals(value: Decimal) -> int:
    """How many decimal places ``value`` needs (1.50 needs one)."""
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


class ScoresError(Exception):
    """The scores table cannot be used (exit status 2). ``problems``: each bad row on its own
    (the message joins the first ``MAX_REPORTED``), for a page to list them."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in the reading child (core.isolate): the problems travel with the message.
        return (ScoresError, (self.message, self.problems))


def scores_bounds(spec: Spec) -> SheetBounds:
    """A score for every row the award sheets may hold, and the extra columns they may have."""
    rows = sum(award_bounds(spec, award).rows for award in spec.awards)
    return SheetBounds(rows=rows, columns=len(COLUMNS) + COLUMN_MARGIN)


def read_scores(
    path: str | Path, spec: Spec, known: Collection[Key] | None = None
) -> dict[Key, Decimal]:
    """The table's scores by (奖项, 推荐单位, 序号). With ``known`` (the nominations there are), a
    row naming none of them is a bad row like the others, listed with them."""
    path = Path(path)
    rows = _rows(path, scores_bounds(spec))
    if not rows:
        raise ScoresError(f"{path.name}：分数表是空的")
    header = ["".join(text_of(cell).split()) for cell in rows[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ScoresError(f"{path.name}：分数表缺少列“{'”“'.join(missing)}”（第1行应为表头）")
    at = {name: header.index(name) for name in COLUMNS}
    awards = {award.name for award in spec.awards}
    scores: dict[Key, Decimal] = {}
    problems: list[str] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [text_of(row[at[name]]) if at[name] < len(row) else "" for name in COLUMNS]
        award, unit, seq, score_text = cells
        if not any(cells):
            continue
        if award not in awards:
            problems.append(f"第{number}行：奖项“{award}”不是{'、'.join(sorted(awards))}之一")
            continue
        if not unit:
            problems.append(f"第{number}行：推荐单位为空")
            continue
        if not seq:
            problems.append(f"第{number}行：序号为空")
            continue
        try:
            score = Decimal(score_text)
        except InvalidOperation:
            problems.append(f"第{number}行：分数“{score_text}”不是数字")
            continue
        if not score.is_finite() or score < 0 or score >= MAX_SCORE:
            problems.append(f"第{number}行：分数“{score_text[:20]}”应为 0 到 99999999 之间的数")
            continue
        if decimals(score) > SCORE_DECIMALS:
            problems.append(
                f"第{number}行：分数“{score_text[:20]}”最多保留 {SCORE_DECIMALS} 位小数"
            )
            continue
        key = (award, unit, seq)
        if key in scores:
            problems.append(f"第{number}行：{key_text(key)}的分数重复")
            continue
        if known is not None and key not in known:
            problems.append(f"第{number}行：找不到{key_text(key)}这个推荐对象")
            continue
        scores[key] = score
    if problems:
        more = f"等{len(problems)}处" if len(problems) > MAX_REPORTED else ""
        raise ScoresError(
            f"{path.name}：" + "；".join(problems[:MAX_REPORTED]) + more,
            problems[:MAX_REPORTED],
        )
    return scores


def _rows(path: Path, bounds: SheetBounds) -> list[list[object]]:
    if not path.is_file():
        raise ScoresError(f"找不到分数表：{path}")
    if path.suffix.lower() == ".csv":
        return _csv_rows(path, bounds)
    if not zipfile.is_zipfile(path):
        raise ScoresError(
            f"{path.name}：无法作为分数表读取（不是 .xlsx 文件），请使用 .xlsx 或 .csv"
        )
    try:
        # Only the first sheet is read, so only it is bounded.
        guard_workbook(path, lambda index, _name: bounds if index == 0 else None)
    except WorkbookError as exc:
        raise ScoresError(str(exc)) from None
    try:
        book = open_calamine(path)
        first = book.sheet_names[0]
        rows = book.get_sheet_by_name(first).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own types for a file it cannot read
        raise ScoresError(
            f"{path.name}：无法作为分数表读取（{type(exc).__name__}），请使用 .xlsx 或 .csv"
        ) from None
    return [list(row) for row in rows]


def _csv_rows(path: Path, bounds: SheetBounds) -> list[list[object]]:
    rows: list[list[object]] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                if len(rows) >= bounds.rows or len(row) > bounds.columns:
                    raise ScoresError(
                        f"{path.name}：分数表超出范围（最多 {bounds.rows:,} 行、"
                        f"{bounds.columns} 列），已拒绝读取"
                    )
                rows.append(list(row))
    except UnicodeDecodeError:
        raise ScoresError(f"{path.name}：CSV 文件应为 UTF-8 编码") from None
    except csv.Error as exc:
        raise ScoresError(f"{path.name}：CSV 文件格式有误（{exc}）") from None
    return rows


def missing_scores(
    nominations: Iterable[Nomination], scores: dict[Key, Decimal]
) -> list[Nomination]:
    """Comprehensive and alternate nominations the table gives no score (counted as 0)."""
    return [
        n
        for n in nominations
        if (n.comprehensive or n.is_alternate) and not n.withdrawn and key_of(n) not in scores
    ]
