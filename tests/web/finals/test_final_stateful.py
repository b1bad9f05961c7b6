"""The final list as a state machine (hypothesis): nominees are edited directly, flagged 涉敏,
revoked; the list is released and corrected, in any order. After every step:

- every released list renders exactly as when it was released: its page's rows, the printed
  lists and the 表彰决定 (a later edit, flag or revocation changes none of them);
- the latest release is the current list; every earlier one names the correction after it;
- no 涉敏 nominee appears in any anonymous response (the public pages: the final list and the
  decision have no public page), and no decision lists a row frozen as 涉敏.

Each example runs in a savepoint that is rolled back, on a campaign approved once.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any, ClassVar

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.complaints.domain.handling import ComplaintRefused
from pingxuan.web.documents.domain.lists import award_lists, decision_of
from pingxuan.web.finals.domain.content import current_list, frozen_view
from pingxuan.web.finals.domain.release import ReleaseRefused, preview, release_final_list
from pingxuan.web.finals.models import FinalList
from pingxuan.web.nominations.domain.edit import NominationRefused
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from tests.web.finals.helpers import approved, revoke_by_complaint
from tests.web.notices.helpers import set_cell
from tests.web.personas import signed_in

pytestmark = pytest.mark.django_db

COLUMNS = ("姓名", "职务", "工作单位", "单位全称", "集体名称")
VALUES = ("张三丰", "车间主任", "郑州某公司", "")


def rendered(client: Client, final: FinalList) -> Any:
    """What a released list shows: its page's rows, the printed lists and the decision."""
    view = frozen_view(final)
    url = reverse("office:final_released", kwargs={"slug": final.campaign.slug, "pk": final.pk})
    page = client.get(url)
    assert page.status_code == 200
    rows = [
        [(row.pk, row.name, row.work, row.unit, row.detail, row.sensitive) for row in item["rows"]]
        + [(row.pk, row.name, row.work, row.unit, row.sensitive) for row in item["special"]]
        for item in page.context["lists"]
    ]
    return rows, award_lists(view), decision_of(view)


class FinalListMachine(RuleBasedStateMachine):
    campaign: Campaign
    reviewer: User
    made: ClassVar[list[str]] = []  # across examples: "release" and "correct", as they happened

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.client = signed_in(self.reviewer)
        self.snapshots: dict[int, Any] = {}
        self.number = 8

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _nomination(self, index: int) -> Nomination:
        nominations = list(
            Nomination.objects.filter(campaign=self.campaign).exclude(kind="备选").order_by("pk")
        )
        return nominations[index % len(nominations)]

    @rule(index=st.integers(0, 60), column=st.sampled_from(COLUMNS), value=st.sampled_from(VALUES))
    def edit_a_field_directly(self, index: int, column: str, value: str) -> None:
        nomination = self._nomination(index)
        if column in nomination.cells:
            set_cell(nomination, column, value)

    @rule(index=st.integers(0, 60))
    def flag_sensitive(self, index: int) -> None:
        set_cell(self._nomination(index), "涉敏", "是")

    @rule(index=st.integers(0, 60))
    def revoke(self, index: int) -> None:
        nomination = self._nomination(index)
        if nomination.standing != Standing.APPROVED:
            return
        try:
            revoke_by_complaint(nomination, self.reviewer)
        except (ComplaintRefused, NominationRefused):
            return

    @rule(reason=st.sampled_from(["", "举报属实，撤销资格"]))
    def release_or_correct(self, reason: str) -> None:
        shown = preview(self.campaign)
        self.number += 1
        try:
            final = release_final_list(
                self.campaign,
                number=f"郑工〔2024〕{self.number}号",
                issued_on=date(2024, 4, 28),
                shown=shown.digest,
                based_on=shown.current.pk if shown.current is not None else None,
                reason=reason,
                actor=self.reviewer,
                role="reviewer",
            )
        except ReleaseRefused:
            return
        assert final.corrects == shown.current
        self.made.append("correct" if final.corrects else "release")
        self.snapshots[final.pk] = rendered(self.client, final)

    @invariant()
    def every_released_list_renders_as_released(self) -> None:
        for pk, snapshot in self.snapshots.items():
            assert rendered(self.client, FinalList.objects.get(pk=pk)) == snapshot, pk

    @invariant()
    def the_latest_release_is_the_current_list(self) -> None:
        released = list(FinalList.objects.filter(campaign=self.campaign).order_by("pk"))
        assert current_list(self.campaign) == (released[-1] if released else None)
        for earlier, later in itertools.pairwise(released):
            assert later.corrects == earlier

    @invariant()
    def no_sensitive_nominee_is_public(self) -> None:
        nominations = list(Nomination.objects.filter(campaign=self.campaign))
        secret = {n.display_name for n in nominations if n.cells.get("涉敏") == "是"}
        others = {n.display_name for n in nominations if n.cells.get("涉敏") != "是"}
        for pk in self.snapshots:
            for section in decision_of(frozen_view(FinalList.objects.get(pk=pk))).lists:
                assert not any(entry.sensitive for entry in section.entries)
        forbidden = {name for name in secret - others if name}
        if not forbidden:
            return
        slug = self.campaign.slug
        anonymous = Client()
        for url in ("/", f"/campaigns/{slug}/", f"/campaigns/{slug}/notices/"):
            page = anonymous.get(url, follow=True).content.decode()
            leaked = [name for name in forbidden if name in page]
            assert not leaked, f"{url} 含涉敏对象 {leaked}"


def test_released_final_lists_never_change(campaign: Campaign) -> None:
    FinalListMachine.campaign = campaign
    FinalListMachine.reviewer = approved(campaign)
    run_state_machine_as_test(
        FinalListMachine,
        settings=settings(
            max_examples=20,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    # The machine did reach what it checks: first releases and corrections.
    assert {"release", "correct"} <= set(FinalListMachine.made), FinalListMachine.made
