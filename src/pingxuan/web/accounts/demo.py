"""The demo campaigns of a local run: the 2024 notice with its dates moved relative to today.

- 【演示】: submission open now; every unit's nominations from the test-data generator, the units
  in a spread of states (submitted, drafting, findings to fix, handed back).
- 【演示·评审】: submission closed some working days ago and the procedure has run: 初审 released,
  the unit, county and city notices published over past periods, department opinions in and
  some units' 复审 materials handed in; scoring and selection are next.

Everything a clerk or the office would do goes through the same domain functions as the pages,
with the demo accounts as actors, so the audit trail reads like a real run; the one departure is
that 【演示·评审】's units submit while a provisional deadline is open, and its real, past dates are
stored after 初审, so their submission times are today's. Dates are counted in working days with
the notices' calendar (chinesecalendar and the administrator's tables); a year chinesecalendar
does not know yet is counted Monday to Friday and said so.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.db import transaction
from django.utils import timezone
from PIL import Image

from pingxuan.core.calendar import CalendarUnknownYear, WorkingCalendar
from pingxuan.core.cells import parse_date
from pingxuan.core.columns import UNIT_SHEET, initial_count_column
from pingxuan.core.demo import add_working_days, demo_source
from pingxuan.core.sample import Generator
from pingxuan.core.spec.loader import resolve_campaign
from pingxuan.web.accounts.enums import Role
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.domain.specs import campaign_spec, load_campaign_source
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.materials.domain import checklist, upload
from pingxuan.web.materials.models import Stage
from pingxuan.web.nominations.domain.adapt import Adapter
from pingxuan.web.nominations.domain.compliance import finding_key, unit_compliance
from pingxuan.web.nominations.domain.edit import NominationInput, save_nomination
from pingxuan.web.nominations.domain.submit import return_unit, set_initial_counts, submit_unit
from pingxuan.web.nominations.enums import Kind, Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.content import CITY_LEVEL, COUNTY_LEVEL, UNIT_LEVEL
from pingxuan.web.notices.domain.evidence import upload_evidence
from pingxuan.web.notices.domain.notices import NoticeInput, create_notice, publish
from pingxuan.web.notices.domain.order import applies
from pingxuan.web.notices.models import CalendarDay, CalendarYear, EvidenceKind
from pingxuan.web.opinions.domain.board import all_departments
from pingxuan.web.opinions.domain.changes import answer, request_opinions
from pingxuan.web.opinions.domain.required import required_for
from pingxuan.web.opinions.models.opinion import OpinionState
from pingxuan.web.review.domain.decisions import prepare, prepare_rest_as_passed, preview, release
from pingxuan.web.review.enums import Outcome, ReviewStage
from pingxuan.web.rounds.domain.links import load_child_source
from pingxuan.web.rounds.domain.records import RoundInput, record_round

SOURCE = "zhengzhou-2024"
COUNTY_SOURCE = "zhongmu-2024"
OPEN_SLUG = "zhengzhou-2024-demo"
COUNTY_SLUG = "zhongmu-2024-demo"
# 中牟县总工会's office: the office of its own round, and the unit 中牟县 of the city's.
COUNTY_OFFICE = "zm-bangong"
LOSERS = ("（演示）落选候选人甲", "（演示）落选候选人乙")
REVIEW_SLUG = "zhengzhou-2024-demo-review"
OPEN_PREFIX = "【演示】"
REVIEW_PREFIX = "【演示·评审】"
CITY_ACCOUNTS = (("shi-shenhe", Role.REVIEWER), ("shi-guanli", Role.ADMIN))
CLOSING = time(23, 59, 59)  # as the notice closes its deadlines
# 【演示】's unit whose nominations come from the county's own round (forwarded, not typed in).
COUNTY_UNIT = "中牟县"
# Demo passwords are public; a cheap hash keeps seeding 80 accounts quick. Django re-hashes a
# password at the standard cost on its first successful login (``must_update``).
DEMO_HASH_ITERATIONS = 1_000


def unit_username(position: int, role: Role, prefix: str = "ys") -> str:
    """ys-07-jingban: 演示 unit number 7 (its place in the notice's 附件), 经办人 or 审批人;
    ``prefix`` zm for the units of the county round (中牟)."""
    return f"{prefix}-{position:02d}-{'jingban' if role == Role.CLERK else 'shenpi'}"


def demo_password(username: str) -> str:
    return f"demo-{username}"


# ── what each unit of the open demo is doing ────────────────────────────────────────────────


class Plan:
    FROM_COUNTY = "由县里的评选报送"
    SUBMITTED = "已报送"
    RETURNED = "已退回"
    FINDINGS = "有错误待改"
    DRAFT = "填报中"
    PARTIAL = "刚开始填报"


def open_plan(position: int) -> str:
    """The state of unit ``position`` (1-based, the 附件's order) in the open demo. Unit 1 is a
    complete draft without errors: the visitor submits it."""
    if position in (4, 13):
        return Plan.RETURNED
    if position in (2, 11, 20, 29):
        return Plan.FINDINGS
    if position % 3 == 0:
        return Plan.SUBMITTED
    if position % 3 == 2:
        return Plan.PARTIAL
    return Plan.DRAFT


# ── dates ─────────────────────────────────────────────────────────────────────────────────────


class Calendar:
    """The notices' working calendar (chinesecalendar and the administrator's tables); years
    chinesecalendar lacks are counted Monday to Friday (``guessed`` lists them, for the command
    to say so)."""

    def __init__(self) -> None:
        self.overrides = dict(CalendarDay.objects.values_list("date", "is_working_day"))
        self.years = set(CalendarYear.objects.values_list("year", flat=True))
        self.guessed: set[int] = set()

    def add(self, day: date, count: int) -> date:
        while True:
            try:
                calendar = WorkingCalendar(self.overrides, self.years | self.guessed)
                return add_working_days(calendar, day, count)
            except CalendarUnknownYear as error:
                self.guessed.add(error.year)


def closing(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, CLOSING, tzinfo=zone)


ZONE = ZoneInfo("Asia/Shanghai")


@contextmanager
def on(day: date, hour: int, minute: int = 0) -> Iterator[None]:
    """The steps inside happen at that moment (Asia/Shanghai), so that every date they store
    (报送时间, 初审 decisions, publication, opinions, the audit rows) is the date the procedure
    would have had: a demo that ran weeks of procedure in one second would say "today" for all.
    time-machine is one of the packages ``make install`` installs; only the local demo uses it."""
    import time_machine

    with time_machine.travel(datetime.combine(day, time(hour, minute), tzinfo=ZONE), tick=True):
        yield


# ── accounts ──────────────────────────────────────────────────────────────────────────────────


def seed_user(username: str) -> object:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username)
    if created or not user.has_usable_password():
        hasher = get_hasher()
        password = demo_password(username)
        if isinstance(hasher, PBKDF2PasswordHasher):
            user.password = hasher.encode(password, hasher.salt(), DEMO_HASH_ITERATIONS)
        else:
            user.password = make_password(password)
        user.save(update_fields=["password"])
    return user


@dataclass
class People:
    city: dict[Role, object]
    clerks: dict[int, object]  # unit pk → 经办人
    approvers: dict[int, object]


def seed_people(
    campaign: Campaign,
    office: tuple[tuple[str, Role], ...] = CITY_ACCOUNTS,
    prefix: str = "ys",
) -> People:
    people = People({}, {}, {})
    for username, role in office:
        user = seed_user(username)
        Membership.objects.update_or_create(
            user=user, campaign=campaign, defaults={"role": role, "unit": None}
        )
        people.city[role] = user
    for unit in Unit.objects.filter(campaign=campaign):
        for role, into in ((Role.CLERK, people.clerks), (Role.APPROVER, people.approvers)):
            user = seed_user(unit_username(unit.position, role, prefix))
            Membership.objects.update_or_create(
                user=user, campaign=campaign, defaults={"role": role, "unit": unit}
            )
            into[unit.pk] = user
    return people


# ── nominations ───────────────────────────────────────────────────────────────────────────────


def _broken_id(number: str) -> str:
    """The ID number with a wrong check character: an error the unit page asks to fix."""
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def fill(
    campaign: Campaign,
    unit: Unit,
    rows: dict[str, list[dict[str, str]]],
    clerk: object,
    *,
    share: float = 1.0,
    broken: int = 0,
) -> None:
    """The generator's rows of ``unit`` saved as its clerk would (``share`` of them, the first
    ``broken`` persons with a mistyped ID number)."""
    spec = campaign_spec(campaign)
    for award in spec.awards:
        mine = [row for row in rows[award.name] if row["推荐单位"] == unit.name]
        keep = max(1, round(len(mine) * share)) if mine else 0
        leaders: dict[str, Nomination] = {}
        for row in mine[:keep]:
            cells = dict(row)
            if broken and cells.get("身份证号"):
                cells["身份证号"] = _broken_id(cells["身份证号"])
                broken -= 1
            negatives = []
            if cells.get("负面记录") not in (None, "", "无"):
                for entry in cells["负面记录"].split("；"):
                    name, _sep, when = entry.partition(":")
                    day = parse_date(when)[0]
                    if day is not None:
                        negatives.append((name, day))
            leader = leaders.get(cells.get("备选对象序号", ""))
            kind = cells.get("表彰类型") or Kind.COMPREHENSIVE
            if kind == Kind.ALTERNATE and leader is None:
                continue  # its leader was left out of a partial draft
            data = NominationInput(
                award.name, kind=kind, cells=cells, negatives=negatives, alternate_of=leader
            )
            saved = save_nomination(campaign, unit, data, actor=clerk, role=Role.CLERK)
            leaders[row["序号"]] = saved
    # 推荐单位情况: how many candidates each award started from (差额推荐, 三（二）).
    report = next((r for r in rows.get(UNIT_SHEET, []) if r["推荐单位"] == unit.name), {})
    counts: dict[str, int | None] = {}
    for award in spec.awards:
        typed = report.get(initial_count_column(award.short_name, award.subject), "")
        if typed.isdigit():
            counts[award.name] = int(typed)
    if counts:
        set_initial_counts(campaign, unit, counts, actor=clerk, role=Role.CLERK)


def submit_all(campaign: Campaign, units: list[Unit], approvers: dict[int, object]) -> None:
    """Submit each unit for 初审 with a written explanation for every warning, as its approver
    does. The warnings come from one run of the engine: submitting a unit changes no findings."""
    for unit in units:
        # The unit's warnings as its submit page lists them (materials not uploaded included).
        explanations = {
            finding_key(f): "演示：已核实，情况属实，特此说明。"
            for f in unit_compliance(campaign, unit).warnings
        }
        submit_unit(
            campaign,
            unit,
            explanations=explanations,
            actor=approvers[unit.pk],
            role=Role.APPROVER,
        )


# ── the campaigns ─────────────────────────────────────────────────────────────────────────────


def _source() -> str:
    return resolve_campaign(SOURCE).read_text(encoding="utf-8")


def _title(prefix: str) -> str:
    from pingxuan.core.spec.loader import parse_spec

    return prefix + parse_spec(_source(), SOURCE).campaign.title


@dataclass
class Report:
    """What the command prints."""

    lines: list[str] = field(default_factory=list)
    guessed_years: set[int] = field(default_factory=set)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # who, password, shows

    def say(self, line: str) -> None:
        self.lines.append(line)


def open_moments(today: date, calendar: Calendar, zone: ZoneInfo) -> dict[str, datetime]:
    """Submission closes 10 working days from today; the 复审 materials 30."""
    submission = closing(calendar.add(today, 10), zone)
    return {
        "preliminary": submission,
        "key_publicity": submission,
        "review": closing(calendar.add(today, 30), zone),
    }


def seed_open(today: date, report: Report, progress: Callable[[str], None]) -> Campaign:
    """【演示】: created once with every unit's nominations; later runs move its dates to today."""
    calendar = Calendar()
    zone = ZoneInfo("Asia/Shanghai")
    moments = open_moments(today, calendar, zone)
    source = demo_source(
        _source(), campaign_id=OPEN_SLUG, title=_title(OPEN_PREFIX), moments=moments
    )
    existed = Campaign.objects.filter(slug=OPEN_SLUG).exists()
    campaign = load_campaign_source(source, f"{SOURCE}.toml（演示：日期按今天平移）")
    people = seed_people(campaign)
    report.guessed_years |= calendar.guessed
    if existed and Nomination.objects.filter(campaign=campaign).exists():
        report.say(f"{campaign.title}：已存在，截止时间按今天重新平移。")
        return campaign
    spec = campaign_spec(campaign)
    rows = Generator(spec, seed=2024).rows()
    scan = tiny_jpeg()
    counts: dict[str, int] = {}
    units = list(Unit.objects.filter(campaign=campaign).order_by("position"))
    handing_in = []
    for unit in units:
        plan = Plan.FROM_COUNTY if unit.name == COUNTY_UNIT else open_plan(unit.position)
        progress(f"{unit.position:02d} {unit.name}：{plan}")
        counts[plan] = counts.get(plan, 0) + 1
        if plan == Plan.FROM_COUNTY:
            continue  # its places wait for 【演示】中牟县's picks (the county office forwards them)
        clerk = people.clerks[unit.pk]
        share = 0.5 if plan == Plan.PARTIAL else 1.0
        fill(campaign, unit, rows, clerk, share=share, broken=2 if plan == Plan.FINDINGS else 0)
        if plan in (Plan.SUBMITTED, Plan.RETURNED):
            upload_stage(campaign, unit, clerk, scan, Stage.FIRST, unit_only=True)
            handing_in.append(unit)
    submit_all(campaign, handing_in, people.approvers)
    for unit in handing_in:
        if open_plan(unit.position) == Plan.RETURNED:
            return_unit(
                campaign,
                unit,
                note="演示：请补充第1名推荐对象的主要事迹，并核对联系电话。",
                actor=people.city[Role.REVIEWER],
                role=Role.REVIEWER,
            )
    summary = "，".join(f"{plan} {n}" for plan, n in counts.items())
    report.say(f"{campaign.title}：已建立（{summary}）。")
    return campaign


# ── 【演示·评审】: the procedure already run ─────────────────────────────────────────────────


@dataclass(frozen=True)
class ReviewDates:
    """Submission closed ``SUBMISSION_AGO`` working days ago; the three notices ran one after
    the other since, each its minimum working days; the 复审 materials close later."""

    submission: date
    notices: dict[str, tuple[date, date]]
    review_materials: date


SUBMISSION_AGO = 22
REVIEW_MATERIALS_AHEAD = 10
# 初审 fails a few, with the reason a reviewer would give: (unit position, award).
FIRST_REVIEW_FAILS = {
    (7, "五一劳动奖章"): "演示：荣誉证书与推荐表所填荣誉级别不一致，且未能补充证明材料。",
    (16, "工人先锋号"): "演示：集体成立不满规定年限，不符合通知三（一）的基本条件。",
}
NOTICE_TITLES = {
    UNIT_LEVEL: "{unit}推荐对象所在单位公示",
    COUNTY_LEVEL: "{unit}2024年郑州市五一劳动奖推荐对象公示（演示）",
    CITY_LEVEL: "郑州市2024年五一劳动奖和工人先锋号推荐对象公示（演示）",
}
SECOND_MATERIALS_UNITS = (1, 2, 3)  # 复审 materials handed in; the rest still owe them


def review_dates(today: date, calendar: Calendar, minimum: int) -> ReviewDates:
    """``minimum``: the working days each notice runs at least."""
    submission = calendar.add(today, -SUBMISSION_AGO)
    notices: dict[str, tuple[date, date]] = {}
    start = calendar.add(submission, 2)
    for level in (UNIT_LEVEL, COUNTY_LEVEL, CITY_LEVEL):
        end = calendar.add(start, minimum - 1)
        notices[level] = (start, end)
        start = calendar.add(end, 1)
    return ReviewDates(submission, notices, calendar.add(today, REVIEW_MATERIALS_AHEAD))


def _review_source(moments: dict[str, datetime]) -> str:
    return demo_source(
        _source(), campaign_id=REVIEW_SLUG, title=_title(REVIEW_PREFIX), moments=moments
    )


def seed_review(today: date, report: Report, progress: Callable[[str], None]) -> Campaign:
    """【演示·评审】, built once: a later run leaves it as it is (its notices are frozen).

    Each step runs on the day it would have (``on``): the units hand in during the last days
    before the deadline, 初审 is released the working day after it, each notice is published on
    its first day, the departments are asked when the city notice starts and answer during it,
    and the first units bring their 复审 materials yesterday."""
    calendar = Calendar()
    existing = Campaign.objects.filter(slug=REVIEW_SLUG).first()
    if existing is not None and Nomination.objects.filter(campaign=existing).exists():
        seed_people(existing)
        report.say(f"{existing.title}：已存在，保持不变。")
        return existing
    from pingxuan.core.spec.loader import parse_spec

    minimum = parse_spec(_source(), SOURCE).publicity.min_working_days
    dates = review_dates(today, calendar, minimum)
    deadline = dates.submission
    moments = {
        "preliminary": closing(deadline, ZONE),
        "key_publicity": closing(deadline, ZONE),
        "review": closing(dates.review_materials, ZONE),
    }
    with on(calendar.add(deadline, -4), 9):
        campaign = load_campaign_source(
            _review_source(moments), f"{SOURCE}.toml（演示·评审：日期按今天平移）"
        )
        people = seed_people(campaign)
        reviewer = people.city[Role.REVIEWER]
        spec = campaign_spec(campaign)
        rows = Generator(spec, seed=2025).rows()
        units = list(Unit.objects.filter(campaign=campaign).order_by("position"))
        scan = tiny_jpeg()
        for unit in units:
            progress(f"{unit.position:02d} {unit.name}：填报")
            fill(campaign, unit, rows, people.clerks[unit.pk])
            upload_stage(campaign, unit, people.clerks[unit.pk], scan, Stage.FIRST, unit_only=True)
    progress("报送初审")
    for unit in units:
        # Spread over the last three working days, the last on the deadline's afternoon.
        with on(
            calendar.add(deadline, -(unit.position % 3)), 10 + unit.position % 7, unit.position
        ):
            submit_all(campaign, [unit], people.approvers)
    progress("初审")
    with on(calendar.add(deadline, 1), 10):
        for unit in units:
            first_review(campaign, unit, reviewer, FIRST_REVIEW_FAILS)
    publicity = campaign_spec(campaign).publicity
    progress("公示：" + " → ".join(level.name.removesuffix("公示") for level in publicity.levels))
    middle = next((level for level in publicity.levels if level.key == COUNTY_LEVEL), None)
    with on(dates.notices[UNIT_LEVEL][0], 9):
        for unit in units:
            publish_notice(campaign, UNIT_LEVEL, unit, dates, reviewer, scan)
    with on(dates.notices[COUNTY_LEVEL][0], 9):
        for unit in units:
            if middle is not None and applies(middle, unit):  # the spec's published_by: 县级
                publish_notice(campaign, COUNTY_LEVEL, unit, dates, reviewer, scan)
    with on(dates.notices[CITY_LEVEL][0], 9):
        publish_notice(campaign, CITY_LEVEL, None, dates, reviewer, scan)
    progress("部门意见")
    passed = list(
        Nomination.objects.filter(campaign=campaign, standing=Standing.PASSED).select_related(
            "unit", "campaign"
        )
    )
    # Asked only of the departments the matrix names for each nominee (the office's batch
    # request would skip the others all the same, at the cost of judging each again).
    adapter = Adapter(spec)
    needing: dict[str, list[Nomination]] = {}
    for nomination in passed:
        for department in required_for(nomination, spec, adapter):
            needing.setdefault(department, []).append(nomination)
    city_start = dates.notices[CITY_LEVEL][0]
    for index, department in enumerate(all_departments(spec)):
        with on(city_start, 10):
            asked = request_opinions(
                needing.get(department, []), department, actor=reviewer, role=Role.REVIEWER
            )
        # The departments answer while the city notice runs, one after another.
        with on(calendar.add(city_start, 1 + index % 3), 9 + index % 8):
            for opinion in asked:
                answer(
                    opinion.nomination,
                    department,
                    OpinionState.AGREED,
                    sheet=scan,
                    actor=reviewer,
                    role=Role.REVIEWER,
                )
    with on(calendar.add(today, -1), 15):
        for unit in units:
            if unit.position in SECOND_MATERIALS_UNITS:
                progress(f"{unit.position:02d} {unit.name}：复审材料")
                upload_stage(campaign, unit, people.clerks[unit.pk], scan, Stage.SECOND)
    report.guessed_years |= calendar.guessed
    report.say(
        f"{campaign.title}：已建立（{deadline:%Y-%m-%d}截止报送，初审已发布，三级公示已于"
        f"{dates.notices[CITY_LEVEL][1]:%Y-%m-%d}结束，部门意见已齐，"
        f"{len(SECOND_MATERIALS_UNITS)}个单位已交复审材料）。"
    )
    return campaign


def upload_stage(
    campaign: Campaign,
    unit: Unit,
    clerk: object,
    scan: bytes,
    stage: str,
    *,
    unit_only: bool = False,
) -> None:
    """Hand in the stage's checklist (``unit_only``: the unit's own papers, such as the signed
    secrecy pledge) with one small scan each, through the clerk's upload."""
    for item in checklist(campaign, unit, stage):
        if item.done or (unit_only and item.nomination is not None):
            continue
        upload(
            campaign,
            unit,
            requirement=item.requirement.name,
            nomination=item.nomination,
            data=scan,
            filename=f"{item.requirement.name}.jpg",
            actor=clerk,
            role=Role.CLERK,
            stage=stage,
        )


def first_review(
    campaign: Campaign, unit: Unit, reviewer: object, fails: dict[tuple[int, str], str]
) -> None:
    """初审 as the reviewer does it: fail the few (``fails``), pass the rest, preview, release."""
    for (position, award), reason in fails.items():
        if unit.position != position:
            continue
        failing = (
            Nomination.objects.filter(campaign=campaign, unit=unit, award=award)
            .order_by("seq")
            .first()
        )
        if failing is not None:
            prepare(
                campaign,
                failing,
                ReviewStage.FIRST,
                Outcome.FAIL,
                reason,
                actor=reviewer,
                role=Role.REVIEWER,
            )
    prepare_rest_as_passed(campaign, unit, ReviewStage.FIRST, actor=reviewer, role=Role.REVIEWER)
    changes = preview(campaign, ReviewStage.FIRST, unit=unit)
    release(
        campaign,
        ReviewStage.FIRST,
        [c.decision_id for c in changes],
        actor=reviewer,
        role=Role.REVIEWER,
        unit=unit,
    )


def publish_notice(
    campaign: Campaign,
    level: str,
    unit: Unit | None,
    dates: ReviewDates,
    actor: object,
    scan: bytes,
    *,
    titles: dict[str, str] = NOTICE_TITLES,
) -> None:
    start, end = dates.notices[level]
    office = campaign_spec(campaign).campaign.federation  # who publishes: 郑州市总工会
    notice = create_notice(
        campaign,
        NoticeInput(
            level=level,
            unit=unit,
            title=titles[level].format(unit=unit.name if unit else ""),
            start=start,
            end=end,
            contact_person=f"{office}（演示）",
            contact_phone="0371-67883217",
            channel_phone="0371-67883217",
            channel_address=f"{office}（演示）",
        ),
        actor=actor,
        role=Role.REVIEWER,
    )
    publish(notice, actor=actor, role=Role.REVIEWER)
    # The posted notice's proof (公示佐证), which the 复审 checklist asks for.
    upload_evidence(
        notice,
        kind=EvidenceKind.SCREENSHOT,
        data=scan,
        filename="公示网页截图.jpg",
        actor=actor,
        role=Role.REVIEWER,
    )


def tiny_jpeg() -> bytes:
    """A small compliant scan for the demo's uploads."""
    out = io.BytesIO()
    Image.new("RGB", (120, 160), (236, 236, 228)).save(out, "JPEG", quality=80)
    return out.getvalue()


def today_local() -> date:
    return timezone.localtime(timezone.now(), ZoneInfo("Asia/Shanghai")).date()


# ── 【演示】中牟县: the county's own round, forwarding into 【演示】 ─────────────────────────


def _county_source(moments: dict[str, datetime]) -> str:
    from pingxuan.core.spec.loader import parse_spec

    source = resolve_campaign(COUNTY_SOURCE).read_text(encoding="utf-8")
    title = OPEN_PREFIX + parse_spec(source, COUNTY_SOURCE).campaign.title
    return demo_source(
        source, campaign_id=COUNTY_SLUG, title=title, moments=moments, parent=OPEN_SLUG
    )


def record_demo_rounds(campaign: Campaign, unit: Unit, clerk: object) -> int:
    """The unit's 差额 round per award, as its clerk records it: the unit's nominees lead the
    initial list, two more candidates lose; the seats are the nominees (at most the places)."""
    spec = campaign_spec(campaign)
    recorded = 0
    for award in spec.awards:
        nominees = [
            n.display_name
            for n in Nomination.objects.filter(campaign=campaign, unit=unit, award=award.name)
            .exclude(kind=Kind.ALTERNATE)
            .order_by("seq")
        ]
        seats = min(len(nominees), spec.capacity(unit.name, award.name))
        if not seats:
            continue
        candidates = [*nominees[:seats], *LOSERS]
        record_round(
            campaign,
            unit,
            RoundInput(
                award=award.name,
                body="职代会",
                held_on=today_local(),
                members=120,
                present=96,
                seats=seats,
                resolution="演示：按得票多少确定推荐对象，报县总工会。",
                ballots=[(name, 90 - 5 * i) for i, name in enumerate(candidates[:seats])]
                + [(name, 20 - i) for i, name in enumerate(LOSERS)],
            ),
            actor=clerk,
            role=Role.CLERK,
            source="网页",
        )
        recorded += 1
    return recorded


COUNTY_AHEAD = 20  # working days between the county's 初审 deadline and today
COUNTY_SUBMITTED = (1, 2, 3, 4, 5, 6)  # the rest missed the county's deadline
COUNTY_NOTICE_TITLES = {
    UNIT_LEVEL: "{unit}推荐对象所在单位公示",
    CITY_LEVEL: "中牟县2024年郑州市五一劳动奖推荐对象公示（演示）",
}


def county_dates(today: date, calendar: Calendar, minimum: int) -> ReviewDates:
    """The county's round ends before the city's: its 初审 deadline ``COUNTY_AHEAD`` working days
    ago, its notices one after the other from two working days later, all ended by yesterday;
    so its picks can be forwarded today, well before 【演示】's deadline (10 working days on)."""
    deadline = calendar.add(today, -COUNTY_AHEAD)
    notices: dict[str, tuple[date, date]] = {}
    start = calendar.add(deadline, 2)
    for level in (UNIT_LEVEL, CITY_LEVEL):
        end = calendar.add(start, minimum - 1)
        notices[level] = (start, end)
        start = calendar.add(end, 1)
    return ReviewDates(deadline, notices, deadline)


def seed_county(opened: Campaign, today: date, report: Report, progress: Callable[[str], None]):
    """【演示】中牟县: the county's round, a child of 【演示】's unit 中牟县, built once (its
    notices are frozen): its 8 units fill in and record their rounds; six hand in before its
    deadline, pass 初审 and are noticed at both levels, on the days they would have (``on``).
    Its office forwards the picks to 【演示】 today."""
    from pingxuan.core.spec.loader import parse_spec

    calendar = Calendar()
    existing = Campaign.objects.filter(slug=COUNTY_SLUG).first()
    if existing is not None and Nomination.objects.filter(campaign=existing).exists():
        people = seed_people(existing, office=((COUNTY_OFFICE, Role.REVIEWER),), prefix="zm")
        _county_clerk(people, opened)
        report.say(f"{existing.title}：已存在，保持不变。")
        return existing
    minimum = parse_spec(
        resolve_campaign(COUNTY_SOURCE).read_text(encoding="utf-8"), COUNTY_SOURCE
    ).publicity.min_working_days
    dates = county_dates(today, calendar, minimum)
    deadline = closing(dates.submission, ZONE)
    moments = {"preliminary": deadline, "key_publicity": deadline}
    with on(calendar.add(dates.submission, -6), 9):
        link = load_child_source(
            _county_source(moments), f"{COUNTY_SOURCE}.toml（演示：日期按今天平移）"
        )
        campaign = link.child
        people = seed_people(campaign, office=((COUNTY_OFFICE, Role.REVIEWER),), prefix="zm")
        _county_clerk(people, opened)
        rows = Generator(campaign_spec(campaign), seed=2026).rows()
        units = list(Unit.objects.filter(campaign=campaign).order_by("position"))
        rounds = 0
        scan = tiny_jpeg()
        for unit in units:
            progress(f"中牟县 {unit.position:02d} {unit.name}：填报、差额表决")
            clerk = people.clerks[unit.pk]
            fill(campaign, unit, rows, clerk)
            rounds += record_demo_rounds(campaign, unit, clerk)
            if unit.position in COUNTY_SUBMITTED:
                upload_stage(campaign, unit, clerk, scan, Stage.FIRST)
    handing_in = [u for u in units if u.position in COUNTY_SUBMITTED]
    for unit in handing_in:
        with on(calendar.add(dates.submission, -(unit.position % 3)), 10, unit.position):
            submit_all(campaign, [unit], people.approvers)
    office = people.city[Role.REVIEWER]
    with on(calendar.add(dates.submission, 1), 10):
        for unit in handing_in:
            first_review(campaign, unit, office, {})
    with on(dates.notices[UNIT_LEVEL][0], 9):
        for unit in handing_in:
            publish_notice(
                campaign,
                UNIT_LEVEL,
                unit,
                dates,
                office,
                scan,
                titles=COUNTY_NOTICE_TITLES,
            )
    with on(dates.notices[CITY_LEVEL][0], 9):
        publish_notice(
            campaign,
            CITY_LEVEL,
            None,
            dates,
            office,
            scan,
            titles=COUNTY_NOTICE_TITLES,
        )
    report.guessed_years |= calendar.guessed
    report.say(
        f"{campaign.title}：已建立（作为{opened.title}中“{link.unit.name}”的下级活动，"
        f"{len(units)}个推荐单位已填报，{rounds}次差额表决已录入；{len(handing_in)}个单位于"
        f"{dates.submission:%Y-%m-%d}前报送，初审通过，两级公示已于"
        f"{dates.notices[CITY_LEVEL][1]:%Y-%m-%d}结束，今天可向上级报送）。"
    )
    return campaign


def _county_clerk(people: People, opened: Campaign) -> None:
    """The county office's login is also the clerk of 中牟县 in the city's 【演示】."""
    Membership.objects.update_or_create(
        user=people.city[Role.REVIEWER],
        campaign=opened,
        defaults={"role": Role.CLERK, "unit": opened.units.get(name=COUNTY_UNIT)},
    )


@transaction.atomic
def seed_all(progress: Callable[[str], None] = lambda line: None) -> Report:
    report = Report()
    today = today_local()
    opened = seed_open(today, report, progress)
    seed_county(opened, today, report, progress)
    seed_review(today, report, progress)
    report.accounts = showcase(opened)
    return report


def showcase(opened: Campaign) -> list[tuple[str, str, str]]:
    """The accounts worth trying, and what each shows (the README has the same table)."""
    units = {u.position: u.name for u in Unit.objects.filter(campaign=opened)}
    rows = [
        ("shi-shenhe", "市级审核员：总览、初审、公示、部门意见、复审、优选"),
        ("shi-guanli", "市级管理员：同上，另可改工作日历"),
        (
            COUNTY_OFFICE,
            f"中牟县总工会：{OPEN_PREFIX}中牟县的办公室（差额表决、初审、向上级报送），"
            f"同时是{OPEN_PREFIX}中“中牟县”的经办人",
        ),
        (unit_username(1, Role.CLERK, "zm"), "城关镇总工会（中牟县的推荐单位）· 经办人：差额表决"),
    ]
    for position in (1, 2, 3, 4, 5):
        plan = open_plan(position)
        for role in (Role.CLERK, Role.APPROVER):
            rows.append(
                (
                    unit_username(position, role),
                    f"{units.get(position, '')}（{OPEN_PREFIX}{plan}）· {role.label}",
                )
            )
    return [(name, demo_password(name), what) for name, what in rows]
