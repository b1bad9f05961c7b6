"""What a notice shows, and to whom (三（三）1, 三（六）).

A draft shows its rows live, as ``pingxuan.core.publicity.notice_content`` decides them now. A
published notice shows only its frozen rows (``NoticeRow``): the same lines, fields and order on
the public page, the office and unit pages, the PDF and the DOCX, whatever happens afterwards.

Two audiences read a notice. ``INTERNAL`` (the publishing unit's members and the city office,
logged in; the unit's printed notice for its own board) sees every row, 涉敏 ones marked.
``PUBLIC`` (anyone without a login, and every public document) never sees a 涉敏 row: not one
frozen as 涉敏, and not one whose nominee is 涉敏 now. Secrecy is the one thing that outranks the
freeze, and the procedure makes it moot: 涉敏 is answered before 初审 and notices come after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from pingxuan.core.columns import TRUE
from pingxuan.core.publicity import SENSITIVE, NoticeContent, notice_content
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.nominations.domain.adapt import Adapter, stored_nominations
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.models import Notice, NoticeRow

UNIT_LEVEL, COUNTY_LEVEL, CITY_LEVEL = "unit", "county", "city"
# Notices come after 初审 (四): every level lists who passed it (and stays right after 复审).
NOTICED_STANDINGS = (Standing.PASSED, Standing.APPROVED)


class Audience(Enum):
    INTERNAL = "internal"  # the publishing unit and the city office; the unit's notice board
    PUBLIC = "public"  # anyone without a login; any public page or document


@dataclass(frozen=True)
class NoticeTable:
    """One award's table of a notice: the allowed columns, and a row of values per nominee.
    ``sensitive`` marks the 涉敏 rows (only an INTERNAL view has any)."""

    award: str
    columns: list[str]
    rows: list[list[str]]
    sensitive: list[bool] = field(default_factory=list)

    @property
    def marked_rows(self) -> list[tuple[list[str], bool]]:
        """Each row with its 涉敏 mark, for the pages that show the mark."""
        marks = self.sensitive or [False] * len(self.rows)
        return list(zip(self.rows, marks, strict=True))


@dataclass(frozen=True)
class NoticeView:
    tables: list[NoticeTable]
    blocking: list[Nomination]  # a draft's nominees whose 涉敏 is unanswered (office only)

    @property
    def count(self) -> int:
        return sum(len(table.rows) for table in self.tables)


@dataclass(frozen=True)
class Line:
    """A notice line before it becomes a table row: live (a draft) or frozen (published)."""

    award: str
    fields: list[tuple[str, str]]
    nomination_id: int
    sensitive: bool

    @property
    def label(self) -> str:
        """The name a reader knows the line by: 姓名, 单位全称, or the team with its unit."""
        values = dict(self.fields)
        for column in ("姓名", "单位全称"):
            if values.get(column):
                return values[column]
        return f"{values.get('所属单位全称', '')}{values.get('集体名称', '')}"


def covered_nominations(notice: Notice) -> QuerySet[Nomination]:
    """Who a notice at its level may list: the publishing unit's nominations that passed 初审, or
    at city level every such nomination."""
    nominations = stored_nominations(notice.campaign_id).filter(standing__in=NOTICED_STANDINGS)
    if notice.level == CITY_LEVEL:
        return nominations
    return nominations.filter(unit_id=notice.unit_id)


def live_content(notice: Notice) -> tuple[NoticeContent, list[Nomination]]:
    """The core's rows for the notice as the data stands now, and the stored nominations they
    came from."""
    spec = campaign_spec(notice.campaign)
    stored = list(covered_nominations(notice))
    return notice_content(spec, notice.level, Adapter(spec).many(stored)), stored


def _live_lines(notice: Notice) -> tuple[list[Line], list[Nomination]]:
    content, stored = live_content(notice)
    by_pk = {nomination.pk: nomination for nomination in stored}
    lines = [
        Line(row.award, list(row.fields), row.source.ref.row, row.sensitive) for row in content.rows
    ]
    return lines, [by_pk[core.ref.row] for core in content.blocked]


def frozen_lines(notice: Notice) -> list[Line]:
    return [
        Line(row.award, [(c, v) for c, v in row.fields], row.nomination_id, row.sensitive)
        for row in NoticeRow.objects.filter(notice=notice).order_by("position")
    ]


def _secret_now(lines: list[Line]) -> set[int]:
    """Of these lines' nominees, who is answered 涉敏 now (the public view leaves them out)."""
    ids = {line.nomination_id for line in lines}
    nominations = Nomination.objects.filter(pk__in=ids).only("pk", "cells")
    return {n.pk for n in nominations if n.cells.get(SENSITIVE) == TRUE}


def visible_lines(notice: Notice, audience: Audience) -> list[Line]:
    """The lines ``audience`` may read of ``notice``, in the notice's order."""
    lines = frozen_lines(notice) if not notice.is_draft else _live_lines(notice)[0]
    if audience is Audience.PUBLIC:
        secret = _secret_now(lines)
        lines = [line for line in lines if not line.sensitive and line.nomination_id not in secret]
    return lines


def _tables(lines: list[Line]) -> list[NoticeTable]:
    tables: list[NoticeTable] = []
    for line in lines:
        if not tables or tables[-1].award != line.award:
            tables.append(NoticeTable(line.award, [c for c, _v in line.fields], [], []))
        tables[-1].rows.append([v for _c, v in line.fields])
        tables[-1].sensitive.append(line.sensitive)
    return tables


def notice_view(notice: Notice, audience: Audience = Audience.INTERNAL) -> NoticeView:
    """The notice's tables for ``audience``: frozen once published, live while a draft."""
    if notice.is_draft:
        lines, blocking = _live_lines(notice)
        if audience is Audience.PUBLIC:
            lines = [line for line in lines if not line.sensitive]
        return NoticeView(_tables(lines), blocking)
    return NoticeView(_tables(visible_lines(notice, audience)), [])


# ── corrections (更正公示) ───────────────────────────────────────────────────────────────────


def correction_changes(correction: Notice, audience: Audience) -> list[str]:
    """What a published 更正公示 changed against the notice it corrects, line by line, as
    ``audience`` may read it (a 涉敏 line is never named to the public)."""
    if correction.corrects_id is None:
        return []
    before = {line.nomination_id: line for line in visible_lines(correction.corrects, audience)}
    after = {line.nomination_id: line for line in visible_lines(correction, audience)}
    changes = []
    for pk, line in before.items():
        if pk not in after:
            changes.append(_("不再公示：%(name)s（%(award)s）") % _named(line))
    for pk, line in after.items():
        if pk not in before:
            changes.append(_("新增公示：%(name)s（%(award)s）") % _named(line))
            continue
        old = dict(before[pk].fields)
        for column, value in line.fields:
            if old.get(column, "") != value:
                changes.append(
                    _("%(name)s的“%(column)s”更正为：%(value)s")
                    % {"name": line.label, "column": column, "value": value or _("（空）")}
                )
    return changes


def _named(line: Line) -> dict[str, str]:
    return {"name": line.label, "award": line.award}
