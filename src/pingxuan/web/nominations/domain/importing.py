"""A unit's exchange workbook (RULES.md §6) in and out: the template for the unit, and an import
that is previewed as if saved and then saved all at once. The project's own 汇总表 (an xlsx
written by ``pingxuan.core.documents``) is imported the same way, recognised by its sheets.

An import replaces the unit's nominations of every award for which the workbook has rows of the
unit (an empty sheet leaves that award alone). A row that names the same person, organisation or
team as a stored nomination (by ``match_key``) updates it, so its materials, honours list and
extra fields stay; the other stored nominations of those awards are deleted, the other rows
created. Every write goes through ``save_nomination`` and ``delete_nomination`` in one
transaction, so quota, read-only states and audit rows are those of a form edit, and one refused
row rolls the whole import back. Findings of the core do not block: the clerk fixes them later.
The rows keep the workbook's 序号 (``import_numbers``; gaps closed in the workbook's order), and
the unit's row of 推荐单位情况 gives its initial counts (``set_initial_counts``).

Cells are stored as the text the clerk typed. The core's reader gives parsed values only, so the
sheets are read a second time here for that text; a cell whose text would not say what the cell
held (an ID number stored as a number has lost its last digits) is not stored.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pingxuan.core.cells import stored_text, text_of
from pingxuan.core.columns import (
    AWARD_KINDS,
    COLUMNS_BY_SUBJECT,
    NAME_COLUMN,
    Column,
    length_refusal,
    sheet_columns,
)
from pingxuan.core.columns import Kind as ColumnKind
from pingxuan.core.documents.summary_xlsx import SummaryBook
from pingxuan.core.findings import Finding, Reader, RowRef, Severity, sort_key, text_for
from pingxuan.core.identifiers import mask_id_number
from pingxuan.core.isolate import IsolationFailed, run_isolated
from pingxuan.core.nominations import Nomination as CoreNomination
from pingxuan.core.nominations import UnitReport
from pingxuan.core.rules.engine import Checker
from pingxuan.core.spec.models import Spec
from pingxuan.core.template import write_template
from pingxuan.core.upload import Upload, read_upload
from pingxuan.core.workbook import WorkbookError
from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.adapt import (
    Adapter,
    derived_cells,
    stored_nominations,
    unit_reports,
)
from pingxuan.web.nominations.domain.edit import (
    NominationInput,
    NominationRefused,
    delete_nomination,
    lock_unit,
    save_nomination,
)
from pingxuan.web.nominations.domain.numbering import assign_numbers, workbook_order
from pingxuan.web.nominations.domain.submit import set_initial_counts
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.nominations.models import Honour, NegativeRecord, Nomination, Submission

MAX_IMPORT_BYTES = 20 * 1024 * 1024
IMPORTS_DIR = "imports"
STASH_LIFETIME = timedelta(days=1)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Columns that say where a row stands (its number, unit, kind, leader): stored as the
# nomination's own fields, never as cells.
PLACE_COLUMNS = frozenset({"序号", "推荐单位", "表彰类型", "备选对象序号"})
# Shown masked in a preview (RULES: 6 digits + ******** + 4).
MASKED_COLUMNS = frozenset({"身份证号"})
# Findings on stored nominations that the workbook leaves alone name them on this "sheet".
STORED_SHEET = "已录入的{award}"

# Told each step of reading a large workbook (a Chinese line), e.g. to show progress.
Progress = Callable[[str], None]


def _no_progress(step: str) -> None:
    return None


class ImportRefused(Exception):
    """A workbook that cannot be imported; ``message`` is Chinese and says what to do.
    ``rows`` are the (sheet, row) the message names, for the preview to mark the same rows."""

    def __init__(self, message: str, rows: Sequence[tuple[str, int]] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.rows = tuple(rows)


class PreviewStale(ImportRefused):
    """The unit's data changed after the preview the clerk confirmed: nothing saved."""


PREVIEW_STALE = _lazy(
    "预览之后本单位的数据已有变化（可能在网页上修改过，或另一次导入已保存），未导入任何内容。"
)


# ── the template ────────────────────────────────────────────────────────────────────────────


def template_file_name(unit: Unit) -> str:
    return f"{unit.name}-推荐交换模板.xlsx"


# Written templates by (campaign, unit name), with the spec they were written from: a template
# depends on nothing else, and writing one costs more CPU than any page (docs/performance.md).
_templates: dict[tuple[int, str], tuple[Spec, bytes]] = {}


def unit_template(campaign: Campaign, unit: Unit, *, actor: Any, role: str) -> bytes:
    """The empty exchange workbook with this unit as the only 推荐单位 choice."""
    spec = campaign_spec(campaign)
    kept = _templates.get((campaign.pk, unit.name))
    if kept is not None and kept[0] is spec:
        data = kept[1]
    else:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "template.xlsx"
            write_template(spec, path, unit=unit.name)
            data = path.read_bytes()
        _templates[(campaign.pk, unit.name)] = (spec, data)
    record("export.template", actor=actor, role=role, campaign=campaign, unit_name=unit.name)
    return data


def filled_file_name(unit: Unit) -> str:
    return f"{unit.name}-本单位已填数据（交换工作簿）.xlsx"


def filled_workbook(campaign: Campaign, unit: Unit) -> bytes:
    """The unit's exchange workbook filled with its current nominations (cells as stored, 序号,
    表彰类型 and 备选对象序号 as on the unit page, 荣誉级别 and 负面记录 as the adapter derives
    them) and its initial counts: edited and imported again, it updates the same nominations;
    imported unchanged, it changes nothing. Written in the background worker (a document job):
    it costs what a template costs, and more for a large unit."""
    spec = campaign_spec(campaign)
    rows: dict[str, list[dict[str, str]]] = {}
    for nomination in stored_nominations(campaign.pk).filter(unit=unit):
        rows.setdefault(nomination.award, []).append(derived_cells(nomination, spec))
    submission = Submission.objects.filter(campaign=campaign, unit=unit).first()
    counts = submission.initial_counts if submission is not None else {}
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "filled.xlsx"
        write_template(spec, path, unit=unit.name, rows=rows, counts=counts)
        return path.read_bytes()


# ── the uploaded file, kept between preview and confirmation ────────────────────────────────


def stash_upload(upload: BinaryIO, size: int) -> str:
    """Keep an uploaded workbook under a random name; returns that name (never the clerk's)."""
    if size > MAX_IMPORT_BYTES:
        raise ImportRefused(
            _("文件超过 %(mb)s MB，无法导入；推荐交换工作簿通常不足 1 MB，请确认上传的是交换模板。")
            % {"mb": MAX_IMPORT_BYTES // 2**20}
        )
    _sweep()
    name = f"{secrets.token_hex(16)}.xlsx"
    saved = default_storage.save(f"{IMPORTS_DIR}/{name}", upload)
    return saved.rsplit("/", 1)[-1]


def stashed_path(name: str) -> Path | None:
    """The stashed file's path, or None when it is gone or the name is not one of ours."""
    token = name.removesuffix(".xlsx")
    if len(token) != 32 or not set(token) <= set("0123456789abcdef") or token == name:
        return None
    relative = f"{IMPORTS_DIR}/{name}"
    if not default_storage.exists(relative):
        return None
    return Path(default_storage.path(relative))


def discard_stash(name: str) -> None:
    if stashed_path(name) is not None:
        default_storage.delete(f"{IMPORTS_DIR}/{name}")


def _sweep() -> None:
    """Remove stashed workbooks nobody confirmed within a day."""
    try:
        _, files = default_storage.listdir(IMPORTS_DIR)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - STASH_LIFETIME
    for name in files:
        path = f"{IMPORTS_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except FileNotFoundError:  # swept by a concurrent request
            continue


def unit_fingerprint(campaign: Campaign, unit: Unit) -> str:
    """A digest of everything an import of ``unit`` reads and replaces: its nominations (cells,
    kind, 序号, leader, standing), their honours and negative records, and its submission's
    state and initial counts. A preview records it; a confirmation whose digest differs is of a
    preview made from other data. Materials are left out: an import never touches them, and a
    picture uploaded meanwhile should not void the preview (the evaluation revision would)."""
    mine = Nomination.objects.filter(campaign=campaign, unit=unit)
    parts: list[object] = [
        list(
            mine.order_by("pk").values_list(
                "pk", "award", "kind", "seq", "alternate_of_id", "standing", "cells", "extra"
            )
        ),
        list(
            Honour.objects.filter(nomination__in=mine)
            .order_by("pk")
            .values_list("pk", "nomination_id", "level", "name", "year", "comprehensive")
        ),
        list(
            NegativeRecord.objects.filter(nomination__in=mine)
            .order_by("pk")
            .values_list("pk", "nomination_id", "kind", "date")
        ),
        # A unit without its submission row yet reads as one in its first state: the save
        # creates the row (``lock_unit``) without changing anything the preview showed.
        Submission.objects.filter(campaign=campaign, unit=unit)
        .values_list("state", "initial_counts")
        .first()
        or (Submission().state, {}),
    ]
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


# ── reading ─────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ImportRow:
    """One row of the unit, as read: what will be stored, and the core's reading of it."""

    award: str
    row: int  # the workbook's row number
    columns: tuple[str, ...]  # the award's columns, in the exchange format's order
    texts: dict[str, str]  # every non-blank cell as typed
    present: frozenset[str]  # the columns the sheet has
    dropped: tuple[tuple[str, str], ...]  # (column, why): cells that are not stored
    core: CoreNomination

    @property
    def label(self) -> str:
        return self.core.label

    @property
    def seq(self) -> str:
        return self.texts.get("序号", "")

    @property
    def kind_text(self) -> str:
        return self.texts.get("表彰类型", "")

    @property
    def kind(self) -> str:
        return self.kind_text or Kind.COMPREHENSIVE

    @property
    def leader_seq(self) -> str:
        return self.texts.get("备选对象序号", "")

    @property
    def cells(self) -> dict[str, str]:
        """What is stored as the nomination's cells."""
        skipped = {column for column, _why in self.dropped}
        return {k: v for k, v in self.texts.items() if k not in PLACE_COLUMNS and k not in skipped}

    @property
    def negatives(self) -> list[tuple[str, date]]:
        return list(self.core.facts.get("负面记录") or ())

    def shown(self) -> list[tuple[str, str]]:
        """(column, text) for a page, in column order, ID numbers masked."""
        return [
            (
                column,
                mask_id_number(self.texts[column])
                if column in MASKED_COLUMNS
                else self.texts[column],
            )
            for column in self.columns
            if column in self.texts
        ]


@dataclass(frozen=True)
class ForeignRow:
    """A row naming another unit: listed, never imported."""

    award: str
    row: int
    unit: str
    label: str


@dataclass(frozen=True)
class ImportRead:
    rows: list[ImportRow]
    foreign: list[ForeignRow]
    # The unit's row of 推荐单位情况, if the workbook has one: initial counts per award, the
    # pledge column and the row's unreadable cells.
    report: UnitReport | None = None

    @property
    def initial_counts(self) -> dict[str, int | None] | None:
        return dict(self.report.initial_counts) if self.report is not None else None


def _header_name(raw: object) -> str:
    # As the core's reader reads a header (spaces and required-column asterisks ignored), so
    # that both readers find the same column.
    return "".join(text_of(raw).split()).lstrip("*＊").rstrip("*＊")


def _reporter(progress: Progress) -> Callable[[tuple[object, ...]], None]:
    """Turns what the reading child reports (``core.upload.Report``) into Chinese steps."""

    def report(item: tuple[object, ...]) -> None:
        if item[0] == "summary":
            progress(_("识别为本系统导出的推荐对象情况汇总表"))
        elif item[0] == "sheet" and item[1]:
            progress(
                _("已读取工作表“%(award)s”：%(rows)s 行") % {"award": item[1], "rows": item[2]}
            )
        elif item[0] == "sheet":
            progress(_("已读取一张空白工作表"))

    return report


def _read_isolated(path: Path, spec: Spec, *, file_label: str, progress: Progress) -> Upload:
    """The file read in a child process with a memory cap and a time limit (``core.isolate``):
    a file that gets past the workbook guards still cannot take the site down."""
    try:
        upload: Upload = run_isolated(read_upload, path, spec, on_report=_reporter(progress))
    except WorkbookError as error:
        raise _refused(error, path, file_label) from None
    except IsolationFailed as failure:
        raise ImportRefused(
            _("%(file)s：%(reason)s，已拒绝读取。请删除多余内容后另存为新的 .xlsx 再上传。")
            % {"file": file_label, "reason": failure.message}
        ) from None
    return upload


def _refused(error: WorkbookError, path: Path, file_label: str) -> ImportRefused:
    # The core names the file by its path, which is our random name: show the clerk's.
    message = str(error).removeprefix(f"{path.name}：")
    return ImportRefused(f"{file_label}：{message}")


def _read_summary(book: SummaryBook, unit: Unit) -> ImportRead:
    """The project's own 汇总表 (``write_summary_xlsx``): its cells are all text, the unit is
    in its heading line (or its 推荐单位 column for the city's table)."""
    mine: list[ImportRow] = []
    foreign: list[ForeignRow] = []
    for read in book.rows:
        nomination = read.nomination
        unit_text = read.texts.get("推荐单位", "")
        if unit_text not in ("", unit.name):
            foreign.append(
                ForeignRow(nomination.award, nomination.ref.row, unit_text, nomination.label)
            )
            continue
        columns = tuple(c.name for c in COLUMNS_BY_SUBJECT[nomination.subject])
        texts, dropped = _stored_cells(
            nomination, read.raws, COLUMNS_BY_SUBJECT[nomination.subject]
        )
        core = replace(
            nomination, unit=unit.name, facts={**nomination.facts, "推荐单位": unit.name}
        )
        mine.append(
            ImportRow(
                nomination.award,
                nomination.ref.row,
                columns,
                texts,
                read.present,
                dropped,
                core,
            )
        )
    return ImportRead(mine, foreign, None)


def _stored_cells(
    nomination: CoreNomination, raws: dict[str, object], columns: tuple[Column, ...]
) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """A row's non-blank cells as stored (names without zero-width characters, as the form
    stores them), and the cells that are not stored, each with why."""
    problems = {p.column: p.message for p in nomination.problems}
    texts: dict[str, str] = {}
    dropped: list[tuple[str, str]] = []
    for column in columns:
        raw = raws.get(column.name)
        text = stored_text(column, raw)
        if not text:
            continue
        texts[column.name] = text
        problem = problems.get(column.name)
        too_long = length_refusal(column.name, text, column.max_length)
        if too_long is not None:
            # Over its limit in any column (the core says so only of text columns).
            dropped.append((column.name, too_long[0]))
        elif problem and (column.kind == ColumnKind.TEXT or not isinstance(raw, str)):
            # A text cell the core refused (control characters); a number or date cell whose
            # reading failed, whose text would not say what the cell held (an 18-digit ID
            # stored as a number has lost digits; 1985.10 became 1985.1).
            dropped.append((column.name, problem))
    return texts, tuple(dropped)


def read_import(
    path: Path, spec: Spec, unit: Unit, *, file_label: str, progress: Progress = _no_progress
) -> ImportRead:
    """The workbook's rows of ``unit`` (a blank 推荐单位 counts as the unit's own) and the rows
    naming another unit. Raises ``ImportRefused`` for a file that cannot be read at all.

    Takes the exchange workbook (RULES.md §6) and the project's own 汇总表; ``progress`` is
    told each sheet as it is read."""
    progress(_("正在检查文件"))
    upload = _read_isolated(path, spec, file_label=file_label, progress=progress)
    if upload.summary is not None:
        return _read_summary(upload.summary, unit)
    workbook, sheets = upload.workbook, upload.sheets
    assert workbook is not None
    positions: dict[str, dict[str, int]] = {}
    for award, rows in sheets.items():
        found: dict[str, int] = {}
        for index, raw in enumerate(rows[0] if rows else []):
            found.setdefault(_header_name(raw), index)
        positions[award] = found
    mine: list[ImportRow] = []
    foreign: list[ForeignRow] = []
    for nomination in workbook.nominations:
        award = nomination.award
        # The exchange columns and the spec's own (spec.columns): both are stored.
        sheet_columns_of = sheet_columns(nomination.subject, spec.columns)
        columns = tuple(c.name for c in sheet_columns_of)
        where = positions[award]
        line = sheets[award][nomination.ref.row - 1]
        raws = {c: line[where[c]] if c in where and where[c] < len(line) else None for c in columns}
        unit_text = text_of(raws["推荐单位"])
        if unit_text not in ("", unit.name):
            foreign.append(ForeignRow(award, nomination.ref.row, unit_text, nomination.label))
            continue
        texts, dropped = _stored_cells(nomination, raws, sheet_columns_of)
        core = replace(
            nomination, unit=unit.name, facts={**nomination.facts, "推荐单位": unit.name}
        )
        mine.append(
            ImportRow(
                award,
                nomination.ref.row,
                columns,
                texts,
                frozenset(c for c in columns if c in where),
                dropped,
                core,
            )
        )
    report = next((r for r in workbook.reports if r.unit == unit.name), None)
    return ImportRead(mine, foreign, report)


# ── planning: which stored nomination each row updates ──────────────────────────────────────


@dataclass
class _Plan:
    awards: list[str]
    old: list[Nomination]  # the unit's stored nominations of those awards
    matches: dict[int, Nomination]  # row index → the stored nomination it updates
    leaders: dict[int, int]  # row index of an alternate → row index of its leader

    @property
    def deleted(self) -> list[Nomination]:
        kept = {n.pk for n in self.matches.values()}
        return [n for n in self.old if n.pk not in kept]


def _awards(spec: Spec, rows: Sequence[ImportRow]) -> list[str]:
    present = {row.award for row in rows}
    return [award.name for award in spec.awards if award.name in present]


MatchKey = tuple[str, ...]


def _compact(text: object) -> str:
    return "".join(str(text or "").split()).upper()


def match_key(subject: str, cells: Mapping[str, str]) -> MatchKey | None:
    """Who a row is about, for an import to find the stored nomination it updates: the ID number
    or 统一社会信用代码 as written, even one that fails its check (it is still the same person;
    the finding stays a finding), for a team its unit and name; without an identifier, the name
    (matched to a stored nomination of that name whatever its identifier, if no row took it).
    Compared without spaces and case (``X`` of an ID number)."""
    if subject == "team":
        organisation, team = _compact(cells.get("所属单位全称")), _compact(cells.get("集体名称"))
        if organisation and team:
            return ("集体", organisation, team)
    else:
        column = "身份证号" if subject == "person" else "统一社会信用代码"
        identifier = _compact(cells.get(column))
        if identifier:
            return (column, identifier)
    name = _compact(cells.get(NAME_COLUMN[subject]))
    return ("名称", name) if name else None


def _plan(spec: Spec, unit: Unit, rows: Sequence[ImportRow], stored: Sequence[Nomination]) -> _Plan:
    awards = _awards(spec, rows)
    old = [n for n in stored if n.unit_id == unit.pk and n.award in awards]
    holders: dict[tuple[str, MatchKey], list[Nomination]] = {}
    for nomination in old:
        key = match_key(nomination.subject, nomination.cells)
        if key is not None:
            holders.setdefault((nomination.award, key), []).append(nomination)
    matches: dict[int, Nomination] = {}
    for index, row in enumerate(rows):
        key = match_key(row.core.subject, row.cells)
        candidates = holders.get((row.award, key), []) if key is not None else []
        if candidates:
            matches[index] = candidates.pop(0)
    # A row without its identifier (a 汇总表 exported before it printed unreadable ID numbers
    # left the cell empty) takes a stored nomination of the same name that nothing else took.
    taken = {n.pk for n in matches.values()}
    by_name: dict[tuple[str, MatchKey], list[Nomination]] = {}
    for nomination in old:
        name = _compact(nomination.cells.get(NAME_COLUMN[nomination.subject]))
        if nomination.pk not in taken and name:
            by_name.setdefault((nomination.award, ("名称", name)), []).append(nomination)
    for index, row in enumerate(rows):
        key = match_key(row.core.subject, row.cells)
        if index in matches or key is None or key[0] != "名称":
            continue
        for candidate in by_name.get((row.award, key), []):
            if candidate.pk not in taken:
                matches[index] = candidate
                taken.add(candidate.pk)
                break
    by_seq: dict[tuple[str, str], int] = {}
    for index, row in enumerate(rows):
        if row.seq:
            by_seq.setdefault((row.award, row.seq), index)
    leaders = {
        index: by_seq[row.award, row.leader_seq]
        for index, row in enumerate(rows)
        if row.kind == Kind.ALTERNATE and (row.award, row.leader_seq) in by_seq
    }
    # A stored nomination that becomes the alternate of a new leader is created afresh: kept, it
    # would still hold its old place while the new leader takes one, and the quota would refuse a
    # workbook that fits.
    for index, leader in leaders.items():
        if index in matches and leader not in matches:
            del matches[index]
    return _Plan(awards, old, matches, leaders)


def _structural_problems(
    rows: Sequence[ImportRow], plan: _Plan
) -> list[tuple[str, tuple[str, int]]]:
    """What no amount of later editing could store as it is, each with the row it names."""
    problems: list[tuple[str, tuple[str, int]]] = []
    for index, row in enumerate(rows):
        where = _("%(award)s第%(row)s行（%(label)s）") % {
            "award": row.award,
            "row": row.row,
            "label": row.label,
        }
        at = (row.award, row.row)
        if row.kind not in AWARD_KINDS:
            problems.append(
                (
                    _("%(where)s：表彰类型“%(kind)s”无法识别，应为%(choices)s之一。")
                    % {"where": where, "kind": row.kind_text, "choices": "、".join(AWARD_KINDS)},
                    at,
                )
            )
        elif row.kind == Kind.ALTERNATE and index not in plan.leaders:
            problems.append(
                (
                    _(
                        "%(where)s：备选对象序号“%(seq)s”在本表本单位的行中找不到，"
                        "请填写其企业负责人或科级领导干部所在行的序号。"
                    )
                    % {"where": where, "seq": row.leader_seq},
                    at,
                )
            )
        unreadable = [p for p in row.core.problems if p.column == "负面记录"]
        if unreadable and "负面记录" in row.present:
            problems.append(
                (
                    _("%(where)s：%(message)s，负面记录须逐条保存，请改正后再导入。")
                    % {"where": where, "message": unreadable[0].message},
                    at,
                )
            )
    return problems


def import_numbers(rows: Sequence[ImportRow]) -> dict[int, int]:
    """Row index → the 序号 the row has once imported: the workbook's own numbering, each
    award's rows 1..n (``numbering.workbook_order``)."""
    numbers: dict[int, int] = {}
    for award in dict.fromkeys(row.award for row in rows):
        mine = [i for i, row in enumerate(rows) if row.award == award]
        for number, at in enumerate(workbook_order([rows[i].seq for i in mine]), start=1):
            numbers[mine[at]] = number
    return numbers


# ── saving ──────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ImportResult:
    awards: list[str]
    created: int
    updated: int
    deleted: int


def _cells(row: ImportRow, old: Nomination | None) -> dict[str, str]:
    if old is None:
        return row.cells
    # Columns the sheet lacks, and cells that could not be read, keep what was stored.
    skipped = {column for column, _why in row.dropped}
    kept = {
        k: v
        for k, v in old.cells.items()
        if k not in PLACE_COLUMNS and (k not in row.present or k in skipped)
    }
    return {**kept, **row.cells}


def _seated_first(
    spec: Spec, unit: Unit, rows: Sequence[ImportRow], taking: list[int]
) -> list[int]:
    """``taking`` with the rows the core's seating leaves without a place last, so that a
    workbook over its quota is refused at the very row the preview's quota finding names (the
    core seats valid rows before rows with a data error, and reserved places by category)."""
    result = Checker(spec).load([rows[i].core for i in taking]).results.get(unit.name)
    if result is None:
        return taking
    unplaced = {id(n) for seating in result.seatings for n in seating.unplaced}
    return sorted(taking, key=lambda i: id(rows[i].core) in unplaced)


def _apply(
    campaign: Campaign,
    unit: Unit,
    rows: Sequence[ImportRow],
    *,
    actor: Any,
    role: str,
    initial_counts: dict[str, int | None] | None = None,
) -> ImportResult:
    """Replace the unit's nominations of the workbook's awards; call inside a transaction."""
    spec = campaign_spec(campaign)
    submission = lock_unit(campaign, unit)
    if not submission.editable:
        raise ImportRefused(
            _("本单位已报送初审，数据只读，不能导入；如需修改，请联系%(federation)s退回。")
            % {"federation": spec.campaign.federation_short}
        )
    if not rows:
        raise ImportRefused(_("工作簿中没有本单位的推荐对象，未导入任何内容。"))
    plan = _plan(spec, unit, rows, list(stored_nominations(campaign.pk).filter(unit=unit)))
    problems = _structural_problems(rows, plan)
    if problems:
        raise ImportRefused("\n".join(m for m, _ in problems), [at for _, at in problems])
    deleted = plan.deleted
    for nomination in deleted:
        # The import numbers the unit afresh below: no gap to close one by one.
        try:
            delete_nomination(nomination, actor=actor, role=role, close_gap=False)
        except NominationRefused as refusal:
            # One a child campaign forwarded is withdrawn on its delete page, with a reason.
            raise ImportRefused(
                _("工作簿中没有%(award)s %(seq)s号，导入会删除它：%(reason)s")
                % {"award": nomination.award, "seq": nomination.seq, "reason": str(refusal)}
            ) from None
    saved: dict[int, Nomination] = {}

    def save(index: int) -> None:
        row, old = rows[index], plan.matches.get(index)
        leader = None
        if index in plan.leaders:
            leader_index = plan.leaders[index]
            leader = saved.get(leader_index) or plan.matches.get(leader_index)
        data = NominationInput(
            award=row.award,
            kind=row.kind,
            cells=_cells(row, old),
            extra=dict(old.extra) if old is not None else {},
            honours=None,  # the workbook has only the highest level; a stored list stays
            negatives=row.negatives if "负面记录" in row.present else None,
            alternate_of=leader,
        )
        try:
            saved[index] = save_nomination(
                campaign, unit, data, actor=actor, role=role, nomination=old
            )
        except NominationRefused as refusal:
            raise ImportRefused(
                _("%(award)s第%(row)s行（%(label)s）：%(reason)s")
                % {"award": row.award, "row": row.row, "label": row.label, "reason": str(refusal)},
                [(row.award, row.row)],
            ) from None

    # Order matters for the quota, which save_nomination checks row by row: first the stored
    # nominations that give up a place, then every row that takes one, then the rest (leaders
    # before their alternates).
    indices = range(len(rows))
    giving_up = [i for i in indices if i in plan.matches and rows[i].kind != Kind.COMPREHENSIVE]
    taking = _seated_first(
        spec, unit, rows, [i for i in indices if rows[i].kind == Kind.COMPREHENSIVE]
    )
    rest = [i for i in indices if i not in plan.matches and rows[i].kind != Kind.COMPREHENSIVE]
    rest.sort(key=lambda i: rows[i].kind == Kind.ALTERNATE)
    for index in (*giving_up, *taking, *rest):
        save(index)
    numbers = import_numbers(rows)
    for award in plan.awards:
        mine = sorted((i for i in indices if rows[i].award == award), key=numbers.__getitem__)
        assign_numbers(campaign, unit, award, [saved[i].pk for i in mine])
    if initial_counts is not None:
        # A blank cell of 推荐单位情况 says nothing: the count typed on the 报送 page stays.
        given = {award: n for award, n in initial_counts.items() if n is not None}
        counts = {**submission.initial_counts, **given}
        if counts != submission.initial_counts:
            set_initial_counts(campaign, unit, counts, actor=actor, role=role)
    updated = len(plan.matches)
    return ImportResult(plan.awards, len(rows) - updated, updated, len(deleted))


def import_workbook(
    campaign: Campaign,
    unit: Unit,
    path: Path,
    *,
    file_label: str,
    actor: Any,
    role: str,
    fingerprint: str | None = None,
) -> ImportResult:
    """Read and save, all or nothing; raises ``ImportRefused`` and leaves the data as they were.
    With ``fingerprint`` (``unit_fingerprint`` when the preview was made), raises
    ``PreviewStale`` if the unit's data are no longer those the preview showed."""
    spec = campaign_spec(campaign)
    read = read_import(path, spec, unit, file_label=file_label)
    with transaction.atomic():
        lock_unit(campaign, unit)  # no one changes the unit between the comparison and the save
        if fingerprint is not None and unit_fingerprint(campaign, unit) != fingerprint:
            raise PreviewStale(str(PREVIEW_STALE))
        result = _apply(
            campaign, unit, read.rows, actor=actor, role=role, initial_counts=read.initial_counts
        )
        record(
            "import.workbook",
            actor=actor,
            role=role,
            campaign=campaign,
            unit_name=unit.name,
            changes={
                "奖项": [None, "、".join(result.awards)],
                "新增": [None, result.created],
                "更新": [None, result.updated],
                "删除": [None, result.deleted],
                "未导入的其他单位行": [None, len(read.foreign)],
            },
        )
    return result


# ── the preview ─────────────────────────────────────────────────────────────────────────────


@dataclass
class PreviewRow:
    row: ImportRow
    updates: Nomination | None
    number: int = 0  # the 序号 it will have once imported
    findings: list[Finding] = field(default_factory=list)
    refused: bool = False  # the row the refusal names: marked in the table as in the message


@dataclass
class ImportPreview:
    """What the unit would look like after the import, before anything is saved."""

    rows: list[PreviewRow]
    foreign: list[ForeignRow]
    awards: list[str]  # the awards the import replaces
    kept_awards: list[str]  # the unit's other awards, left as they are
    deleted: list[Nomination]  # stored nominations the workbook does not name
    other_findings: list[Finding]  # about the unit, or its nominations outside the workbook
    refusal: str | None

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.rows for f in r.findings] + self.other_findings

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)


class _DryRun(Exception):
    """Rolls back a trial import."""


def _trial(
    campaign: Campaign, unit: Unit, rows: Sequence[ImportRow], *, actor: Any, role: str
) -> ImportRefused | None:
    """The refusal the import would meet now, found by importing and rolling back: the same
    checks as a real import, without a second set of rules that could disagree."""
    try:
        with transaction.atomic():
            _apply(campaign, unit, rows, actor=actor, role=role)
            raise _DryRun
    except _DryRun:
        return None
    except ImportRefused as refusal:
        return refusal


def preview_import(
    campaign: Campaign,
    unit: Unit,
    path: Path,
    *,
    file_label: str,
    actor: Any,
    role: str,
    progress: Progress = _no_progress,
) -> ImportPreview:
    """The unit's findings as if the workbook were imported, with the workbook's row numbers;
    nothing is saved. ``progress`` is told each step (sheets read, checking)."""
    spec = campaign_spec(campaign)
    read = read_import(path, spec, unit, file_label=file_label, progress=progress)
    progress(_("本单位 %(rows)s 行，正在按通知规则检查并试导入") % {"rows": len(read.rows)})
    rows = read.rows
    stored = list(stored_nominations(campaign.pk))
    plan = _plan(spec, unit, rows, stored)
    replaced = {n.pk for n in plan.old}
    adapter = Adapter(spec)
    others = []
    for nomination in stored:
        if nomination.pk in replaced:
            continue
        core = adapter.to_core(nomination)
        core.ref = RowRef(STORED_SHEET.format(award=nomination.award), nomination.pk)
        others.append(core)
    imported = []
    for index, row in enumerate(rows):
        core = row.core
        old = plan.matches.get(index)
        if old is not None and old.honours.all():
            # After the import the stored honours list, not the cell, gives the highest level.
            level = derived_cells(old, spec)["荣誉级别"]
            core = replace(core, facts={**core.facts, "荣誉级别": level})
        imported.append(core)
    reports = unit_reports(campaign.pk, spec)
    own_report = next((r for r in reports if r.unit == unit.name), None)
    if own_report is None:
        own_report = UnitReport(unit=unit.name, pledge_by_upload=True)
        reports.append(own_report)
    if read.report is not None:
        # As _apply stores it: the sheet's counts over the stored ones. The pledge stays the
        # uploaded document's (RULES.md §3: the portal requires the document itself).
        given = {a: n for a, n in read.report.initial_counts.items() if n is not None}
        own_report.initial_counts = {**own_report.initial_counts, **given}
        own_report.ref = read.report.ref
        own_report.problems = read.report.problems
    checker = Checker(spec).load([*others, *imported], reports)
    own = checker.results.get(unit.name)
    refs = {RowRef(row.award, row.row): index for index, row in enumerate(rows)}
    found = list(own.findings) if own is not None else []
    # In the unit's words: a duplicate across units does not name the other unit's nominee.
    found.extend(
        text_for(f, Reader.UNIT) for f in checker.city_findings() if refs.keys() & set(f.rows)
    )
    found.sort(key=sort_key)
    numbers = import_numbers(rows)
    preview_rows = [PreviewRow(row, plan.matches.get(i), numbers[i]) for i, row in enumerate(rows)]
    other_findings = []
    for finding in found:
        mine = [refs[ref] for ref in finding.rows if ref in refs]
        if not mine:
            other_findings.append(finding)
        for index in dict.fromkeys(mine):
            preview_rows[index].findings.append(finding)
    unit_awards = {n.award for n in stored if n.unit_id == unit.pk}
    refusal = _trial(campaign, unit, rows, actor=actor, role=role)
    for item in preview_rows:
        item.refused = refusal is not None and (item.row.award, item.row.row) in refusal.rows
    return ImportPreview(
        rows=preview_rows,
        foreign=read.foreign,
        awards=plan.awards,
        kept_awards=[
            a.name for a in spec.awards if a.name in unit_awards and a.name not in plan.awards
        ],
        deleted=plan.deleted,
        other_findings=other_findings,
        refusal=refusal.message if refusal is not None else None,
    )
