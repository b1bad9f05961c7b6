"""What the campaign page shows, computed from the spec and the core; the template only lays it out.

Nothing here decides a rule: bounds come from ``pingxuan.core.rules.ratios.bound``, places from
``Places.slots()``, severities from the spec. This module turns them into rows of text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from pingxuan.core.findings import Severity
from pingxuan.core.publicity import levels_word
from pingxuan.core.rules.context import Context
from pingxuan.core.rules.ratios import Tally, bound
from pingxuan.core.spec.models import Award, Ratio, Spec, StageSeverity
from pingxuan.core.spec.places import Places, Reservation
from pingxuan.web.public.rule_texts import extra_severity_labels, rule_texts
from pingxuan.web.public.wording import (
    award_order,
    chinese_number,
    condition_text,
    measure_word,
    percent,
    subject_label,
)

# ── rows ──────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class AwardSummary:
    name: str
    subject: str
    total: str
    allocation: str
    note: str
    clause: str


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    label: str
    when: str
    iso: str  # for <time datetime>; "" when the notice leaves the date open
    consequence: str
    clause: str


@dataclass(frozen=True, slots=True)
class PlacesCell:
    text: str  # as the 附件 writes it; "" when the unit has no places for the award
    breakdown: str


@dataclass(frozen=True, slots=True)
class UnitRow:
    number: int
    name: str
    level: str
    cells: tuple[PlacesCell, ...]


@dataclass(frozen=True, slots=True)
class AwardColumn:
    name: str
    pooled: bool
    pool_text: str
    total: int


@dataclass(frozen=True, slots=True)
class AllocationTable:
    pooled: tuple[AwardColumn, ...]
    per_unit: tuple[AwardColumn, ...]
    rows: tuple[UnitRow, ...]
    reservations: tuple[Fact, ...]  # label → who may take such a place
    clause: str

    @property
    def columns(self) -> tuple[AwardColumn, ...]:
        return self.pooled + self.per_unit


@dataclass(frozen=True, slots=True)
class SeverityBadge:
    key: str  # error | warning | info | off: the CSS class
    label: str


@dataclass(frozen=True, slots=True)
class StageBadges:
    nomination: SeverityBadge
    final: SeverityBadge


@dataclass(frozen=True, slots=True)
class RatioRow:
    label: str
    population: str
    awards: str
    scope: str
    requirement: str
    severity: StageBadges
    clause: str
    see_also: str


@dataclass(frozen=True, slots=True)
class ExtraSeverity:
    label: str
    severity: StageBadges


@dataclass(frozen=True, slots=True)
class RuleRow:
    key: str
    name: str
    description: str
    severity: StageBadges
    extra: tuple[ExtraSeverity, ...]
    clause: str


@dataclass(frozen=True, slots=True)
class OpinionRow:
    department: str
    cells: tuple[tuple[str, ...], ...]  # per award column: the conditions (any one suffices)


@dataclass(frozen=True, slots=True)
class OpinionMatrix:
    awards: tuple[str, ...]
    rows: tuple[OpinionRow, ...]
    clause: str


@dataclass(frozen=True, slots=True)
class MaterialRow:
    name: str
    scope: str
    awards: str
    when: str
    signed_by: str
    clause: str


@dataclass(frozen=True, slots=True)
class MaterialStage:
    stage: str
    rows: tuple[MaterialRow, ...]


@dataclass(frozen=True, slots=True)
class Publicity:
    summary: str
    clause: str
    levels: tuple[Fact, ...]
    fields: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class NumberedText:
    number: str
    text: str


@dataclass(frozen=True, slots=True)
class CampaignPage:
    title: str
    facts: tuple[Fact, ...]
    awards: tuple[AwardSummary, ...]
    deadlines: tuple[DeadlineRow, ...]
    allocation: AllocationTable
    ratios: tuple[RatioRow, ...]
    rules: tuple[RuleRow, ...]
    opinions: OpinionMatrix
    materials: tuple[MaterialStage, ...]
    image_rule: Fact
    publicity: Publicity
    contribution_areas: tuple[NumberedText, ...]
    contribution_clause: str
    key_industries: tuple[str, ...]
    key_industries_note: str
    key_industries_clause: str


# ── building ──────────────────────────────────────────────────────────────


def build_campaign_page(spec: Spec) -> CampaignPage:
    return CampaignPage(
        title=spec.campaign.title,
        facts=_facts(spec),
        awards=tuple(
            _award_summary(award, spec.campaign.whole_name) for award in award_order(spec)
        ),
        deadlines=tuple(_deadline_rows(spec)),
        allocation=allocation_table(spec),
        ratios=tuple(ratio_rows(spec)),
        rules=tuple(rule_rows(spec)),
        opinions=opinion_matrix(spec),
        materials=tuple(_material_stages(spec)),
        image_rule=_image_rule(spec),
        publicity=_publicity(spec),
        contribution_areas=tuple(
            NumberedText(_("（%(number)s）") % {"number": chinese_number(area.number)}, area.text)
            for area in spec.contribution_areas
        ),
        contribution_clause=spec.rules.contribution.clause,
        key_industries=tuple(spec.key_industries.industries),
        key_industries_note=spec.key_industries.note,
        key_industries_clause=spec.key_industries.clause,
    )


def _facts(spec: Spec) -> tuple[Fact, ...]:
    info = spec.campaign
    facts = [
        Fact(_("文号"), info.document_number),
        Fact(_("发文单位"), info.issuer),
        Fact(_("承办部门"), info.organiser),
        Fact(_("联系人"), "、".join(info.contacts)),
        Fact(_("电话"), info.phone),
        Fact(_("邮箱"), info.email),
    ]
    return tuple(fact for fact in facts if fact.value)


def _award_summary(award: Award, whole: str) -> AwardSummary:
    word = measure_word(award)
    if award.allocation == "pool":
        allocation = _("%(whole)s统筹，各推荐单位最多推荐 %(max)s %(word)s") % {
            "whole": whole,
            "max": award.per_unit_max,
            "word": word,
        }
    else:
        allocation = _("按附件分配到各推荐单位")
    note = ""
    if award.special_track:
        note = _("另设%(track)s，不占名额、不计比例") % {"track": award.special_track}
    return AwardSummary(
        name=award.name,
        subject=subject_label(award),
        total=f"{award.total} {word}",
        allocation=allocation,
        note=note,
        clause=award.clause,
    )


_WEEKDAYS = "一二三四五六日"


def format_moment(moment: datetime, zone: ZoneInfo) -> str:
    """2024年3月20日（星期三）23:59, read on the campaign's clock."""
    local = moment.astimezone(zone)
    return _("%(year)s年%(month)s月%(day)s日（星期%(weekday)s）%(time)s") % {
        "year": local.year,
        "month": local.month,
        "day": local.day,
        "weekday": _WEEKDAYS[local.weekday()],
        "time": local.strftime("%H:%M"),
    }


def _deadline_rows(spec: Spec) -> list[DeadlineRow]:
    zone = ZoneInfo(spec.campaign.timezone)
    rows = []
    for deadline in spec.deadlines:
        if deadline.at is None:
            when, iso = _("另行通知"), ""
        else:
            when, iso = format_moment(deadline.at, zone), deadline.at.isoformat()
        rows.append(DeadlineRow(deadline.label, when, iso, deadline.consequence, deadline.clause))
    return rows


# ── 附件：名额分配表 ────────────────────────────────────────────────────────


def places_breakdown(places: Places, word: str) -> str:
    """4（企业班组3，其中非公2） → 企业班组 3 个（其中非公 2 个）、不限身份 1 个."""

    def describe(reservation: Reservation) -> str:
        text = _("%(label)s %(count)s %(word)s") % {
            "label": reservation.label,
            "count": reservation.count,
            "word": word,
        }
        if reservation.children:
            inner = "、".join(describe(child) for child in reservation.children)
            text += _("（其中%(inner)s）") % {"inner": inner}
        return text

    parts = [describe(reservation) for reservation in places.reserved]
    open_places = sum(count for labels, count in places.slots() if not labels)
    if open_places:
        parts.append(_("不限身份 %(count)s %(word)s") % {"count": open_places, "word": word})
    return "、".join(parts)


def allocation_table(spec: Spec) -> AllocationTable:
    awards = award_order(spec)
    pooled = tuple(
        AwardColumn(
            award.name,
            True,
            _("%(whole)s %(total)s %(word)s，各推荐单位最多推荐 %(max)s %(word)s")
            % {
                "whole": spec.campaign.whole_name,
                "total": award.total,
                "max": award.per_unit_max,
                "word": measure_word(award),
            },
            award.total,
        )
        for award in awards
        if award.allocation == "pool"
    )
    per_unit_awards = [award for award in awards if award.allocation == "per_unit"]
    per_unit = tuple(
        AwardColumn(
            award.name,
            False,
            "",
            sum(u.places[award.name].total for u in spec.units if award.name in u.places),
        )
        for award in per_unit_awards
    )
    rows = []
    for number, unit in enumerate(spec.units, start=1):
        cells = []
        for award in per_unit_awards:
            places = unit.places.get(award.name)
            if places is None:
                cells.append(PlacesCell("", _("无名额")))
            else:
                cells.append(PlacesCell(places.text, places_breakdown(places, measure_word(award))))
        rows.append(UnitRow(number, unit.name, unit.level, tuple(cells)))
    used = set().union(*(places.labels() for unit in spec.units for places in unit.places.values()))
    reservations = tuple(
        Fact(label, condition_text(source))
        for label, source in spec.reservations.items()
        if label in used
    )
    return AllocationTable(pooled, per_unit, tuple(rows), reservations, spec.rules.quota.clause)


# ── 比例与规则 ──────────────────────────────────────────────────────────────


def severity_badge(name: str) -> SeverityBadge:
    return SeverityBadge(name, _("不适用") if name == "off" else Severity(name).label)


def stage_badges(stages: StageSeverity) -> StageBadges:
    return StageBadges(severity_badge(stages.nomination), severity_badge(stages.final))


def ratio_requirement(ctx: Context, ratio: Ratio) -> str:
    """≥35%（满额 120 名时至少 42 名）, ≤4%（按总数 120 名计至多 4 名）, 至少 1 名 …"""
    awards = [ctx.spec.award(name) for name in ratio.awards]
    total = sum(award.total for award in awards)
    word = _("名") if all(a.subject == "person" for a in awards) else _("个")
    # The count the core would demand if every place were used.
    limit = bound(ctx, ratio, Tally(base=total))
    values = {"count": limit.count, "total": total, "word": word}
    if ratio.at_least is not None:
        return _("至少 %(count)s %(word)s") % values
    if ratio.within:
        # Measured within part of the nominees: no count follows from the award's total.
        share = ratio.min if ratio.min is not None else ratio.max
        sign = "≥" if ratio.min is not None else "≤"
        return _("%(sign)s%(percent)s%%（按%(within)s计）") % {
            "sign": sign,
            "percent": percent(share),
            "within": ratio.within_label,
        }
    if ratio.min is not None:
        values["percent"] = percent(ratio.min)
        return {
            "capped": _("≥%(percent)s%%（满额 %(total)s %(word)s时至少 %(count)s %(word)s）"),
            "award_total": _(
                "≥%(percent)s%%（按总数 %(total)s %(word)s计至少 %(count)s %(word)s）"
            ),
            "count": _("≥%(percent)s%%（按推荐总数计）"),
        }[ratio.base] % values
    assert ratio.max is not None  # the spec loader insists on exactly one bound
    values["percent"] = percent(ratio.max)
    return {
        "capped": _("≤%(percent)s%%（满额 %(total)s %(word)s时至多 %(count)s %(word)s）"),
        "award_total": _("≤%(percent)s%%（按总数 %(total)s %(word)s计至多 %(count)s %(word)s）"),
        "count": _("≤%(percent)s%%（按推荐总数计）"),
    }[ratio.base] % values


def ratio_rows(spec: Spec) -> list[RatioRow]:
    ctx = Context(spec)
    scopes = {"city": spec.campaign.whole_name, "unit": _("各推荐单位")}
    return [
        RatioRow(
            label=ratio.label,
            population=condition_text(ratio.population),
            awards="、".join(ratio.awards) + (f"中的{ratio.within_label}" if ratio.within else ""),
            scope=scopes[ratio.group],
            requirement=ratio_requirement(ctx, ratio),
            severity=stage_badges(ratio.severity),
            clause=ratio.clause,
            see_also="、".join(ratio.see_also),
        )
        for ratio in spec.ratios
    ]


def rule_rows(spec: Spec) -> list[RuleRow]:
    texts = rule_texts()
    extra_labels = extra_severity_labels()
    rows = []
    for key in type(spec.rules).model_fields:
        rule = getattr(spec.rules, key)
        text = texts[key]
        extra = tuple(
            ExtraSeverity(extra_labels[(key, name)], stage_badges(value))
            for name, value in rule
            if name != "severity" and isinstance(value, StageSeverity)
        )
        rows.append(
            RuleRow(
                key,
                text.title(spec),
                text.describe(spec),
                stage_badges(rule.severity),
                extra,
                rule.clause,
            )
        )
    return rows


# ── 部门意见、材料、公示 ─────────────────────────────────────────────────────


def opinion_matrix(spec: Spec) -> OpinionMatrix:
    """Departments × awards: under which conditions each department signs an opinion."""
    named = {name for opinion in spec.department_opinions for name in opinion.awards}
    awards = [award.name for award in award_order(spec) if award.name in named]
    departments: dict[str, dict[str, list[str]]] = {}
    for opinion in spec.department_opinions:
        when = condition_text(opinion.when)
        for department in opinion.departments:
            cells = departments.setdefault(department, {award: [] for award in awards})
            for award in opinion.awards:
                if when not in cells[award]:
                    cells[award].append(when)
    rows = tuple(
        OpinionRow(department, tuple(tuple(cells[award]) for award in awards))
        for department, cells in departments.items()
    )
    clauses = dict.fromkeys(opinion.clause for opinion in spec.department_opinions)
    return OpinionMatrix(tuple(awards), rows, "、".join(clauses))


def _material_stages(spec: Spec) -> list[MaterialStage]:
    scopes = {"unit": _("推荐单位报送一份"), "nomination": _("每个推荐对象一份")}
    stages: dict[str, list[MaterialRow]] = {}
    for material in spec.materials:
        stages.setdefault(material.stage, []).append(
            MaterialRow(
                name=material.name,
                scope=scopes[material.scope],
                awards="、".join(material.awards) if material.awards else _("全部奖项"),
                when=condition_text(material.when) if material.when else "",
                signed_by=material.signed_by,
                clause=material.clause,
            )
        )
    return [MaterialStage(stage, tuple(rows)) for stage, rows in stages.items()]


def _image_rule(spec: Spec) -> Fact:
    rules = spec.image_rules
    return Fact(
        rules.clause,
        _("图片均为 %(format)s 格式，尺寸不超过 %(width)s×%(height)s 像素，并标注图片名称")
        % {"format": rules.format, "width": rules.max_width, "height": rules.max_height},
    )


def _publicity(spec: Spec) -> Publicity:
    publicity = spec.publicity
    levels = tuple(
        Fact(level.name, _("公示涉敏对象") if level.shows_sensitive else _("不公示涉敏对象"))
        for level in publicity.levels
    )
    fields = tuple(Fact(award, "、".join(names)) for award, names in publicity.fields.items())
    summary = _("两审%(count)s公示：每级公示不少于 %(days)s 个工作日") % {
        "count": levels_word(spec),
        "days": publicity.min_working_days,
    }
    return Publicity(summary, publicity.clause, levels, fields)
