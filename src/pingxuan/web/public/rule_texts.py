"""One Chinese line per rule kind of ``spec.rules``, filled in from the spec's own parameters.

The core names rule kinds in code and their numbers in the spec; a page needs a sentence a clerk
can read. A new rule kind in ``Rules`` without a sentence here fails ``tests/web/public``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pingxuan.core.spec.models import Spec
from pingxuan.web.public.wording import award_order, condition_text, measure_word


@dataclass(frozen=True, slots=True)
class RuleText:
    name: str  # may hold %(whole)s: the spec's campaign.whole_name (全市统筹名额)
    describe: Callable[[Spec], str]

    def title(self, spec: Spec) -> str:
        return self.name % {"whole": spec.campaign.whole_name} if "%(" in self.name else self.name


def _join(items: list[str]) -> str:
    return "、".join(items)


def _applies(applies: dict[str, str]) -> str:
    return _join(
        [
            _("%(award)s（%(condition)s）") % {"award": award, "condition": condition_text(when)}
            for award, when in applies.items()
        ]
    )


def _pool(spec: Spec) -> str:
    return "；".join(
        _("%(award)s：各推荐单位最多推荐 %(max)s %(word)s")
        % {"award": award.name, "max": award.per_unit_max, "word": measure_word(award)}
        for award in spec.awards
        if award.allocation == "pool"
    )


def _totals(spec: Spec) -> str:
    totals = _join(
        [f"{award.name} {award.total} {measure_word(award)}" for award in award_order(spec)]
    )
    return _("最终名单不得超过各奖项总数：%(totals)s") % {"totals": totals}


def _leader_alternate(spec: Spec) -> str:
    rule = spec.rules.leader_alternate
    return _(
        "推荐%(categories)s的，须同时推荐 1 名同类别一线职工作为备选，否则取消相应推荐名额"
        "（备选须满足：%(condition)s）"
    ) % {"categories": _join(rule.categories), "condition": condition_text(rule.alternate)}


def _skill_competition(spec: Spec) -> str:
    return _("未开展劳动和技能竞赛的，不能作为%(awards)s推荐对象") % {
        "awards": _join(spec.rules.skill_competition.awards)
    }


def _contribution(spec: Spec) -> str:
    return _("须在第 1 至 %(count)s 项贡献领域（见“贡献领域”）之一作出突出贡献") % {
        "count": len(spec.contribution_areas)
    }


def _honour(spec: Spec) -> str:
    return _("原则上须具有%(level)s以上综合性荣誉基础") % {"level": spec.rules.honour.min_level}


def _union_basics(spec: Spec) -> str:
    rule = spec.rules.union_basics
    text = _("%(applies)s须满足：%(required)s") % {
        "applies": _applies(rule.applies),
        "required": _join(rule.required),
    }
    if rule.may_be_not_applicable:
        text += _("；其中%(items)s依法无须建立的，可填“不适用”") % {
            "items": _join(rule.may_be_not_applicable)
        }
    return text


def _negative_record(spec: Spec) -> str:
    eligibility = spec.eligibility
    return _(
        "%(applies)s自事发起 %(years)s 年内有下列情形之一的不得申报：%(types)s"
        "（以“%(deadline)s”之日为准）"
    ) % {
        "applies": _applies(spec.rules.negative_record.applies),
        "years": eligibility.look_back_years,
        "types": _join(eligibility.negative_record_types),
        "deadline": spec.deadline(eligibility.reference_deadline).label,
    }


def _hidden_identity(spec: Spec) -> str:
    return _("职务含“%(keywords)s”等字样，却按（%(condition)s）申报的，疑似隐瞒身份") % {
        "keywords": _join(spec.eligibility.leader_keywords),
        "condition": condition_text(spec.rules.hidden_identity.declared_as),
    }


def _whole_organisation_team(spec: Spec) -> str:
    teams = [award.name for award in spec.awards if award.subject == "team"]
    return _(
        "%(awards)s授予单位所属的部门、车间、工段、班组、科室等，集体类型为“%(type)s”的不能推荐"
    ) % {"awards": _join(teams), "type": spec.rules.whole_organisation_team.team_type}


def _differential(spec: Spec) -> str:
    return _("%(levels)s推荐单位实行差额评选：各奖项初始提名数须多于推荐数") % {
        "levels": _join(spec.rules.differential.levels)
    }


def _secrecy(spec: Spec) -> str:
    return _("各推荐单位须明确涉敏对象，并签订《%(pledge)s》") % {
        "pledge": spec.rules.secrecy.pledge
    }


def _fixed(text: str) -> Callable[[Spec], str]:
    return lambda spec: text


def rule_texts() -> dict[str, RuleText]:
    """Rule kind (a key of ``spec.rules``) → its name and sentence."""
    return {
        "data": RuleText(
            _("数据有效性"),
            _fixed(
                _(
                    "推荐表中的单元格须可识别：身份证号、统一社会信用代码、日期和各项取值须符合格式，"
                    "身份证号须与出生年月、性别一致"
                )
            ),
        ),
        "quota": RuleText(
            _("单位名额"),
            _fixed(
                _(
                    "各推荐单位按附件分配的名额和预留身份推荐：超出名额或找不到相符名额的推荐对象不能推荐"
                )
            ),
        ),
        "pool": RuleText(_("%(whole)s统筹名额"), _pool),
        "totals": RuleText(_("奖项总数"), _totals),
        "leader_alternate": RuleText(_("负责人备选"), _leader_alternate),
        "skill_competition": RuleText(_("劳动和技能竞赛"), _skill_competition),
        "contribution": RuleText(_("贡献领域"), _contribution),
        "honour": RuleText(_("荣誉基础"), _honour),
        "repeat_honour": RuleText(
            _("重复授予"),
            _fixed(_("曾获本级五一劳动奖、工人先锋号的，如无新的突出贡献，原则上不重复授予")),
        ),
        "congress": RuleText(
            _("职代会审议"),
            _fixed(_("推荐对象须经所在单位职代会（或其授权的联席会议）审议通过，并写明审议日期")),
        ),
        "union_basics": RuleText(_("工会基础工作"), _union_basics),
        "negative_record": RuleText(_("负面记录"), _negative_record),
        "cross_region": RuleText(_("跨区域推荐"), _fixed(_("推荐跨区域农民工的，须征得对方同意"))),
        "duplicates": RuleText(
            _("重复推荐"),
            _fixed(
                _(
                    "同一对象（身份证号、统一社会信用代码或所属单位与集体名称相同）不得在本次评选中重复推荐"
                )
            ),
        ),
        "hidden_identity": RuleText(_("隐瞒身份"), _hidden_identity),
        "whole_organisation_team": RuleText(_("先锋号对象"), _whole_organisation_team),
        "differential": RuleText(_("差额评选"), _differential),
        "secrecy": RuleText(_("脱密承诺"), _secrecy),
    }


def extra_severity_labels() -> dict[tuple[str, str], str]:
    """Rules that grade a second kind of breach on their own: (rule kind, field) → what it is."""
    return {
        ("quota", "unfilled"): _("预留名额空缺"),
        ("differential", "unknown"): _("未提供初始提名数"),
        ("secrecy", "unanswered"): _("未明确是否涉敏"),
        ("leader_alternate", "cancelled"): _("负责人被撤销或未通过，备选名额作废"),
    }
