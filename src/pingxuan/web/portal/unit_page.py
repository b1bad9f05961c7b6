"""What a unit's page shows, computed from its nominations and the core's findings; the templates
only lay it out. Nothing here decides a rule: places come from the core's seating, findings and
city-wide figures from ``unit_compliance``, capacities from the spec.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.translation import gettext as _

from pingxuan.core.findings import SEVERITY_ORDER, Finding, Reader, Severity, text_for
from pingxuan.core.identifiers import mask_id_number
from pingxuan.core.rules.context import Context
from pingxuan.core.rules.quota import Seating, seat
from pingxuan.core.spec.models import Award, Spec
from pingxuan.web.campaigns.domain.deadlines import (
    DeadlineLine,
    deadline_lines,
    submission_line,
)
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.compliance import CityFigure, UnitCompliance
from pingxuan.web.nominations.domain.submit import may_be_returned
from pingxuan.web.nominations.enums import Kind, Standing, SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from pingxuan.web.notifications.domain import unit_notifications
from pingxuan.web.notifications.models import Notification
from pingxuan.web.portal.access import UnitAccess
from pingxuan.web.portal.forms import PHONE, leader_categories, mask_phone
from pingxuan.web.public.wording import award_order, measure_word, percent, subject_label

# ── rows ──────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Badge:
    key: str  # error | warning | info: the CSS class
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class FindingRow:
    severity: str
    severity_label: str
    clause: str
    message: str
    hint: str
    nomination_pk: int | None
    nomination_name: str


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str


@dataclass(frozen=True, slots=True)
class NominationRow:
    pk: int
    seq: int
    name: str
    category: str
    masked_id: str
    phone: str
    kind: str
    # Reversed once here: the page links every nomination from its seat, its row and its partner.
    edit_url: str
    delete_url: str
    alternate_of: Link | None  # "序号. 名称" of the leader this one stands in for
    alternates: tuple[Link, ...]
    add_alternate_url: str  # "" unless a leader still lacks an alternate and the unit may edit
    badges: tuple[Badge, ...]
    error_badge: Badge | None  # shown on the seat
    standing: Standing
    standing_label: str
    standing_key: str  # the sev-* class: ok for passed/approved, error for withdrawn
    standing_reason: str  # why it failed, was rejected or revoked, as the unit is told
    final: bool  # withdrawn: neither edited nor deleted, and its place is not refilled
    locked: bool  # reviewed by the city (passed, approved or withdrawn): read-only for the unit


@dataclass(frozen=True, slots=True)
class Seat:
    holder: NominationRow | None
    empty_text: str


@dataclass(frozen=True, slots=True)
class SeatGroup:
    name: str
    reserved: bool
    capacity: int
    filled: int
    seats: tuple[Seat, ...]


@dataclass(frozen=True, slots=True)
class AddLink:
    label: str
    url: str
    enabled: bool
    reason: str


@dataclass
class AwardSection:
    name: str
    subject: str
    subject_label: str
    pooled: bool
    capacity: int
    taken: int
    usage: str  # "已推荐 n / 最多 2" or "已占用 n / 共 6 个名额"
    seat_groups: list[SeatGroup] = field(default_factory=list)
    unplaced: list[NominationRow] = field(default_factory=list)
    rows: list[NominationRow] = field(default_factory=list)
    adds: list[AddLink] = field(default_factory=list)
    category_label: str = ""


@dataclass(frozen=True, slots=True)
class FigureRow:
    label: str
    awards: str
    requirement: str
    city: str
    unit: str
    status_key: str  # ok | error | warning | info
    status: str
    clause: str


@dataclass(frozen=True, slots=True)
class Countdown:
    label: str
    at: str
    iso: str
    remaining: str
    passed: bool
    consequence: str
    clause: str
    extension_note: str = ""  # 已延期至…（原因） when the office moved the deadline


@dataclass(frozen=True, slots=True)
class State:
    key: str
    label: str
    editable: bool
    note: str
    returned_once: bool = False  # 初审 returns a unit once only: a second return is impossible


BODY_TEMPLATE = "portal/_unit_body.html"


@dataclass(frozen=True)
class UnitBody:
    """Everything ``portal/_unit_body.html`` shows, and all it reads: the fragment is cached
    keyed on this value (``web/fragments.py``), so nothing else may reach the template."""

    slug: str
    whole: str  # the spec's name for the whole campaign area (全市)
    federation: str  # the organiser as a clerk says it (市总工会)
    editable: bool
    sections: list[AwardSection]
    findings: list[FindingRow]
    figures: list[FigureRow]


@dataclass
class UnitPage:
    slug: str
    title: str
    unit: str
    role: str
    countdown: Countdown | None
    state: State
    sections: list[AwardSection]
    findings: list[FindingRow]
    badges: tuple[Badge, ...]
    figures: list[FigureRow]
    empty: bool  # nothing put forward yet: "no problem found" would be misleading
    deadlines: list[DeadlineLine] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    whole: str = ""
    federation: str = ""

    @property
    def body(self) -> UnitBody:
        return UnitBody(
            self.slug,
            self.whole,
            self.federation,
            self.state.editable,
            self.sections,
            self.findings,
            self.figures,
        )


# ── building ──────────────────────────────────────────────────────────────


def badges(findings: Iterable[Finding]) -> tuple[Badge, ...]:
    counts: dict[Severity, int] = defaultdict(int)
    for finding in findings:
        counts[finding.severity] += 1
    return tuple(Badge(s.value, s.label, counts[s]) for s in sorted(counts, key=SEVERITY_ORDER.get))


def finding_rows(
    findings: Iterable[Finding], names: dict[int, str], *, reader: Reader
) -> list[FindingRow]:
    """Errors first; within a severity, unit-level findings before those of a nomination; each in
    the words ``reader`` may read (a unit is not told other units' nominees)."""
    ordered = sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], bool(f.rows)))
    rows = []
    for finding in (text_for(f, reader, form=True) for f in ordered):
        pk = next((ref.row for ref in finding.rows if ref.row in names), None)
        rows.append(
            FindingRow(
                finding.severity.value,
                finding.severity.label,
                finding.clause,
                finding.message,
                finding.hint,
                pk,
                names.get(pk, "") if pk is not None else "",
            )
        )
    return rows


def countdown(campaign: Campaign, unit: Unit | None, now: datetime) -> Countdown | None:
    """Time left to submit for 初审: the unit's own window (None: the campaign's), extensions
    included."""
    return countdown_of(submission_line(campaign, deadline_lines(campaign, unit, now)), now)


def countdown_of(deadline: DeadlineLine | None, now: datetime) -> Countdown | None:
    if deadline is None or deadline.closes_at is None:
        return None
    at = deadline.closes_at
    left = at - now
    passed = left.total_seconds() < 0
    if passed:
        remaining = _("已过截止时间")
    else:
        minutes = int(left.total_seconds() // 60)
        days, minutes = divmod(minutes, 24 * 60)
        hours, minutes = divmod(minutes, 60)
        remaining = (
            _("还剩 %(d)s 天 %(h)s 小时 %(m)s 分") % {"d": days, "h": hours, "m": minutes}
            if days
            else _("还剩 %(h)s 小时 %(m)s 分") % {"h": hours, "m": minutes}
        )
    return Countdown(
        deadline.label,
        deadline.at,
        deadline.iso,
        remaining,
        passed,
        deadline.consequence,
        deadline.clause,
        deadline.extension_note,
    )


def submission_state(submission: Submission | None) -> State:
    if submission is None:
        return State(SubmissionState.DRAFT.value, str(SubmissionState.DRAFT.label), True, "")
    note = ""
    if submission.state == SubmissionState.SUBMITTED and submission.submitted_at:
        at = f"{submission.submitted_at.astimezone(ZoneInfo('Asia/Shanghai')):%Y-%m-%d %H:%M}"
        federation = campaign_spec(submission.campaign).campaign.federation_short
        # Once returned, the status bar already says no further return is possible.
        note = (
            _("已于 %(at)s 报送初审；数据只读，如需修改请联系%(federation)s退回。")
            % {"at": at, "federation": federation}
            if may_be_returned(submission)
            else _("已于 %(at)s 报送初审；数据只读。") % {"at": at}
        )
    elif submission.state == SubmissionState.RETURNED:
        why = submission.return_note or _("（未写明原因）")
        note = _("%(federation)s已退回：%(note)s") % {
            "federation": campaign_spec(submission.campaign).campaign.federation_short,
            "note": why,
        }
    return State(
        submission.state,
        submission.get_state_display(),
        submission.editable,
        note,
        returned_once=submission.return_count > 0,
    )


STANDING_KEYS = {
    Standing.PASSED: "ok",
    Standing.APPROVED: "ok",
    Standing.FAILED: "error",
    Standing.REJECTED: "error",
    Standing.REVOKED: "error",
}


def _category(nomination: Nomination) -> str:
    cells = nomination.cells
    if nomination.subject == "person":
        tags = cells.get("人员标签", "")
        return cells.get("身份类别", "") + (f"（{tags}）" if tags else "")
    if nomination.subject == "team":
        return cells.get("集体类型", "")
    enterprise = _("企业") if cells.get("是否企业") == "是" else ""
    return "·".join(part for part in (cells.get("单位性质", ""), enterprise) if part)


def edit_url(slug: str, pk: int) -> str:
    return reverse("portal:nomination_edit", kwargs={"slug": slug, "pk": pk})


def new_url(slug: str, subject: str, **params: object) -> str:
    url = reverse("portal:nomination_new", kwargs={"slug": slug, "subject": subject})
    return f"{url}?{urlencode(params)}" if params else url


def build_unit_page(
    access: UnitAccess,
    compliance: UnitCompliance,
    nominations: list[Nomination],
    submission: Submission | None,
    now: datetime,
) -> UnitPage:
    spec = compliance.spec
    slug = access.campaign.slug
    state = submission_state(submission)
    names = {n.pk: n.display_name for n in nominations}
    alternates: dict[int, list[Nomination]] = defaultdict(list)
    for nomination in nominations:
        if nomination.alternate_of_id:
            alternates[nomination.alternate_of_id].append(nomination)
    leaders = leader_categories(spec)
    edit_urls = {n.pk: edit_url(slug, n.pk) for n in nominations}

    def link(n: Nomination) -> Link:
        return Link(edit_urls.get(n.pk) or edit_url(slug, n.pk), f"{n.seq}. {n.display_name}")

    rows: dict[int, NominationRow] = {}
    for n in nominations:
        row_badges = badges(compliance.by_nomination.get(n.pk, ()))
        standing = Standing(n.standing)
        needs = (
            n.kind == Kind.COMPREHENSIVE
            and n.subject == "person"
            and n.cells.get("身份类别") in leaders
            and not alternates.get(n.pk)
        )
        rows[n.pk] = NominationRow(
            pk=n.pk,
            seq=n.seq,
            name=n.display_name,
            category=_category(n),
            masked_id=mask_id_number(n.cells["身份证号"]) if n.cells.get("身份证号") else "",
            phone=mask_phone(n.extra[PHONE]) if n.extra.get(PHONE) else "",
            kind=n.kind,
            edit_url=edit_urls[n.pk],
            delete_url=(
                reverse("portal:nomination_delete", kwargs={"slug": slug, "pk": n.pk})
                if state.editable and not n.decided
                else ""
            ),
            alternate_of=link(n.alternate_of) if n.alternate_of is not None else None,
            alternates=tuple(link(a) for a in alternates.get(n.pk, ())),
            add_alternate_url=(
                new_url(slug, n.subject, kind=Kind.ALTERNATE, leader=n.pk)
                if needs and state.editable
                else ""
            ),
            badges=row_badges,
            error_badge=next((b for b in row_badges if b.key == Severity.ERROR.value), None),
            standing=standing,
            standing_label=str(standing.label),
            standing_key=STANDING_KEYS.get(standing, ""),
            standing_reason=n.standing_reason if n.withdrawn else "",
            final=n.withdrawn,
            locked=n.decided,
        )

    seatings = {s.award: s for s in compliance.seatings}
    ctx = Context(spec)
    sections = [
        _section(
            spec,
            award,
            access,
            seatings.get(award.name),
            ctx,
            rows,
            [n for n in nominations if n.award == award.name],
            state,
        )
        for award in award_order(spec)
    ]
    figures = [_figure(spec, figure) for figure in compliance.figures]
    lines = deadline_lines(access.campaign, access.unit, now)
    return UnitPage(
        slug=slug,
        title=access.campaign.title,
        unit=access.unit.name,
        role=access.membership.role_name,
        countdown=countdown_of(submission_line(access.campaign, lines), now),
        state=state,
        sections=sections,
        findings=finding_rows(compliance.findings, names, reader=Reader.UNIT),
        badges=badges(compliance.findings),
        figures=figures,
        empty=not nominations,
        deadlines=lines,
        notifications=unit_notifications(access.campaign, access.unit),
        whole=spec.campaign.whole_name,
        federation=spec.campaign.federation_short,
    )


def _section(
    spec: Spec,
    award: Award,
    access: UnitAccess,
    seating: Seating | None,
    ctx: Context,
    rows: dict[int, NominationRow],
    nominations: list[Nomination],
    state: State,
) -> AwardSection:
    capacity = spec.capacity(access.unit.name, award.name)
    taken = sum(1 for n in nominations if n.kind == Kind.COMPREHENSIVE)
    pooled = award.allocation == "pool"
    if pooled:
        usage = _("已推荐 %(n)s / 最多 %(max)s") % {"n": taken, "max": capacity}
    else:
        usage = _("已占用 %(n)s / 共 %(max)s 个名额") % {"n": taken, "max": capacity}
    section = AwardSection(
        name=award.name,
        subject=award.subject,
        subject_label=subject_label(award),
        pooled=pooled,
        capacity=capacity,
        taken=taken,
        usage=usage,
        rows=[rows[n.pk] for n in nominations],
        category_label={"person": _("身份类别"), "team": _("集体类型")}.get(
            award.subject, _("单位性质")
        ),
    )
    if not pooled and capacity:
        if seating is None:  # nothing put forward yet: the same places, all empty
            spec_unit = next(u for u in spec.units if u.name == access.unit.name)
            seating = seat(ctx, access.unit.name, award.name, spec_unit.places.get(award.name), [])
        for kind in seating.kinds:
            holders = [rows[h.ref.row] for h in kind.holders if h.ref.row in rows]
            empty = (
                _("空缺（预留给%(who)s）") % {"who": kind.name}
                if kind.labels
                else _("空缺（不限身份）")
            )
            seats = [Seat(holder, "") for holder in holders]
            seats += [Seat(None, empty)] * (kind.capacity - len(holders))
            section.seat_groups.append(
                SeatGroup(kind.name, bool(kind.labels), kind.capacity, len(holders), tuple(seats))
            )
        section.unplaced = [rows[n.ref.row] for n in seating.unplaced if n.ref.row in rows]

    slug = access.campaign.slug
    if not state.editable:
        return section
    full = taken >= capacity
    reason = ""
    if capacity == 0:
        reason = _("本单位没有%(award)s名额") % {"award": award.name}
    elif full:
        reason = _("名额已满（%(n)s/%(max)s），可修改或删除已有推荐对象") % {
            "n": taken,
            "max": capacity,
        }
    section.adds.append(
        AddLink(
            _("添加%(award)s推荐对象") % {"award": award.name},
            new_url(slug, award.subject),
            not reason,
            reason,
        )
    )
    if award.special_track:
        section.adds.append(
            AddLink(
                _("添加%(track)s对象（不占名额）") % {"track": award.special_track},
                new_url(slug, award.subject, kind=Kind.SPECIAL),
                True,
                "",
            )
        )
    return section


def _figure(spec: Spec, figure: CityFigure) -> FigureRow:
    ratio, bound = figure.ratio, figure.bound
    if ratio.at_least is not None:
        requirement = _("至少 %(n)s %(unit)s") % {
            "n": bound.count,
            "unit": measure_word(spec.award(ratio.awards[0])),
        }
    elif bound.kind == "min":
        requirement = _("不低于 %(p)s%%（基数 %(base)s，至少 %(n)s）") % {
            "p": percent(ratio.min),
            "base": bound.base,
            "n": bound.count,
        }
    else:
        requirement = _("不超过 %(p)s%%（基数 %(base)s，至多 %(n)s）") % {
            "p": percent(ratio.max),
            "base": bound.base,
            "n": bound.count,
        }
    city = _("%(m)s / %(b)s") % {"m": figure.city.members, "b": figure.city.base}
    unit = _("%(m)s / %(b)s") % {"m": figure.unit.members, "b": figure.unit.base}
    if figure.finding is None:
        key, status = "ok", _("目前符合")
    else:
        key = figure.finding.severity.value
        status = (_("%(whole)s未达到") if bound.kind == "min" else _("%(whole)s超出")) % {
            "whole": spec.campaign.whole_name
        }
    awards = "、".join(spec.award(name).short_name for name in ratio.awards)
    return FigureRow(ratio.label, awards, requirement, city, unit, key, status, ratio.clause)
