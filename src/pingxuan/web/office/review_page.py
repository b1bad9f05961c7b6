"""What the 初审 pages show: the units' list, and one unit with its nominations, the core's
findings, written explanations, materials and decisions. Templates only lay it out."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pingxuan.core.findings import Reader, Severity
from pingxuan.core.identifiers import mask_id_number
from pingxuan.web.campaigns.domain.deadlines import Gate, gate_window
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.documents.domain.sheets import facts_of
from pingxuan.web.materials.domain import ChecklistItem, checklist
from pingxuan.web.materials.models import Stage
from pingxuan.web.nominations.domain.compliance import (
    finding_key,
    findings_by_unit,
    unit_compliance,
)
from pingxuan.web.nominations.domain.submit import RETURNS_ALLOWED
from pingxuan.web.nominations.enums import SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from pingxuan.web.portal.unit_page import Badge, FindingRow, badges, finding_rows
from pingxuan.web.public.wording import award_order
from pingxuan.web.review.enums import ReviewStage
from pingxuan.web.review.models import Decision
from pingxuan.web.rounds.domain.forwarding import provenance
from pingxuan.web.rounds.models import Forwarding

# ── the list of units ─────────────────────────────────────────────────────


@dataclass(frozen=True)
class UnitLine:
    pk: int
    name: str
    state_key: str
    state: str
    submitted_at: datetime | None
    counts: tuple[int, ...]  # per award, in award order
    total: int
    prepared: int
    released: int
    return_count: int
    errors: int  # as the unit's own page counts them
    url: str  # the unit's 初审 page


TABLE_TEMPLATE = "office/_review_units_table.html"


@dataclass(frozen=True)
class ReviewTable:
    """All ``office/_review_units_table.html`` reads: the fragment is cached keyed on it."""

    awards: list[str]
    lines: list[UnitLine]
    total: int  # units of the campaign (the lines may be a filtered few)


# The list's filters: key, label, and which lines each keeps.
FILTERS: list[tuple[str, str, Callable[[UnitLine], bool]]] = [
    ("all", _("全部"), lambda line: True),
    ("submitted", _("已报送"), lambda line: line.state_key == SubmissionState.SUBMITTED),
    ("unsubmitted", _("未报送"), lambda line: line.state_key != SubmissionState.SUBMITTED),
    ("errors", _("有错误"), lambda line: line.errors > 0),
    ("returned", _("已退回"), lambda line: line.state_key == SubmissionState.RETURNED),
]


@dataclass(frozen=True)
class Filter:
    key: str
    label: str
    count: int
    active: bool


def filtered(lines: list[UnitLine], chosen: str) -> tuple[list[Filter], list[UnitLine]]:
    """The filters with their counts, and the lines the chosen one keeps (unknown: all)."""
    keys = {key for key, _, _ in FILTERS}
    chosen = chosen if chosen in keys else "all"
    filters = [
        Filter(key, label, sum(1 for line in lines if keep(line)), key == chosen)
        for key, label, keep in FILTERS
    ]
    keep = next(keep for key, _, keep in FILTERS if key == chosen)
    return filters, [line for line in lines if keep(line)]


def unit_lines(campaign: Campaign) -> tuple[list[str], list[UnitLine]]:
    """Award names (the columns), and one line per unit of the campaign; a fixed number of
    queries whatever the number of units."""
    awards = [award.name for award in award_order(campaign_spec(campaign))]
    submissions = {s.unit_id: s for s in Submission.objects.filter(campaign=campaign)}
    counts: Counter[tuple[int, str]] = Counter()
    for unit_id, award in Nomination.objects.filter(campaign=campaign).values_list(
        "unit_id", "award"
    ):
        counts[(unit_id, award)] += 1
    prepared: Counter[int] = Counter()
    released: Counter[int] = Counter()
    for unit_id, at in Decision.objects.filter(
        campaign=campaign, stage=ReviewStage.FIRST
    ).values_list("nomination__unit_id", "released_at"):
        (released if at else prepared)[unit_id] += 1
    errors = {
        unit: sum(1 for f in found if f.severity == Severity.ERROR)
        for unit, found in findings_by_unit(campaign).items()
    }
    lines = []
    for unit in Unit.objects.filter(campaign=campaign).order_by("position"):
        submission = submissions.get(unit.pk)
        state = SubmissionState(submission.state if submission else SubmissionState.DRAFT)
        per_award = tuple(counts[(unit.pk, award)] for award in awards)
        lines.append(
            UnitLine(
                unit.pk,
                unit.name,
                state.value,
                str(state.label),
                submission.submitted_at if submission else None,
                per_award,
                sum(per_award),
                prepared[unit.pk],
                released[unit.pk],
                submission.return_count if submission else 0,
                errors.get(unit.name, 0),
                reverse("office:review_unit", kwargs={"slug": campaign.slug, "pk": unit.pk}),
            )
        )
    return awards, lines


# ── one unit ──────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Explanation:
    message: str
    text: str


@dataclass
class ReviewRow:
    nomination: Nomination
    masked_id: str
    category: str
    badges: tuple[Badge, ...]
    findings: list[FindingRow]
    decision: Decision | None
    evidence: list[ChecklistItem] = field(default_factory=list)  # 初审 items, with their scans
    facts: list[tuple[str, str]] = field(default_factory=list)  # as the 简表 prints them
    provenance: Forwarding | None = None  # forwarded from a child campaign: round, vote, notice

    @property
    def decidable(self) -> bool:
        """A form is offered while nothing is released and the nomination still stands."""
        return not self.nomination.withdrawn and not (self.decision and self.decision.released)


@dataclass
class AwardGroup:
    name: str
    rows: list[ReviewRow]


@dataclass
class UnitReview:
    unit: Unit
    submission: Submission | None
    state_key: str
    state: str
    reviewable: bool  # submitted: decisions may be prepared
    returnable: bool
    return_refusal: str  # why it cannot be returned, when it cannot
    groups: list[AwardGroup]
    unit_findings: list[FindingRow]
    badges: tuple[Badge, ...]
    explanations: list[Explanation]
    unit_evidence: list[ChecklistItem]
    prepared: int
    undecided: int  # still without a prepared or released decision, and still standing
    deadline: datetime | None


def _category(nomination: Nomination) -> str:
    cells = nomination.cells
    return str(cells.get("身份类别") or cells.get("集体类型") or cells.get("单位性质") or "")


def unit_review(campaign: Campaign, unit: Unit) -> UnitReview:
    spec = campaign_spec(campaign)
    compliance = unit_compliance(campaign, unit)
    submission = Submission.objects.filter(campaign=campaign, unit=unit).first()
    state = SubmissionState(submission.state if submission else SubmissionState.DRAFT)
    nominations = list(
        Nomination.objects.filter(campaign=campaign, unit=unit).order_by("award", "seq")
    )
    names = {n.pk: n.display_name for n in nominations}
    decisions = {
        d.nomination_id: d
        for d in Decision.objects.filter(
            campaign=campaign, nomination__unit=unit, stage=ReviewStage.FIRST
        ).select_related("prepared_by", "released_by")
    }
    evidence: dict[int | None, list[ChecklistItem]] = defaultdict(list)
    for item in checklist(campaign, unit, Stage.FIRST):
        evidence[item.nomination.pk if item.nomination else None].append(item)
    forwarded = provenance(nominations)
    rows = {
        n.pk: ReviewRow(
            nomination=n,
            masked_id=mask_id_number(n.cells["身份证号"]) if n.cells.get("身份证号") else "",
            category=_category(n),
            badges=badges(compliance.by_nomination.get(n.pk, ())),
            findings=finding_rows(
                compliance.by_nomination.get(n.pk, ()), names, reader=Reader.ORGANISER
            ),
            decision=decisions.get(n.pk),
            evidence=evidence.get(n.pk, []),
            facts=facts_of(n),
            provenance=forwarded.get(n.pk),
        )
        for n in nominations
    }
    groups = [
        AwardGroup(award.name, [rows[n.pk] for n in nominations if n.award == award.name])
        for award in award_order(spec)
    ]
    written = submission.explanations if submission else {}
    messages = {finding_key(f): f.message for f in compliance.warnings}
    explanations = [
        # A warning explained at submission may since have gone: its key still names it.
        Explanation(messages.get(key, key.rsplit("|", 1)[-1]), text)
        for key, text in written.items()
    ]
    window = gate_window(campaign, unit, Gate.SUBMISSION)[1]
    deadline = window.closes_at
    refusal = ""
    if submission is not None and submission.return_count >= RETURNS_ALLOWED:
        refusal = _("该单位已退回过一次，初审期间只能退回一次。")
    elif state != SubmissionState.SUBMITTED:
        refusal = _("只有已报送初审的单位才能退回。")
    elif not window.is_open(timezone.now()):
        refusal = _("已过初审截止时间，不能再退回。")
    return UnitReview(
        unit=unit,
        submission=submission,
        state_key=state.value,
        state=str(state.label),
        reviewable=state == SubmissionState.SUBMITTED,
        returnable=not refusal,
        return_refusal=refusal,
        groups=[g for g in groups if g.rows],
        unit_findings=finding_rows(compliance.unit_level, names, reader=Reader.ORGANISER),
        badges=badges(compliance.findings),
        explanations=explanations,
        unit_evidence=evidence.get(None, []),
        prepared=sum(1 for d in decisions.values() if not d.released),
        undecided=sum(1 for n in nominations if n.pk not in decisions and not n.withdrawn),
        deadline=deadline,
    )
