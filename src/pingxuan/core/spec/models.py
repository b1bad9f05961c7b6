"""The campaign spec: one notice as data, validated by pydantic.

Structure only lives here; what each key means is written in docs/spec.md. Checks that span
several keys (places add up to totals, conditions name known columns) live in ``semantics.py`` so
that every refusal can name the exact key path.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PositiveInt

from pingxuan.core.spec.layers import Parent, RoundRules
from pingxuan.core.spec.places import Places, parse_places

SeverityName = Literal["error", "warning", "info", "off"]
Subject = Literal["organisation", "person", "team"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StageSeverity(Strict):
    """How grave a breach is at each stage; ``off`` means the rule does not apply then."""

    nomination: SeverityName = "error"
    final: SeverityName = "error"

    def at(self, stage: str) -> SeverityName:
        return self.nomination if stage == "nomination" else self.final


class Rule(Strict):
    clause: str
    severity: StageSeverity = StageSeverity()


FEDERATION = "总工会"
# The last character of a federation's place that says its level: 郑州市, 中牟县, 金水区, 河南省.
PLACE_WORDS = "省市县区州盟旗"


class CampaignInfo(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    whole_name: str = "全市"  # the whole campaign in headings and statuses: 全市, 全国, 全县
    reviewer_title: str = "市级审核员"  # what the organiser's reviewers are called on pages
    # The organiser's administrators; empty: the reviewer's title with 管理员 (市级管理员).
    admin_title: str = ""
    document_number: str = ""
    issuer: str
    organiser: str = ""
    # The federation in a short word, where a unit writes 请联系市总工会退回; empty: derived from
    # the issuer (市总工会, 县总工会, 全国总工会), see ``federation_short``.
    organiser_short: str = ""
    contacts: list[str] = []
    phone: str = ""
    email: str = ""
    timezone: Literal["Asia/Shanghai"] = "Asia/Shanghai"

    @property
    def office(self) -> str:
        """The organiser's staff in a word, where a unit's name would stand: 市级 (from 市级审核员),
        县级, 全国总工会."""
        return self.reviewer_title.removesuffix("审核员") or self.issuer

    @property
    def admin_name(self) -> str:
        return self.admin_title or f"{self.office}管理员"

    @property
    def federation(self) -> str:
        """The federation itself, whom units write to and whose seal a form bears: 郑州市总工会
        (not its office 郑州市总工会办公室 that issued the notice), 中华全国总工会."""
        at = self.issuer.find(FEDERATION)
        return self.issuer[: at + len(FEDERATION)] if at >= 0 else self.issuer

    @property
    def federation_short(self) -> str:
        """The federation as a clerk says it: 市总工会, 县总工会, 全国总工会 (the declared
        ``organiser_short``, else the federation's place word: the 市 of 郑州市总工会); the
        full name when the issuer names no place word."""
        if self.organiser_short:
            return self.organiser_short
        place = self.federation.removesuffix(FEDERATION)
        if place == self.federation or not place:
            return self.federation
        if place.endswith("全国"):
            return f"全国{FEDERATION}"
        if place[-1] in PLACE_WORDS:
            return f"{place[-1]}{FEDERATION}"
        return self.federation


class Award(Strict):
    name: str
    short_name: str
    subject: Subject
    total: PositiveInt
    allocation: Literal["pool", "per_unit"]
    per_unit_max: PositiveInt | None = None
    special_track: str | None = None
    clause: str


def _places(value: object) -> object:
    if isinstance(value, (str, int)):
        return parse_places(str(value))
    return value


PlacesCell = Annotated[Places, BeforeValidator(_places)]


class Unit(Strict):
    name: str
    level: str
    places: dict[str, PlacesCell] = {}


class Vocabulary(Strict):
    unit_levels: list[str]
    ownership: list[str]
    categories: list[str]
    tags: list[str]
    honour_levels: list[str] = Field(description="highest first; the last means none")
    team_types: list[str]
    democratic_parties: list[str]
    genders: list[str] = ["男", "女"]


class Deadline(Strict):
    key: str
    label: str
    at: datetime | None = None
    clause: str
    consequence: str = ""
    # What the deadline closes (pingxuan.core.deadlines.Gate): the unit's 初审 submission or its
    # 复审 materials. Without a 初审材料 deadline, submission closes at eligibility's reference.
    gates: Literal["初审材料", "复审材料"] | None = None


class Eligibility(Strict):
    reference_deadline: str
    look_back_years: PositiveInt
    negative_record_types: list[str]
    negative_record_aliases: dict[str, str] = {}
    leader_keywords: list[str]


class Ratio(Strict):
    id: str
    label: str
    awards: list[str]
    population: str
    # The nominees the share is measured within ("机关事业单位推荐对象的 20%"); empty means every
    # comprehensive nominee of the awards. rules.ratios.base_expression is the one reading of it.
    within: str = ""
    within_label: str = ""
    min: Decimal | None = Field(default=None, ge=0, le=1)
    max: Decimal | None = Field(default=None, ge=0, le=1)
    at_least: int | None = Field(default=None, ge=0)
    base: Literal["capped", "count", "award_total"] = "capped"
    group: Literal["city", "unit"] = "city"
    clause: str
    see_also: list[str] = []
    severity: StageSeverity = StageSeverity()


class QuotaRule(Rule):
    unfilled: StageSeverity = StageSeverity(nomination="warning", final="info")


class LeaderRule(Rule):
    categories: list[str]
    alternate: str
    # The alternate of a leader who failed a review or was revoked: the place is cancelled
    # (三（四）: 不得递补或重报); the unit is told, there is nothing to correct.
    cancelled: StageSeverity = StageSeverity(nomination="info", final="off")


class AwardsRule(Rule):
    awards: list[str]


class HonourRule(Rule):
    min_level: str


class UnionBasicsRule(Rule):
    applies: dict[str, str]
    required: list[str]
    may_be_not_applicable: list[str] = []


class NegativeRecordRule(Rule):
    applies: dict[str, str]


class HiddenIdentityRule(Rule):
    declared_as: str


class WholeOrganisationRule(Rule):
    team_type: str


class DifferentialRule(Rule):
    levels: list[str]
    unknown: StageSeverity = StageSeverity(nomination="warning", final="warning")


class SecrecyRule(Rule):
    pledge: str
    unanswered: StageSeverity = StageSeverity(nomination="warning", final="warning")


class Rules(Strict):
    data: Rule
    quota: QuotaRule
    pool: Rule
    totals: Rule
    leader_alternate: LeaderRule
    skill_competition: AwardsRule
    contribution: Rule
    honour: HonourRule
    repeat_honour: Rule
    congress: Rule
    union_basics: UnionBasicsRule
    negative_record: NegativeRecordRule
    cross_region: Rule
    duplicates: Rule
    hidden_identity: HiddenIdentityRule
    whole_organisation_team: WholeOrganisationRule
    differential: DifferentialRule
    secrecy: SecrecyRule


class ContributionArea(Strict):
    number: PositiveInt
    text: str


class DepartmentOpinion(Strict):
    awards: list[str]
    when: str = ""
    departments: list[str]
    clause: str


class Material(Strict):
    stage: Literal["初审", "复审"]
    scope: Literal["unit", "nomination"]
    name: str
    awards: list[str] = []
    when: str = ""
    signed_by: str = ""
    clause: str


class ImageRules(Strict):
    format: Literal["JPEG"] = "JPEG"
    max_width: PositiveInt
    max_height: PositiveInt
    clause: str


class PublicityLevel(Strict):
    # The kinds of notice the web knows how to publish (docs/spec.md, 公示): a unit's own
    # (unit), a middle level published by the units of some levels for their nominees (county),
    # and the organiser's (city). Any other key is refused when the spec loads.
    key: Literal["unit", "county", "city"]
    name: str
    shows_sensitive: bool
    # For the middle level: the unit levels (vocabulary.unit_levels) whose units publish it;
    # it covers only their nominees.
    published_by: list[str] = []


class Publicity(Strict):
    min_working_days: PositiveInt
    clause: str
    levels: list[PublicityLevel]
    fields: dict[str, list[str]]


class Documents(Strict):
    """How the printed lists and tables are ordered (issue 5, 2.; docs/ordering.md)."""

    # 姓氏笔画: a one-character given name before a two-character one under the same surname;
    # 姓名笔画: the whole name stroke by stroke. Values of pingxuan.core.strokes.StrokeOrder.
    name_order: Literal["姓氏笔画", "姓名笔画"] = "姓氏笔画"


class KeyIndustries(Strict):
    clause: str
    note: str = ""
    industries: list[str]


class SpecColumn(Strict):
    """A column the spec adds to the exchange workbook so that its conditions can test it."""

    name: str
    subjects: list[Subject]
    values: list[str]
    description: str = ""


class Spec(Strict):
    campaign: CampaignInfo
    awards: list[Award]
    vocabulary: Vocabulary
    units: list[Unit]
    reservations: dict[str, str]
    deadlines: list[Deadline]
    eligibility: Eligibility
    rules: Rules
    ratios: list[Ratio]
    contribution_areas: list[ContributionArea]
    key_industries: KeyIndustries
    department_opinions: list[DepartmentOpinion]
    materials: list[Material]
    image_rules: ImageRules
    publicity: Publicity
    documents: Documents = Documents()
    # Layers (三（二）; core/spec/layers.py): the campaign this one forwards to, and its 差额 votes.
    parent: Parent | None = None
    rounds: RoundRules | None = None
    columns: list[SpecColumn] = []

    def award(self, name: str) -> Award:
        for award in self.awards:
            if award.name == name:
                return award
        raise KeyError(name)

    def deadline(self, key: str) -> Deadline:
        for deadline in self.deadlines:
            if deadline.key == key:
                return deadline
        raise KeyError(key)

    def capacity(self, unit_name: str, award_name: str) -> int:
        """How many comprehensive nominations of an award a unit may put forward (附件)."""
        award = self.award(award_name)
        if award.allocation == "pool":
            return award.per_unit_max or 0
        for unit in self.units:
            if unit.name == unit_name:
                places = unit.places.get(award_name)
                return places.total if places else 0
        return 0

    def unit_names(self) -> list[str]:
        return [unit.name for unit in self.units]

    def reference_date(self) -> date:
        """The day eligibility is judged on: the 初审 deadline unless the spec says otherwise."""
        moment = self.deadline(self.eligibility.reference_deadline).at
        assert moment is not None  # checked on load
        return moment.date()
