"""优选 on the city office's page: the committee's scores, the optimiser's proposal compared with
the current list, and adopting it as prepared 复审 decisions.

The candidates are the nominations that passed 初审 or were approved at 复审; the current list is
the approved ones. The core optimiser (``pingxuan.core.select``) chooses; this module only feeds
it the stored nominations and scores and words the difference. An approved nomination is a
published result that adopting cannot change, so it goes in as ``decided``: always chosen,
counted toward the totals and ratios, and what the preview shows as 当前 → 优选 is exactly what
adopting prepares plus what is already published. Nominations whose department
opinions are not all in cannot pass 复审 (三（五）), so they are left out before solving and listed.
Adopting re-runs the optimiser and refuses when the proposal changed since it was shown (what was
seen is what is done), then prepares a 复审 pass or fail for every candidate still ``passed``, all
or nothing, and writes one audit row; releasing stays on the 复审 preview.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pingxuan.core.final_list import on_final_list
from pingxuan.core.findings import Stage
from pingxuan.core.isolate import IsolationFailed, run_isolated
from pingxuan.core.nominations import Nomination as CoreNomination
from pingxuan.core.rules.engine import Checker
from pingxuan.core.rules.ratios import Bound, bound
from pingxuan.core.select.candidates import Key
from pingxuan.core.select.explain import Conflict
from pingxuan.core.select.scores import ScoresError, read_scores
from pingxuan.core.select.solve import select
from pingxuan.core.spec.models import Ratio
from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.materials.images import display_name
from pingxuan.web.nominations.domain.adapt import Adapter, stored_nominations
from pingxuan.web.nominations.domain.edit import NominationRefused
from pingxuan.web.nominations.domain.numbering import number_key
from pingxuan.web.nominations.enums import Kind, Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.opinions.domain import missing_opinions_of
from pingxuan.web.review.domain.decisions import prepare
from pingxuan.web.review.enums import Outcome, ReviewStage
from pingxuan.web.review.models import Score

CANDIDATE_STANDINGS = (Standing.PASSED, Standing.APPROVED)
NOT_CHOSEN_REASON = "经优选未入选"
SCORE_SUFFIXES = (".csv", ".xlsx")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class SelectionRefused(Exception):
    """Adopting was refused; ``reasons`` says why (nothing was prepared)."""

    def __init__(self, reasons: list[str]):
        super().__init__("；".join(reasons))
        self.reasons = reasons


# --- scores ---------------------------------------------------------------------------------


def score_file_label(name: str) -> str:
    """The uploaded file's name as messages show it: its last part, no control characters, at
    most 60 characters."""
    return display_name(name, fallback=_("分数表"), max_length=60)


def import_scores(campaign: Campaign, name: str, data: bytes, *, actor: Any, role: str) -> int:
    """Replace the campaign's scores with the uploaded table; every bad row is refused at once
    (``ScoresError``, naming the uploaded file, its ``problems`` one per bad row, a row naming
    no nomination among them) and the stored scores stay as they were. Returns how many were
    stored."""
    label = score_file_label(name)
    suffix = Path(name).suffix.lower()
    if suffix not in SCORE_SUFFIXES:
        raise ScoresError(_("分数表应为 .xlsx 或 .csv 文件。"))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ScoresError(_("分数表不能超过 5 MB。"))
    spec = campaign_spec(campaign)
    by_key = {
        number_key(n): n
        for n in Nomination.objects.filter(campaign=campaign).select_related("unit")
    }
    with tempfile.TemporaryDirectory() as folder:
        # The core reads a path and names it in its messages: ours, replaced by the user's.
        path = Path(folder) / f"scores{suffix}"
        path.write_bytes(data)
        try:
            # In a child process with a memory cap and a time limit: the upload is untrusted.
            scores: dict[Key, Decimal] = run_isolated(read_scores, path, spec, frozenset(by_key))
        except ScoresError as error:
            message = error.message.removeprefix(f"{path.name}：")
            raise ScoresError(f"{label}：{message}", error.problems) from None
        except IsolationFailed as failure:
            raise ScoresError(
                _("%(file)s：%(reason)s，已拒绝读取。请删除多余内容后另存再上传。")
                % {"file": label, "reason": failure.message}
            ) from None
    with transaction.atomic():
        Score.objects.filter(nomination__campaign=campaign).delete()
        Score.objects.bulk_create(
            Score(nomination=by_key[key], value=value) for key, value in scores.items()
        )
        record(
            "selection.scores",
            actor=actor,
            role=role,
            campaign=campaign,
            changes={"分数": ["", f"{len(scores)}个（{name}）"]},
        )
    return len(scores)


def scores_of(campaign: Campaign) -> dict[int, Decimal]:
    return dict(
        Score.objects.filter(nomination__campaign=campaign).values_list("nomination_id", "value")
    )


# --- the proposal ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    nomination: Nomination
    score: Decimal | None  # None: no score uploaded (counts as 0)
    reason: str  # the optimiser's reason for choosing or not


@dataclass
class AwardDiff:
    name: str
    total: int
    current: int  # approved (published 复审通过)
    proposed: int  # the approved, who stay, and the passed the optimiser chose
    going_in: list[Line] = field(default_factory=list)
    staying: list[Line] = field(default_factory=list)
    left_out: list[Line] = field(default_factory=list)  # passed, not chosen


@dataclass(frozen=True)
class Side:
    members: int
    bound: Bound

    @property
    def met(self) -> bool:
        if self.bound.kind == "min":
            return self.members >= self.bound.count
        return self.members <= self.bound.count


@dataclass(frozen=True)
class RatioChange:
    ratio: Ratio
    awards: str
    before: Side
    after: Side


@dataclass(frozen=True)
class Obstacle:
    """Why no list exists, as the office reads it: the rule's words and its clause; the rule's
    id only for a technical line."""

    message: str
    clause: str = ""
    rule: str = ""


# What to do about an obstacle, by the kind of rule (the first prefix that matches).
ADVICE: list[tuple[str, Any]] = [
    (
        "quota.award_total",
        gettext_lazy(
            "候选不够选满奖项总数，改分数不能解决。可勾选优选页上的“允许少于奖项总数（候选不足时）”"
            "后重新运行，选出少于总数的名单；部门意见未齐的候选补齐意见后也会参加优选。"
        ),
    ),
    (
        "ratio.",
        gettext_lazy(
            "符合条件的候选中这一类对象不够（或太多），改分数不能解决。请核对这些候选的数据"
            "（如单位性质、身份类别）是否填对；部门意见未齐的候选补齐意见后也会参加优选。"
        ),
    ),
    (
        "quota.",
        gettext_lazy("单位名额或预留名额容不下这些候选：请核对该单位推荐对象的身份和表彰类型。"),
    ),
    (
        "select.decided",
        gettext_lazy(
            "已发布的复审通过不能由优选改变，它们一直留在名单上；如确需调整，须先按程序撤销"
            "（如举报属实），再重新运行优选。"
        ),
    ),
]
GENERAL_ADVICE = gettext_lazy("请核对上面点名的推荐对象和规则后重新运行优选。")


@dataclass
class Proposal:
    feasible: bool
    allow_fewer: bool
    candidates: list[Nomination]
    chosen: list[int] = field(default_factory=list)  # nomination pks, the approved among them
    conflicts: list[Obstacle] = field(default_factory=list)
    awards: list[AwardDiff] = field(default_factory=list)
    ratios: list[RatioChange] = field(default_factory=list)
    blocked: list[tuple[Nomination, list[str]]] = field(default_factory=list)
    special: list[Nomination] = field(default_factory=list)
    unscored: list[Nomination] = field(default_factory=list)
    objective: Decimal = Decimal(0)

    @property
    def advice(self) -> list[str]:
        """What the office can do about the obstacles, each piece once."""
        pieces: list[str] = []
        for obstacle in self.conflicts:
            piece = str(
                next(
                    (text for prefix, text in ADVICE if obstacle.rule.startswith(prefix)),
                    GENERAL_ADVICE,
                )
            )
            if obstacle.rule and piece not in pieces:
                pieces.append(piece)
        return pieces

    @property
    def short_of_candidates(self) -> bool:
        """An award cannot be filled: running again with 允许少于奖项总数 may find a list."""
        return not self.allow_fewer and any(c.rule == "quota.award_total" for c in self.conflicts)

    @property
    def to_pass(self) -> list[Nomination]:
        chosen = set(self.chosen)
        return [n for n in self._decidable() if n.pk in chosen]

    @property
    def to_fail(self) -> list[Nomination]:
        chosen = set(self.chosen)
        return [n for n in self._decidable() if n.pk not in chosen]

    def _decidable(self) -> list[Nomination]:
        """Passed candidates the optimiser judged: not the ones it could not take part in."""
        aside = {n.pk for n, _missing in self.blocked} | {n.pk for n in self.special}
        return [n for n in self.candidates if n.standing == Standing.PASSED and n.pk not in aside]


def candidates_of(campaign: Campaign) -> list[Nomination]:
    return list(stored_nominations(campaign.pk).filter(standing__in=list(CANDIDATE_STANDINGS)))


def propose(campaign: Campaign, *, allow_fewer: bool = False) -> Proposal:
    """Run the optimiser on the candidates and the stored scores and compare with the list."""
    spec = campaign_spec(campaign)
    adapter = Adapter(spec)
    candidates = candidates_of(campaign)
    proposal = Proposal(False, allow_fewer, candidates)
    missing = missing_opinions_of(candidates)
    # A published 复审通过 stays whatever its opinions: only the undecided wait for them.
    proposal.blocked = [
        (n, missing[n.pk])
        for n in candidates
        if n.standing == Standing.PASSED and missing.get(n.pk)
    ]
    proposal.special = [n for n in candidates if n.kind == Kind.SPECIAL]
    stored = scores_of(campaign)
    proposal.unscored = [n for n in candidates if n.pk not in stored and n.kind != Kind.SPECIAL]
    blocked = {n.pk for n, _missing in proposal.blocked}
    solvable = [n for n in candidates if n.pk not in blocked]
    if not solvable:
        # Nothing to choose from: say so rather than ask the core to explain an empty model.
        proposal.conflicts = [Obstacle(_("没有可参加优选的候选：须初审通过且部门意见齐全。"))]
        return proposal
    core = adapter.many(solvable)
    keyed = {number_key(n): _plain(stored[n.pk]) for n in solvable if n.pk in stored}
    decided = frozenset(number_key(n) for n in solvable if n.standing == Standing.APPROVED)
    selection = select(spec, core, keyed, decided=decided, allow_fewer=allow_fewer)
    if not selection.feasible:
        proposal.conflicts = [
            Obstacle(c.message, c.ref.clause, c.ref.rule)
            for c in selection.conflicts
            if isinstance(c, Conflict)
        ]
        return proposal
    proposal.feasible = True
    proposal.objective = selection.objective
    reasons = {d.nomination.ref.row: d.reason for d in selection.decisions}
    proposal.chosen = sorted(d.nomination.ref.row for d in selection.decisions if d.chosen)
    proposal.awards = _award_diffs(spec, candidates, set(proposal.chosen), stored, reasons)
    # Both sides as the final list counts them (an alternate holding the place is 综合表彰):
    # after adopting and releasing, "before" becomes what the final list page shows.
    approved = adapter.many(n for n in candidates if n.standing == Standing.APPROVED)
    current = on_final_list(spec, approved).nominations
    proposal.ratios = _ratio_changes(
        spec, current, on_final_list(spec, selection.chosen).nominations
    )
    return proposal


def _plain(value: Decimal) -> Decimal:
    """The score as typed (88, not 88.0000 as the column stores it), for the core's reasons."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


def _award_diffs(
    spec: Any,
    candidates: list[Nomination],
    chosen: set[int],
    stored: dict[int, Decimal],
    reasons: dict[int, str],
) -> list[AwardDiff]:
    diffs = []
    for award in spec.awards:
        diff = AwardDiff(award.name, award.total, 0, 0)
        for n in candidates:
            if n.award != award.name or n.kind == Kind.SPECIAL:
                continue
            line = Line(n, stored.get(n.pk), reasons.get(n.pk, ""))
            approved, picked = n.standing == Standing.APPROVED, n.pk in chosen
            diff.current += approved
            diff.proposed += picked
            # An approved nomination is decided in the optimiser: always picked, it stays.
            if approved:
                diff.staying.append(line)
            elif picked:
                diff.going_in.append(line)
            else:
                diff.left_out.append(line)
        diffs.append(diff)
    return diffs


def _ratio_changes(
    spec: Any, current: list[CoreNomination], proposed: list[CoreNomination]
) -> list[RatioChange]:
    before = Checker(spec, Stage.FINAL).load(current)
    after = Checker(spec, Stage.FINAL).load(proposed)
    changes = []
    for ratio in spec.ratios:
        if ratio.group != "city":
            continue
        sides = []
        for checker in (before, after):
            tally = checker.tally(ratio.id)
            sides.append(Side(tally.members, bound(checker.ctx, ratio, tally)))
        awards = "、".join(spec.award(name).short_name for name in ratio.awards)
        changes.append(RatioChange(ratio, awards, sides[0], sides[1]))
    return changes


# --- adopting -------------------------------------------------------------------------------


def adopt(
    campaign: Campaign, shown: list[int], *, allow_fewer: bool, actor: Any, role: str
) -> Proposal:
    """Prepare the 复审 decisions of the proposal that was shown (its chosen pks), all or none."""
    proposal = propose(campaign, allow_fewer=allow_fewer)
    if not proposal.feasible:
        raise SelectionRefused([_("当前没有符合全部规则的名单，不能采纳。")])
    if sorted(shown) != proposal.chosen:
        raise SelectionRefused(
            [_("推荐对象、分数或部门意见已有变化，优选结果与页面上的不同；请重新运行优选再采纳。")]
        )
    refusals: list[str] = []
    with transaction.atomic():
        for outcome, group, reason in (
            (Outcome.PASS, proposal.to_pass, ""),
            (Outcome.FAIL, proposal.to_fail, NOT_CHOSEN_REASON),
        ):
            for nomination in group:
                try:
                    prepare(
                        campaign,
                        nomination,
                        ReviewStage.SECOND,
                        outcome,
                        reason,
                        actor=actor,
                        role=role,
                    )
                except NominationRefused as refusal:
                    refusals.append(str(refusal))
        if refusals:  # raising inside the block undoes the decisions already prepared
            raise SelectionRefused(refusals)
        record(
            "selection.adopt",
            actor=actor,
            role=role,
            campaign=campaign,
            changes={
                "复审通过": ["", len(proposal.to_pass)],
                "复审不通过": ["", len(proposal.to_fail)],
                "入选": ["", len(proposal.chosen)],
                "评审分数合计": ["", str(proposal.objective)],
            },
        )
    return proposal
