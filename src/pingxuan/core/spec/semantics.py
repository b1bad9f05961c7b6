"""Checks of a spec that span several keys; each problem names its key path."""

from __future__ import annotations

from collections.abc import Iterator

from pingxuan.core.columns import (
    COLUMNS_BY_SUBJECT,
    DERIVED_FACTS,
    FALSE,
    NOT_APPLICABLE,
    TRUE,
    Kind,
    sheet_columns,
)
from pingxuan.core.spec.expressions import ExpressionError, parse
from pingxuan.core.spec.layers import own_issues
from pingxuan.core.spec.models import Spec

Issue = tuple[str, str]


def fact_values(spec: Spec, subject: str) -> dict[str, tuple[str, ...] | None]:
    """The columns a condition may test for a subject, with the values each can take."""
    vocabulary = spec.vocabulary.model_dump()
    values: dict[str, tuple[str, ...] | None] = {}
    for column in sheet_columns(subject, spec.columns):
        if column.choices:
            values[column.name] = column.choices
        elif column.kind in (Kind.ENUM, Kind.TAGS):
            assert column.vocabulary
            values[column.name] = tuple(vocabulary[column.vocabulary])
        elif column.kind == Kind.BOOL:
            values[column.name] = (TRUE, FALSE)
        elif column.kind == Kind.BOOL_NA:
            values[column.name] = (TRUE, FALSE, NOT_APPLICABLE)
        elif column.kind == Kind.UNIT:
            values[column.name] = tuple(spec.unit_names())
    values.update(DERIVED_FACTS[subject])
    return values


def check_condition(spec: Spec, source: str, awards: list[str], path: str) -> Iterator[Issue]:
    try:
        expression = parse(source)
    except ExpressionError as exc:
        yield path, str(exc)
        return
    for award_name in awards:
        subject = _subject(spec, award_name)
        if subject is None:
            continue
        known = fact_values(spec, subject)
        for test in expression.tests:
            if test.field not in known:
                yield path, f"“{award_name}”没有可用于条件的列“{test.field}”"
                continue
            allowed = known[test.field]
            for value in sorted(test.values - set(allowed or ())):
                yield path, f"列“{test.field}”没有取值“{value}”（可选：{'、'.join(allowed or ())}）"


def _subject(spec: Spec, award_name: str) -> str | None:
    for award in spec.awards:
        if award.name == award_name:
            return award.subject
    return None


def exchange_names(subject: str) -> set[str]:
    return {c.name for c in COLUMNS_BY_SUBJECT[subject]} | set(DERIVED_FACTS[subject])


def check_semantics(spec: Spec) -> list[Issue]:
    return list(_all(spec))


def _all(spec: Spec) -> Iterator[Issue]:
    yield from _awards(spec)
    yield from _units(spec)
    yield from _reservations(spec)
    yield from _deadlines(spec)
    yield from _ratios(spec)
    yield from _rules(spec)
    yield from _lists(spec)
    yield from own_issues(spec)


def _known_awards(spec: Spec, names: list[str], path: str) -> Iterator[Issue]:
    known = {award.name for award in spec.awards}
    for index, name in enumerate(names):
        if name not in known:
            yield f"{path}[{index}]", f"未定义的奖项“{name}”（已定义：{'、'.join(sorted(known))}）"


def _awards(spec: Spec) -> Iterator[Issue]:
    seen: set[str] = set()
    for index, award in enumerate(spec.awards):
        if award.name in seen or award.short_name in seen:
            yield f"awards[{index}].name", f"奖项“{award.name}”重复"
        seen.update((award.name, award.short_name))
        if award.allocation == "per_unit":
            placed = sum(u.places[award.name].total for u in spec.units if award.name in u.places)
            if placed != award.total:
                yield (
                    f"awards[{index}].total",
                    f"“{award.name}”总数为{award.total}个，但各单位名额合计{placed}个",
                )
        elif award.per_unit_max is None:
            yield f"awards[{index}].per_unit_max", "按总盘子分配的奖项须写明每个单位最多推荐几个"
        if award.special_track and award.subject != "person":
            yield f"awards[{index}].special_track", "专项表彰只适用于个人奖项"


def _units(spec: Spec) -> Iterator[Issue]:
    seen: set[str] = set()
    pooled = {award.name for award in spec.awards if award.allocation == "pool"}
    for index, unit in enumerate(spec.units):
        if unit.name in seen:
            yield f"units[{index}].name", f"推荐单位“{unit.name}”重复"
        seen.add(unit.name)
        if unit.level not in spec.vocabulary.unit_levels:
            yield (
                f"units[{index}].level",
                f"单位级别“{unit.level}”未在 vocabulary.unit_levels 中定义",
            )
        for award_name, places in unit.places.items():
            path = f"units[{index}].places.{award_name}"
            if award_name in pooled:
                yield path, f"“{award_name}”按总盘子分配，不应给单位单列名额"
                continue
            if _subject(spec, award_name) is None:
                yield path, f"未定义的奖项“{award_name}”"
                continue
            for label in sorted(places.labels() - set(spec.reservations)):
                yield path, f"预留身份“{label}”未在 reservations 中定义"


def _reservations(spec: Spec) -> Iterator[Issue]:
    awards_of: dict[str, set[str]] = {}  # one pass over the units: a national spec has thousands
    for unit in spec.units:
        for award, places in unit.places.items():
            for label in places.labels():
                awards_of.setdefault(label, set()).add(award)
    for label, source in spec.reservations.items():
        awards = sorted(awards_of.get(label, ()))
        yield from check_condition(spec, source, awards, f"reservations.{label}")


def _deadlines(spec: Spec) -> Iterator[Issue]:
    keys = set()
    gated: set[str] = set()
    for index, deadline in enumerate(spec.deadlines):
        if deadline.key in keys:
            yield f"deadlines[{index}].key", f"截止时间“{deadline.key}”重复"
        keys.add(deadline.key)
        if deadline.gates is not None:
            if deadline.gates in gated:
                yield f"deadlines[{index}].gates", f"“{deadline.gates}”已由另一个截止时间管住"
            gated.add(deadline.gates)
        if deadline.at is not None and deadline.at.tzinfo is None:
            yield f"deadlines[{index}].at", "截止时间须带时区，如 2024-03-20T23:59:59+08:00"
    reference = spec.eligibility.reference_deadline
    if reference not in keys:
        yield "eligibility.reference_deadline", f"未定义的截止时间“{reference}”"
    elif spec.deadline(reference).at is None:
        yield "eligibility.reference_deadline", f"截止时间“{reference}”没有写明日期"


def _ratios(spec: Spec) -> Iterator[Issue]:
    seen: set[str] = set()
    for index, ratio in enumerate(spec.ratios):
        path = f"ratios[{index}]"
        if ratio.id in seen:
            yield f"{path}.id", f"比例规则“{ratio.id}”重复"
        seen.add(ratio.id)
        bounds = [b for b in (ratio.min, ratio.max, ratio.at_least) if b is not None]
        if len(bounds) != 1:
            yield path, "min、max、at_least 三者须且只能写一个"
        yield from _known_awards(spec, ratio.awards, f"{path}.awards")
        yield from check_condition(spec, ratio.population, ratio.awards, f"{path}.population")
        yield from check_condition(spec, ratio.within, ratio.awards, f"{path}.within")
        if ratio.within and not ratio.within_label:
            yield (
                f"{path}.within_label",
                "写了 within 就须写 within_label，例如“机关事业单位推荐对象”",
            )
        if ratio.within and ratio.base == "award_total":
            yield (
                f"{path}.base",
                "base = award_total 以奖项总数为基数，不能再用 within 限定范围；请删去其一",
            )


def _rules(spec: Spec) -> Iterator[Issue]:
    rules = spec.rules
    vocabulary = spec.vocabulary
    for index, category in enumerate(rules.leader_alternate.categories):
        if category not in vocabulary.categories:
            yield f"rules.leader_alternate.categories[{index}]", f"未定义的身份类别“{category}”"
    persons = [a.name for a in spec.awards if a.subject == "person"]
    yield from check_condition(
        spec, rules.leader_alternate.alternate, persons, "rules.leader_alternate.alternate"
    )
    yield from check_condition(
        spec, rules.hidden_identity.declared_as, persons, "rules.hidden_identity.declared_as"
    )
    yield from _known_awards(spec, rules.skill_competition.awards, "rules.skill_competition.awards")
    if rules.honour.min_level not in vocabulary.honour_levels:
        yield "rules.honour.min_level", f"未定义的荣誉级别“{rules.honour.min_level}”"
    if rules.whole_organisation_team.team_type not in vocabulary.team_types:
        yield (
            "rules.whole_organisation_team.team_type",
            f"未定义的集体类型“{rules.whole_organisation_team.team_type}”",
        )
    for index, level in enumerate(rules.differential.levels):
        if level not in vocabulary.unit_levels:
            yield f"rules.differential.levels[{index}]", f"未定义的单位级别“{level}”"
    for name, rule in (
        ("union_basics", rules.union_basics),
        ("negative_record", rules.negative_record),
    ):
        yield from _known_awards(spec, list(rule.applies), f"rules.{name}.applies")
        for award_name, source in rule.applies.items():
            yield from check_condition(
                spec, source, [award_name], f"rules.{name}.applies.{award_name}"
            )


_LEVEL_ORDER = ("unit", "county", "city")


def _publicity_levels(spec: Spec) -> Iterator[Issue]:
    keys = [level.key for level in spec.publicity.levels]
    if len(set(keys)) != len(keys) or keys != sorted(keys, key=_LEVEL_ORDER.index):
        yield (
            "publicity.levels",
            "公示层级须从低到高排列且不重复：unit（所在单位）、county（中间一级）、city（主办方）",
        )
    for index, level in enumerate(spec.publicity.levels):
        path = f"publicity.levels[{index}].published_by"
        if level.key != "county":
            if level.published_by:
                yield path, "只有中间一级（county）公示写 published_by"
            continue
        if not level.published_by:
            yield path, '须写明由哪些级别的推荐单位发布，例如 ["县级"]；无此一级公示的请删去'
        for position, unit_level in enumerate(level.published_by):
            if unit_level not in spec.vocabulary.unit_levels:
                yield (
                    f"{path}[{position}]",
                    f"单位级别“{unit_level}”未在 vocabulary.unit_levels 中定义",
                )


def _lists(spec: Spec) -> Iterator[Issue]:
    numbers = [area.number for area in spec.contribution_areas]
    if numbers != list(range(1, len(numbers) + 1)):
        yield "contribution_areas", "贡献领域须从 1 起连续编号"
    for index, opinion in enumerate(spec.department_opinions):
        path = f"department_opinions[{index}]"
        yield from _known_awards(spec, opinion.awards, f"{path}.awards")
        yield from check_condition(spec, opinion.when, opinion.awards, f"{path}.when")
    for index, material in enumerate(spec.materials):
        path = f"materials[{index}]"
        yield from _known_awards(spec, material.awards, f"{path}.awards")
        yield from check_condition(spec, material.when, material.awards, f"{path}.when")
    yield from _known_awards(spec, list(spec.publicity.fields), "publicity.fields")
    yield from _publicity_levels(spec)
    for index, extra in enumerate(spec.columns):
        path = f"columns[{index}]"
        if any(extra.name in exchange_names(subject) for subject in COLUMNS_BY_SUBJECT):
            yield f"{path}.name", f"“{extra.name}”已是交换表格的列，不能再声明"
        if len(set(extra.values)) != len(extra.values) or not extra.values:
            yield f"{path}.values", '取值须至少一个且不重复，例如 ["是", "否"]'
    aliases = spec.eligibility.negative_record_aliases
    for alias, target in aliases.items():
        if target not in spec.eligibility.negative_record_types:
            yield (
                f"eligibility.negative_record_aliases.{alias}",
                f"“{target}”不是 negative_record_types 中的类型",
            )
