"""What a final list shows: live before release, frozen after, and what changed in between.

The live list is ``final_check`` (the nominations approved at 复审, as the core's
``on_final_list`` counts them) turned into ``Line``s: per award in the spec's order, the places
(综合表彰, an alternate that took its leader's place among them) then 专项表彰, each in the
documents' name order. A released list's lines are its ``FinalListRow``s. The page, the PDF,
the DOCX, the exchange workbook and the 表彰决定 all read one ``FinalView``, so they list the same
rows in the same order; ``differences`` words what a correction would change, line by line.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from pingxuan.core.columns import COLUMNS_BY_SUBJECT, COMPREHENSIVE, NAME_COLUMN, SPECIAL, TRUE
from pingxuan.core.identifiers import mask_id_number
from pingxuan.core.nominations import Nomination as CoreNomination
from pingxuan.core.ordering import sort_nominations
from pingxuan.core.publicity import SENSITIVE, levels_word
from pingxuan.core.select.output import cell_text
from pingxuan.core.spec.models import Award, Spec
from pingxuan.core.strokes import StrokeOrder, pad_name, strip_padding
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.finals.models import FinalList, FinalListRow
from pingxuan.web.nominations.domain.citywide import CityCheck, final_check
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.nominations.models import Nomination

MEASURE = {"person": "名", "organisation": "个", "team": "个"}
WHO = {"person": "职工", "organisation": "单位", "team": "集体"}
# What the printed documents show of a line, by the label a correction names it with.
PRINTED = (("name", "名称"), ("detail", "工作单位及职务"), ("unit", "推荐单位"))
# Columns of the exchange workbook the printed fields already cover (or that only say where
# the row sits): a change there is worded once, by the printed field.
COVERED = {*NAME_COLUMN.values(), "工作单位", "职务", "所属单位全称", "推荐单位", "表彰类型"}
COVERED |= {"备选对象序号", "序号", SENSITIVE}


@dataclass(frozen=True)
class Line:
    """One line of a final list, with every value an output prints."""

    award: str
    kind: str  # 综合表彰 (a place) or 专项表彰 (outside the places)
    nomination_id: int
    name: str  # as printed: 贺　彪, an organisation's full name, a team with its organisation
    detail: str  # 工作单位 and 职务 (people only)
    unit: str
    sensitive: bool  # 三（六）: on the city's list, marked; never in the decision
    note: str  # the office page's 情况 column
    cells: dict[str, str | None]  # the exchange workbook's texts

    @property
    def label(self) -> str:
        return strip_padding(self.name) or self.unit


@dataclass(frozen=True)
class AwardFrame:
    name: str
    subject: str
    total: int


@dataclass(frozen=True)
class FinalView:
    """A final list as every output shows it: ``released`` is None for the live draft."""

    awards: list[AwardFrame]
    title: str
    name_order: str
    decision: dict[str, Any]  # title, paragraphs, issuer, sections (see ``FinalList.decision``)
    lines: list[Line]
    released: FinalList | None = None
    check: CityCheck | None = field(default=None, compare=False)  # the live draft's

    def of(self, award: str, kind: str) -> list[Line]:
        return [line for line in self.lines if line.award == award and line.kind == kind]


# ── the live list ───────────────────────────────────────────────────────────────────────────


def _note(nomination: Nomination) -> str:
    cells = nomination.cells
    parts = [cells.get(c, "") for c in ("身份类别", "职务", "单位性质", "所属行业")]
    leader = nomination.alternate_of
    if nomination.kind == Kind.ALTERNATE and leader is not None:
        # On the list it is 综合表彰; the office still sees whose place it took.
        parts.insert(0, _("备选，代替%(name)s") % {"name": leader.display_name})
    number = cells.get("身份证号") or ""
    if number:
        parts.append(mask_id_number(number))
    return " · ".join(str(p) for p in parts if p)


def _line(spec: Spec, award: Award, kind: str, stored: Nomination, core: CoreNomination) -> Line:
    cells = stored.cells
    name = str(cells.get(NAME_COLUMN[award.subject]) or "").strip()
    detail = ""
    if award.subject == "person":
        name = pad_name(name)
        detail = f"{cells.get('工作单位') or ''}{cells.get('职务') or ''}"
    elif award.subject == "team":
        name = f"{cells.get('所属单位全称') or ''}{name}"
    workbook = {c.name: cell_text(spec, c, core.facts.get(c.name)) for c in _columns(award)}
    return Line(
        award=award.name,
        kind=kind,
        nomination_id=stored.pk,
        name=name,
        detail=detail,
        unit=stored.unit.name,
        sensitive=cells.get(SENSITIVE) == TRUE,
        note=_note(stored),
        cells=workbook,
    )


def _columns(award: Award) -> list[Any]:
    return list(COLUMNS_BY_SUBJECT[award.subject])


def live_lines(campaign: Campaign, check: CityCheck | None = None) -> list[Line]:
    """The final list as the data stands now: what a release would freeze."""
    check = check or final_check(campaign)
    spec = check.spec
    order = StrokeOrder(spec.documents.name_order)
    by_pk = {n.pk: n for n in check.nominations}
    lines: list[Line] = []
    for award in spec.awards:
        for kind, stored in (
            (COMPREHENSIVE, check.listed(award.name)),
            (SPECIAL, check.special(award.name)),
        ):
            cores = sort_nominations([check.counted[n.pk] for n in stored], order)
            lines += [_line(spec, award, kind, by_pk[c.ref.row], c) for c in cores]
    return lines


def digest(lines: list[Line]) -> str:
    """A fingerprint of the lines a preview showed: a release refuses other lines."""
    text = json.dumps([asdict(line) for line in lines], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _dated(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def frame(
    spec: Spec,
    lines: list[Line],
    *,
    number: str = "",
    issued_on: date | None = None,
    corrects: FinalList | None = None,
    reason: str = "",
) -> dict[str, Any]:
    """The list's title, awards and the 表彰决定's text for ``lines``: a draft without
    ``number``, the 印发稿 with it."""
    from pingxuan.web.documents.domain.sheets import title_prefix  # documents builds on finals

    prefix = title_prefix(spec)
    city = prefix.split("年", 1)[-1]
    public = [line for line in lines if not line.sensitive]  # 三（六）: 不予公开表彰
    counts = {(a.name, k): 0 for a in spec.awards for k in (COMPREHENSIVE, SPECIAL)}
    for line in public:
        counts[(line.award, line.kind)] += 1
    grants = "，".join(
        f"授予{counts[(a.name, COMPREHENSIVE)]}{MEASURE[a.subject]}{WHO[a.subject]}“{city}{a.name}”"
        for a in spec.awards
        if counts[(a.name, COMPREHENSIVE)]
    )
    # Before 复审 nobody is approved: the draft says so rather than granting nothing.
    grants = grants or "授予名单待复审后确定"
    paragraphs = [
        f"为表彰先进、树立典型，充分发挥劳模精神、劳动精神、工匠精神的示范引领作用，根据"
        f"{spec.campaign.document_number}文件，经各推荐单位推荐、两审{levels_word(spec)}公示，"
        f"{grants}。",
        "希望受到表彰的单位、集体和个人珍惜荣誉，再接再厉，在推动高质量发展中再创佳绩。"
        f"{spec.campaign.whole_name}广大职工要以先进为榜样，立足岗位、建功立业。",
    ]
    if corrects is not None:
        paragraphs.append(
            f"本决定更正{corrects.number}（{_dated(corrects.issued_on)}印发），更正原因：{reason}"
        )
    # Only the awards that grant anyone have a list, and only those are attached.
    granted = [
        a for a in spec.awards if counts[(a.name, COMPREHENSIVE)] or counts[(a.name, SPECIAL)]
    ]
    if granted:
        paragraphs.append("附件：" + "、".join(f"{city}{a.name}名单" for a in granted))
    sections = []
    for award in granted:
        measure = MEASURE[award.subject]
        people = award.subject == "person"
        n = counts[(award.name, COMPREHENSIVE)]
        heading = f"{city}{award.name}（{n}{measure}）"
        sections.append(
            {"heading": heading, "award": award.name, "kind": COMPREHENSIVE, "people": people}
        )
        if counts[(award.name, SPECIAL)]:
            special = counts[(award.name, SPECIAL)]
            heading = f"{city}{award.name}专项表彰（{special}{measure}）"
            sections.append(
                {"heading": heading, "award": award.name, "kind": SPECIAL, "people": people}
            )
    names = "、".join(a.name for a in spec.awards)
    return {
        "title": f"{prefix}{names}最终名单",
        "name_order": spec.documents.name_order,
        "awards": [
            {"name": a.name, "subject": a.subject, "total": a.total or 0} for a in spec.awards
        ],
        "decision": {
            "title": f"关于表彰{prefix}{names}获得者的决定",
            "paragraphs": paragraphs,
            "issuer": spec.campaign.federation,
            "number": number,
            "dated": _dated(issued_on) if issued_on else "",
            "sections": sections,
        },
    }


def _view(data: dict[str, Any], lines: list[Line], **extra: Any) -> FinalView:
    return FinalView(
        awards=[AwardFrame(a["name"], a["subject"], a["total"]) for a in data["awards"]],
        title=data["title"],
        name_order=data["name_order"],
        decision=data["decision"],
        lines=lines,
        **extra,
    )


def live_view(campaign: Campaign) -> FinalView:
    """The unreleased list (草稿): live from the nominations approved at 复审."""
    check = final_check(campaign)
    lines = live_lines(campaign, check)
    return _view(frame(campaign_spec(campaign), lines), lines, check=check)


# ── released lists ──────────────────────────────────────────────────────────────────────────


def released_lists(campaign: Campaign) -> QuerySet[FinalList]:
    """Every released list of the campaign, the first release first."""
    return FinalList.objects.filter(campaign=campaign).select_related("corrects", "correction")


def current_list(campaign: Campaign) -> FinalList | None:
    """The list that counts: the latest release, the one no correction replaced."""
    return FinalList.objects.filter(campaign=campaign, correction__isnull=True).first()


def frozen_lines(final_list: FinalList) -> list[Line]:
    return [
        Line(
            award=row.award,
            kind=row.kind,
            nomination_id=row.nomination_id,
            name=row.name,
            detail=row.detail,
            unit=row.unit,
            sensitive=row.sensitive,
            note=row.note,
            cells=dict(row.cells),
        )
        for row in FinalListRow.objects.filter(final_list=final_list).order_by("position")
    ]


def frozen_view(final_list: FinalList) -> FinalView:
    data = {
        "title": final_list.title,
        "name_order": final_list.name_order,
        "awards": final_list.awards,
        "decision": final_list.decision,
    }
    return _view(data, frozen_lines(final_list), released=final_list)


def current_view(campaign: Campaign) -> FinalView:
    """What the campaign's final list is now: the current released list, else the live draft."""
    released = current_list(campaign)
    return frozen_view(released) if released is not None else live_view(campaign)


# ── what changed ────────────────────────────────────────────────────────────────────────────


def differences(before: list[Line], after: list[Line]) -> list[str]:
    """What ``after`` changes against ``before``, line by line: removed, added, a field
    corrected (the printed ones by name, the exchange workbook's by column)."""
    old = {(line.award, line.nomination_id): line for line in before}
    new = {(line.award, line.nomination_id): line for line in after}
    changes = []
    for key, line in old.items():
        if key not in new:
            changes.append(_("不再列入：%(name)s（%(award)s）") % _named(line))
    for key, line in new.items():
        was = old.get(key)
        if was is None:
            changes.append(_("新增列入：%(name)s（%(award)s）") % _named(line))
            continue
        if was.kind != line.kind:
            changes.append(
                _("%(name)s的表彰类型更正为：%(kind)s") % {"name": was.label, "kind": line.kind}
            )
        for attribute, label in PRINTED:
            value = getattr(line, attribute)
            if getattr(was, attribute) != value:
                changes.append(
                    _("%(name)s的“%(column)s”更正为：%(value)s")
                    % {"name": was.label, "column": label, "value": value or _("（空）")}
                )
        if was.sensitive != line.sensitive:
            changes.append(
                (_("%(name)s现为涉敏对象（不公开表彰）") if line.sensitive else
                 _("%(name)s现不涉敏")) % {"name": was.label}
            )  # fmt: skip
        columns = [
            column
            for column in line.cells
            if column not in COVERED and was.cells.get(column) != line.cells.get(column)
        ]
        if columns:
            changes.append(
                _("%(name)s在交换工作簿中的%(columns)s有变化")
                % {"name": was.label, "columns": "、".join(f"“{c}”" for c in columns)}
            )
    return changes


def _named(line: Line) -> dict[str, str]:
    return {"name": line.label, "award": line.award}
