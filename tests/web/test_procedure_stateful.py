"""两审三公示 as a state machine (hypothesis): units submit and are returned, 初审 passes and fails,
complaints revoke, units try to replace and delete, nominations are flagged 涉敏, notices are
published. After every step:

- no unit holds more places of an award than the allocation gives it;
- a failed or revoked nomination stays, withdrawn, holding its place: it is never reused;
- no 涉敏 nomination appears in any county, city or public output: the public notice pages and
  list (HTML), and the notice content the pages and exports are built from.

Each example runs in a savepoint that is rolled back, on a campaign filled once.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.complaints.domain import file_complaint, link_nomination
from pingxuan.web.complaints.domain.handling import ComplaintRefused, close
from pingxuan.web.complaints.enums import ComplainantKind
from pingxuan.web.complaints.enums import Outcome as ComplaintOutcome
from pingxuan.web.nominations.domain.edit import (
    NominationInput,
    NominationRefused,
    delete_nomination,
    save_nomination,
)
from pingxuan.web.nominations.domain.submit import return_unit
from pingxuan.web.nominations.enums import WITHDRAWN, Kind
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.notices import (
    NoticeInput,
    NoticeRefused,
    create_notice,
    notice_view,
    publish,
)
from pingxuan.web.notices.models import Notice, NoticeState
from pingxuan.web.review.domain.decisions import pending, prepare, release
from pingxuan.web.review.enums import Outcome, ReviewStage
from tests.factories.campaign import Generator
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, UNIT_B, make_persona
from tests.web.review.conftest import DURING_REVIEW, submit

pytestmark = pytest.mark.django_db

UNITS = (UNIT_A, UNIT_B)
SENSITIVE = "是"
# Outputs that must never show a 涉敏 nominee: every level but the nominee's own unit's.
PUBLIC_LEVELS = ("county", "city")


class Procedure(RuleBasedStateMachine):
    campaign: Campaign
    people: dict[str, User]
    spare_rows: dict[str, list[dict[str, str]]]

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.withdrawn: set[int] = set()
        self.spec = campaign_spec(self.campaign)
        self.units = {name: Unit.objects.get(campaign=self.campaign, name=name) for name in UNITS}

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # ── helpers ──────────────────────────────────────────────────────────
    def _nomination(self, unit: str, index: int) -> Nomination | None:
        nominations = list(
            Nomination.objects.filter(campaign=self.campaign, unit=self.units[unit]).order_by("pk")
        )
        return nominations[index % len(nominations)] if nominations else None

    def _release(self, unit: str) -> None:
        ids = [d.pk for d in pending(self.campaign, ReviewStage.FIRST, unit=self.units[unit])]
        release(
            self.campaign,
            ReviewStage.FIRST,
            ids,
            actor=self.people["reviewer"],
            role="reviewer",
            unit=self.units[unit],
        )

    # ── the steps ────────────────────────────────────────────────────────
    @rule(unit=st.sampled_from(UNITS))
    def submit(self, unit: str) -> None:
        try:
            submit(self.campaign, self.units[unit], self.people["approver"])
        except NominationRefused:
            pass

    @rule(unit=st.sampled_from(UNITS))
    def return_for_corrections(self, unit: str) -> None:
        try:
            return_unit(
                self.campaign,
                self.units[unit],
                note="请补充材料",
                actor=self.people["reviewer"],
                role="reviewer",
            )
        except NominationRefused:
            pass

    @rule(unit=st.sampled_from(UNITS), index=st.integers(0, 40), fail=st.booleans())
    def decide_first_review(self, unit: str, index: int, fail: bool) -> None:
        nomination = self._nomination(unit, index)
        if nomination is None:
            return
        outcome = Outcome.FAIL if fail else Outcome.PASS
        try:
            prepare(
                self.campaign,
                nomination,
                ReviewStage.FIRST,
                outcome,
                "材料不实" if fail else "",
                actor=self.people["reviewer"],
                role="reviewer",
            )
            self._release(unit)
        except NominationRefused:
            return
        if fail:
            self.withdrawn.add(nomination.pk)

    @rule(unit=st.sampled_from(UNITS), index=st.integers(0, 40))
    def substantiated_complaint(self, unit: str, index: int) -> None:
        nomination = self._nomination(unit, index)
        if nomination is None:
            return
        complaint = file_complaint(
            self.campaign,
            kind=ComplainantKind.PERSON,
            name="张某",
            contact="13800000000",
            about=nomination.display_name,
            content="隐瞒了安全生产事故，材料不实。",
        )
        try:
            link_nomination(complaint, nomination, actor=self.people["reviewer"], role="reviewer")
            close(
                complaint,
                ComplaintOutcome.SUBSTANTIATED,
                "经查属实",
                actor=self.people["reviewer"],
                role="reviewer",
            )
        except (ComplaintRefused, NominationRefused):
            return
        nomination.refresh_from_db()
        if nomination.withdrawn:
            self.withdrawn.add(nomination.pk)

    @rule(unit=st.sampled_from(UNITS), award=st.integers(0, 2), row=st.integers(0, 200))
    def try_a_replacement(self, unit: str, award: int, row: int) -> None:
        name = self.spec.awards[award].name
        candidates = [r for r in self.spare_rows[name] if r["推荐单位"] == unit]
        if not candidates:
            return
        cells = dict(candidates[row % len(candidates)])
        cells["表彰类型"] = Kind.COMPREHENSIVE
        try:
            save_nomination(
                self.campaign,
                self.units[unit],
                NominationInput(name, kind=Kind.COMPREHENSIVE, cells=cells),
                actor=self.people["clerk"],
                role="clerk",
            )
        except NominationRefused:
            pass

    @rule(unit=st.sampled_from(UNITS), index=st.integers(0, 40))
    def try_a_deletion(self, unit: str, index: int) -> None:
        nomination = self._nomination(unit, index)
        if nomination is None:
            return
        try:
            delete_nomination(nomination, actor=self.people["clerk"], role="clerk")
        except NominationRefused:
            pass

    @rule(unit=st.sampled_from(UNITS), index=st.integers(0, 40))
    def flag_sensitive(self, unit: str, index: int) -> None:
        nomination = self._nomination(unit, index)
        if nomination is not None:
            nomination.cells = {**nomination.cells, "涉敏": SENSITIVE}
            nomination.save(update_fields=["cells"])

    @rule(level=st.sampled_from(PUBLIC_LEVELS), unit=st.sampled_from(UNITS))
    def publish_a_notice(self, level: str, unit: str) -> None:
        data = NoticeInput(
            level=level,
            unit=self.units[unit] if level == "county" else None,
            title="公示",
            start=date(2024, 4, 1),
            end=date(2024, 4, 8),
            contact_person="王老师",
            contact_phone="0371-12345678",
            channel_phone="0371-12345678",
        )
        try:
            notice = create_notice(
                self.campaign, data, actor=self.people["reviewer"], role="reviewer"
            )
            publish(notice, actor=self.people["reviewer"], role="reviewer")
        except NoticeRefused:
            pass

    # ── what must always hold ────────────────────────────────────────────
    @invariant()
    def places_never_exceed_the_allocation(self) -> None:
        for name, unit in self.units.items():
            for award in self.spec.awards:
                capacity = self.spec.capacity(name, award.name)
                if capacity is None:
                    continue
                used = Nomination.objects.filter(
                    campaign=self.campaign, unit=unit, award=award.name, kind=Kind.COMPREHENSIVE
                ).count()
                assert used <= capacity, f"{name} {award.name}: {used} > {capacity}"

    @invariant()
    def a_lost_place_is_never_reused(self) -> None:
        kept = dict(Nomination.objects.filter(pk__in=self.withdrawn).values_list("pk", "standing"))
        assert set(kept) == self.withdrawn, "a withdrawn nomination disappeared"
        assert all(standing in WITHDRAWN for standing in kept.values())

    @invariant()
    def no_sensitive_nominee_in_any_public_output(self) -> None:
        nominations = list(Nomination.objects.filter(campaign=self.campaign))
        sensitive = {n.display_name for n in nominations if n.cells.get("涉敏") == SENSITIVE}
        shown_elsewhere = {
            n.display_name
            for n in nominations
            if n.cells.get("涉敏") != SENSITIVE and not n.withdrawn
        }
        forbidden = sensitive - shown_elsewhere
        if not forbidden:
            return
        anonymous = Client()
        slug = self.campaign.slug
        pages = [anonymous.get(f"/campaigns/{slug}/notices/").content.decode()]
        for notice in Notice.objects.filter(
            campaign=self.campaign, state=NoticeState.PUBLISHED, level__in=PUBLIC_LEVELS
        ):
            pages.append(anonymous.get(f"/campaigns/{slug}/notices/{notice.pk}/").content.decode())
            for table in notice_view(notice).tables:
                for cells in table.rows:
                    assert not forbidden & set(cells), f"{notice.level} 公示内容含涉敏对象"
        for page in pages:
            assert not [name for name in forbidden if name in page], "公开页面含涉敏对象"


def test_the_procedure_keeps_places_and_secrecy(campaign: Campaign) -> None:
    with time_machine.travel(DURING_REVIEW, tick=False):
        people = {
            "clerk": make_persona(campaign, "clerk_a"),
            "approver": make_persona(campaign, "approver_a"),
            "reviewer": make_persona(campaign, "reviewer"),
        }
        for name in UNITS:
            fill_unit(campaign, Unit.objects.get(campaign=campaign, name=name), people["clerk"])
        Procedure.campaign = campaign
        Procedure.people = people
        Procedure.spare_rows = Generator(campaign_spec(campaign), seed=7).rows()
        run_state_machine_as_test(
            Procedure,
            settings=settings(
                max_examples=40,
                stateful_step_count=15,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
