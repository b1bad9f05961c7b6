"""No level sees another's unpublished data (issue 15, 按活动分角色): a random sequence of actions
across the 2024 city campaign and 中牟县's round (its child) — units save nominations and record
their 差额 rounds at both levels, the county forwards its picks, offices draft and publish
notices — and after every step:

- the county's staff (the office of the county round, and the clerk of 中牟县 in the city's)
  reach none of another city unit's nominations, rounds, notices or office pages (404), and no
  page they may open names that unit's nominees;
- a clerk of another city unit (郑东新区) reaches nothing of the county round (404), nor the
  nominations the county forwarded into 中牟县, and no page they may open names them;
- an anonymous visitor gets a published notice and nothing else: a draft is a 404, and no public
  page names a nominee who is in no published notice;
- the county's notices carried up with its picks stay as they were when forwarded, whatever the
  county does with its notices afterwards, and their photos are the city office's alone (404 to
  the county's staff and to another city unit);
- a published city notice lists a nominee only once every lower notice it needs (the city's own,
  or the county's carried up) ended before the city notice began.

Each example runs in a savepoint that is rolled back, on campaigns set up once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from urllib.parse import quote

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from pingxuan.web.accounts.enums import Role
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.adapt import Adapter
from pingxuan.web.nominations.domain.edit import NominationInput, NominationRefused, save_nomination
from pingxuan.web.nominations.domain.standing import change_standing
from pingxuan.web.nominations.enums import Kind, Standing, SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from pingxuan.web.notices.domain.evidence import upload_evidence
from pingxuan.web.notices.domain.notices import (
    NoticeRefused,
    create_notice,
    publish,
    start_correction,
    withdraw,
)
from pingxuan.web.notices.domain.order import noticed_before, required_levels
from pingxuan.web.notices.models import (
    CarriedEvidence,
    CarriedNotice,
    EvidenceKind,
    Notice,
    NoticeRow,
    NoticeState,
)
from pingxuan.web.rounds.domain.forwarding import forward_picks
from pingxuan.web.rounds.domain.links import load_child_campaign
from pingxuan.web.rounds.domain.records import RoundRefused, record_round
from pingxuan.web.rounds.models import CampaignLink, Round
from tests.factories.campaign import Generator
from tests.web.materials.test_images import encode, picture
from tests.web.nominations.helpers import fill_unit
from tests.web.notices.helpers import notice_input
from tests.web.opinions.helpers import pass_unit
from tests.web.personas import UNIT_A, signed_in
from tests.web.review.conftest import DURING_REVIEW
from tests.web.rounds.conftest import MEDAL, TOWN, member, vote_for

pytestmark = pytest.mark.django_db

NEIGHBOUR = "韩寺镇总工会"  # a county unit still filling in
AFTER_COUNTY_NOTICE = date(2024, 4, 16)
LEVELS = ("parent", "child")
NOTICE_LEVELS = ("unit", "city")


class Levels(RuleBasedStateMachine):
    link: CampaignLink
    people: dict[str, User]
    spare: dict[str, list[dict[str, str]]]  # unit name → generated rows not yet saved

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.parent: Campaign = self.link.parent
        self.child: Campaign = self.link.child
        self.units = {
            "parent": Unit.objects.get(campaign=self.parent, name=UNIT_A),
            "child": Unit.objects.get(campaign=self.child, name=NEIGHBOUR),
        }
        self.town = Unit.objects.get(campaign=self.child, name=TOWN)
        self.clerks = {"parent": self.people["clerk_a"], "child": self.people["neighbour"]}
        self.used = {"parent": 0, "child": 0}
        self.notices = 0
        # Carried notice → what it read when forwarded (the set-up forwarded 城关镇总工会's).
        self.carried = {c.pk: _snapshot(c) for c in CarriedNotice.objects.all()}
        self.clients = {name: signed_in(user) for name, user in self.people.items()}
        self.anonymous = Client()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _campaign(self, level: str) -> Campaign:
        return self.parent if level == "parent" else self.child

    # ── the steps ────────────────────────────────────────────────────────
    @rule(level=st.sampled_from(LEVELS))
    def save_a_nomination(self, level: str) -> None:
        unit = self.units[level]
        rows = self.spare[unit.name]
        if self.used[level] >= len(rows):
            return
        row = rows[self.used[level]]
        self.used[level] += 1
        award = row["_award"]
        cells = {k: v for k, v in row.items() if k != "_award"}
        try:
            save_nomination(
                self._campaign(level),
                unit,
                NominationInput(award, kind=Kind.COMPREHENSIVE, cells=cells),
                actor=self.clerks[level],
                role=Role.CLERK,
            )
        except NominationRefused:
            pass

    @rule(level=st.sampled_from(LEVELS), seats=st.integers(1, 2))
    def record_a_round(self, level: str, seats: int) -> None:
        campaign, unit = self._campaign(level), self.units[level]
        names = [
            n.display_name
            for n in Nomination.objects.filter(campaign=campaign, unit=unit, award=MEDAL)
        ]
        try:
            record_round(
                campaign,
                unit,
                vote_for(names[:seats] or ["候选人"], seats=min(seats, max(len(names), 1))),
                actor=self.clerks[level],
                role=Role.CLERK,
                source="网页",
            )
        except RoundRefused:
            pass

    @rule()
    def forward(self) -> None:
        result = forward_picks(
            self.link, actor=self.people["county"], role=Role.CLERK, today=AFTER_COUNTY_NOTICE
        )
        event(f"报送：新报送 {len(result.created)} 个，此前已报送 {result.already} 个")
        for carried in CarriedNotice.objects.filter(
            nomination__in=[f.nomination_id for f in result.created]
        ):
            self.carried[carried.pk] = _snapshot(carried)

    @rule(withdrawn=st.booleans())
    def the_county_changes_its_notices(self, withdrawn: bool) -> None:
        """After forwarding, the county corrects its 县级公示 or takes a notice down."""
        # An original never corrected before: a correction's title names its original, and the
        # anonymous check tells notices apart by title.
        notice = (
            Notice.objects.filter(
                campaign=self.child,
                state=NoticeState.PUBLISHED,
                corrects__isnull=True,
                corrections__isnull=True,
            )
            .order_by("-pk")
            .first()
        )
        if notice is None:
            return
        office = self.people["county"]
        try:
            if withdrawn:
                withdraw(notice, reason="发布有误", actor=office, role=Role.REVIEWER)
            else:
                correction = start_correction(
                    notice,
                    note="更正",
                    start=date(2024, 4, 22),
                    end=date(2024, 4, 26),
                    actor=office,
                    role=Role.REVIEWER,
                )
                publish(correction, actor=office, role=Role.REVIEWER)
        except NoticeRefused:
            pass

    @rule(late=st.booleans(), passed=st.booleans())
    def the_city_publishes_its_city_notice(self, late: bool, passed: bool) -> None:
        """Its 市级公示 (after passing by 初审 what the county forwarded, or not): in the
        county's own 县级公示 period (too early for what the county forwarded), or the week
        after it."""
        office = self.people["city_reviewer"]
        if passed:
            self._pass_what_the_county_forwarded()
        self.notices += 1
        start, end = (date(2024, 4, 22), date(2024, 4, 26)) if late else (None, None)
        data = notice_input(None, level="city", start=start, end=end)
        data = replace(data, title=f"{data.title}〔{self.notices}〕")
        try:
            notice = publish(
                create_notice(self.parent, data, actor=office, role=Role.REVIEWER),
                actor=office,
                role=Role.REVIEWER,
            )
            event(f"市级公示：已发布，{notice.rows.count()} 行")
        except NoticeRefused:
            event("市级公示：不能发布")

    @rule(
        level=st.sampled_from(LEVELS),
        notice_level=st.sampled_from(NOTICE_LEVELS),
        published=st.booleans(),
    )
    def draft_or_publish_a_notice(self, level: str, notice_level: str, published: bool) -> None:
        campaign = self._campaign(level)
        unit = None
        if notice_level == "unit":
            unit = self.town if level == "child" else self.units["parent"]
        office = self.people["county" if level == "child" else "city_reviewer"]
        # Every notice has a title of its own: a draft must not pass for a published one.
        self.notices += 1
        data = notice_input(unit, level=notice_level)
        data = replace(data, title=f"{data.title}〔{self.notices}〕")
        try:
            notice = create_notice(campaign, data, actor=office, role=Role.REVIEWER)
            if published:
                publish(notice, actor=office, role=Role.REVIEWER)
        except NoticeRefused:
            pass

    def _pass_what_the_county_forwarded(self) -> None:
        waiting = Nomination.objects.filter(
            campaign=self.parent, unit=self.link.unit, standing=Standing.NOMINATED
        )
        Submission.objects.update_or_create(
            campaign=self.parent, unit=self.link.unit, defaults={"state": SubmissionState.SUBMITTED}
        )
        for nomination in waiting:
            change_standing(
                nomination,
                Standing.PASSED,
                reason="",
                actor=self.people["city_reviewer"],
                role=Role.REVIEWER,
                action="test.pass",
            )

    # ── what must hold after every step ─────────────────────────────────
    def _names(self, nominations: object) -> set[str]:
        return {n.display_name for n in nominations}  # type: ignore[attr-defined]

    def _not_found(self, client: Client, url: str) -> None:
        # A document is asked for with a POST (it starts a background job); a GET is a 405
        # before any access check, so it would prove nothing.
        job_started_by_post = "/documents/" in url and "/rounds/documents/" not in url
        if job_started_by_post:
            status = client.post(url, {"format": "pdf"}).status_code
        else:
            status = client.get(url).status_code
        assert status == 404, f"{url}：{status}"

    def _pages_leave_out(self, client: Client, urls: list[str], names: set[str]) -> None:
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            page = response.content.decode()
            leaked = sorted(name for name in names if name in page)
            assert not leaked, f"{url} 显示了 {leaked}"

    @invariant()
    def the_county_sees_nothing_of_another_city_unit(self) -> None:
        client = self.clients["county"]
        slug, unit = self.parent.slug, self.units["parent"]
        theirs = list(Nomination.objects.filter(campaign=self.parent, unit=unit))
        for nomination in theirs:
            self._not_found(client, f"/portal/{slug}/nominations/{nomination.pk}/")
            self._not_found(client, f"/office/{slug}/review/units/{unit.pk}/")
        for notice in Notice.objects.filter(campaign=self.parent, unit=unit):
            self._not_found(client, f"/portal/{slug}/documents/notices/{notice.pk}/")
        for stored in Round.objects.filter(campaign=self.parent, unit=unit):
            self._not_found(client, f"/portal/{slug}/rounds/documents/tally/{quote(MEDAL)}/")
            self._not_found(
                client,
                f"/office/{slug}/rounds/units/{unit.pk}/tally/{quote(stored.award)}/",
            )
        for url in (f"/office/{slug}/", f"/office/{slug}/rounds/", f"/office/{slug}/forward/"):
            self._not_found(client, url)
        # The county's own office, asked for the city's objects by number: not its campaign's.
        child = self.child.slug
        self._not_found(client, f"/office/{child}/review/units/{unit.pk}/")
        self._not_found(client, f"/office/{child}/rounds/units/{unit.pk}/tally/{quote(MEDAL)}/")
        for nomination in theirs:
            self._not_found(client, f"/office/{child}/documents/nominations/{nomination.pk}/brief/")
        for notice in Notice.objects.filter(campaign=self.parent):
            self._not_found(client, f"/office/{child}/notices/{notice.pk}/")
            self._not_found(client, f"/office/{child}/documents/notices/{notice.pk}/")
        own = self._names(Nomination.objects.filter(campaign=self.parent, unit=self.link.unit))
        own |= self._names(Nomination.objects.filter(campaign=self.child))
        self._pages_leave_out(
            client,
            [f"/portal/{slug}/", f"/portal/{slug}/rounds/"],
            self._names(theirs) - own,
        )

    @invariant()
    def another_city_unit_sees_nothing_of_the_county(self) -> None:
        client = self.clients["clerk_a"]
        child, parent = self.child.slug, self.parent.slug
        county_rows = list(Nomination.objects.filter(campaign=self.child))
        forwarded = list(Nomination.objects.filter(campaign=self.parent, unit=self.link.unit))
        for nomination in county_rows:
            self._not_found(client, f"/portal/{child}/nominations/{nomination.pk}/")
        for nomination in forwarded:
            self._not_found(client, f"/portal/{parent}/nominations/{nomination.pk}/")
        for stored in Round.objects.filter(campaign=self.child):
            self._not_found(
                client,
                f"/office/{child}/rounds/units/{stored.unit_id}/tally/{quote(stored.award)}/",
            )
        for notice in Notice.objects.filter(campaign=self.child).exclude(unit=None):
            self._not_found(client, f"/portal/{child}/documents/notices/{notice.pk}/")
        for url in (
            f"/portal/{child}/",
            f"/portal/{child}/rounds/",
            f"/office/{child}/rounds/",
            f"/office/{child}/forward/",
        ):
            self._not_found(client, url)
        own = self._names(
            Nomination.objects.filter(campaign=self.parent, unit=self.units["parent"])
        )
        self._pages_leave_out(
            client,
            [f"/portal/{parent}/", f"/portal/{parent}/rounds/"],
            (self._names(county_rows) | self._names(forwarded)) - own,
        )

    @invariant()
    def what_was_carried_up_stays_as_it_was(self) -> None:
        now = {c.pk: _snapshot(c) for c in CarriedNotice.objects.filter(pk__in=self.carried)}
        assert now == self.carried
        images = CarriedEvidence.objects.filter(carried__nomination__campaign=self.parent)
        for image in images:
            url = f"/office/{self.parent.slug}/review/carried/{image.pk}/image.jpg"
            self._not_found(self.clients["county"], url)
            self._not_found(self.clients["clerk_a"], url)
            self._not_found(
                self.clients["county"],
                f"/office/{self.child.slug}/review/carried/{image.pk}/image.jpg",
            )

    @invariant()
    def a_city_notice_lists_only_who_finished_the_lower_notices(self) -> None:
        spec = campaign_spec(self.parent)
        adapter = Adapter(spec)
        for notice in Notice.objects.filter(
            campaign=self.parent, level="city", state=NoticeState.PUBLISHED
        ):
            for row in notice.rows.select_related("nomination__unit"):
                nomination = row.nomination
                below = [
                    level
                    for level in required_levels(spec, adapter.to_core(nomination), nomination.unit)
                    if level.key != "city"
                ]
                for level in below:
                    done = noticed_before(level.key, [nomination.pk], notice.start)
                    assert done == {nomination.pk}, (nomination.display_name, level.key)

    @invariant()
    def anonymous_visitors_see_only_published_notices(self) -> None:
        shown: set[str] = set()
        for campaign in (self.parent, self.child):
            other = self.child if campaign == self.parent else self.parent
            for notice in Notice.objects.filter(campaign=campaign):
                # A notice of one level, asked for under the other's address: not there.
                self._not_found(self.anonymous, f"/campaigns/{other.slug}/notices/{notice.pk}/")
                url = f"/campaigns/{campaign.slug}/notices/{notice.pk}/"
                response = self.anonymous.get(url)
                if notice.state == NoticeState.PUBLISHED:
                    assert response.status_code == 200, url
                else:
                    assert response.status_code == 404, f"{url}：草稿 {response.status_code}"
            listed = self.anonymous.get(f"/campaigns/{campaign.slug}/notices/")
            assert listed.status_code == 200
            page = listed.content.decode()
            for title in (
                Notice.objects.filter(campaign=campaign)
                .exclude(state=NoticeState.PUBLISHED)
                .values_list("title", flat=True)
            ):
                assert title not in page, f"公示列表显示了草稿“{title}”"
            shown |= set(
                NoticeRow.objects.filter(
                    notice__campaign=campaign, notice__state=NoticeState.PUBLISHED
                ).values_list("nomination__pk", flat=True)
            )
        hidden = self._names(
            Nomination.objects.filter(campaign__in=(self.parent, self.child)).exclude(pk__in=shown)
        ) - self._names(Nomination.objects.filter(pk__in=shown))
        for campaign in (self.parent, self.child):
            urls = [f"/campaigns/{campaign.slug}/", f"/campaigns/{campaign.slug}/notices/"]
            urls += [
                f"/campaigns/{campaign.slug}/notices/{pk}/"
                for pk in Notice.objects.filter(
                    campaign=campaign, state=NoticeState.PUBLISHED
                ).values_list("pk", flat=True)
            ]
            self._pages_leave_out(self.anonymous, urls, hidden)


def _snapshot(carried: CarriedNotice) -> tuple:
    return (
        carried.level,
        carried.title,
        carried.publisher,
        carried.start,
        carried.end,
        carried.fields,
        sorted(carried.evidence.values_list("sha256", flat=True)),
    )


def _spare_rows(campaign: Campaign, unit: str, seed: int) -> list[dict[str, str]]:
    """The generator's 综合表彰 rows of ``unit`` (medals first), each tagged with its award."""
    rows = Generator(campaign_spec(campaign), seed=seed).rows()
    spare = []
    for award in (MEDAL, "工人先锋号", "五一劳动奖状"):
        for row in rows.get(award, []):
            if row["推荐单位"] == unit and (row.get("表彰类型") or Kind.COMPREHENSIVE) == (
                Kind.COMPREHENSIVE
            ):
                spare.append({**row, "_award": award})
    return spare


def test_no_level_sees_another_levels_unpublished_data(campaign: Campaign) -> None:
    with time_machine.travel(DURING_REVIEW, tick=False):
        link = load_child_campaign("zhongmu-2024")
        county, town = link.child, Unit.objects.get(campaign=link.child, name=TOWN)
        neighbour = Unit.objects.get(campaign=county, name=NEIGHBOUR)
        # One login: the office of the county round, the unit 中牟县 of the city's.
        county_staff = member("county_staff", county, Role.REVIEWER)
        Membership.objects.create(
            user=county_staff, campaign=campaign, role=Role.CLERK, unit=link.unit
        )
        town_clerk = member("town_clerk", county, Role.CLERK, town)
        people = {
            "county": county_staff,
            "clerk_a": member(
                "clerk_a", campaign, Role.CLERK, Unit.objects.get(campaign=campaign, name=UNIT_A)
            ),
            "neighbour": member("neighbour", county, Role.CLERK, neighbour),
            "city_reviewer": member("city_reviewer", campaign, Role.REVIEWER),
        }
        # 城关镇总工会's round is done: filled, voted, passed by the county's 初审, its own and
        # the county's notices published (with a photo each), its picks forwarded.
        fill_unit(county, town, town_clerk)
        medals = Nomination.objects.filter(
            campaign=county, unit=town, award=MEDAL, kind=Kind.COMPREHENSIVE
        )
        names = [n.display_name for n in medals.order_by("seq")]
        record_round(
            county,
            town,
            vote_for(names, seats=len(names)),
            actor=town_clerk,
            role=Role.CLERK,
            source="网页",
        )
        pass_unit(county, town, town_clerk)
        with time_machine.travel("2024-03-22T09:00:00+08:00", tick=False):
            for level in ("unit", "city"):
                # Titles of their own: the anonymous check tells notices apart by title, and
                # the county may take these down later, beside the machine's 〔n〕 ones.
                data = notice_input(town if level == "unit" else None, level=level)
                data = replace(data, title=f"{data.title}〔县里〕")
                posted = publish(
                    create_notice(county, data, actor=county_staff, role=Role.REVIEWER),
                    actor=county_staff,
                    role=Role.REVIEWER,
                )
                upload_evidence(
                    posted,
                    kind=EvidenceKind.NEAR,
                    data=encode(picture(), "PNG"),
                    actor=county_staff,
                    role=Role.REVIEWER,
                )
        forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)
        Levels.link = link
        Levels.people = people
        Levels.spare = {
            UNIT_A: _spare_rows(campaign, UNIT_A, seed=11),
            NEIGHBOUR: _spare_rows(county, NEIGHBOUR, seed=12),
        }
        run_state_machine_as_test(
            Levels,
            settings=settings(
                max_examples=8,
                stateful_step_count=6,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
