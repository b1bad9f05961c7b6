"""A forwarded nomination deleted in the parent (issue 15: changes after forwarding go through
the parent's procedure, not silently): the delete needs a reason, the forwarding stays as a
withdrawn record, the ordinary forward leaves the pick alone, and forwarding it again is its own
act, a new forwarding linked to the withdrawn one and checked against the parent unit's places."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from pingxuan.web.accounts.enums import Role
from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.edit import (
    NominationInput,
    NominationRefused,
    delete_nomination,
    save_nomination,
)
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.rounds.domain.forwarding import ForwardResult, forward_picks, picks
from pingxuan.web.rounds.domain.withdrawal import ForwardAgainRefused, forward_again
from pingxuan.web.rounds.models import CampaignLink, Forwarding
from tests.web.personas import make_persona, signed_in
from tests.web.rounds.conftest import MEDAL, medals, member
from tests.web.rounds.test_forwarding import AFTER_COUNTY_NOTICE

pytestmark = pytest.mark.django_db
REASON = "经核实，该职工已调离本县，由新单位另行推荐"


@pytest.fixture
def forwarded(link: CampaignLink, noticed: Campaign, town: Unit, county_staff: User) -> Forwarding:
    """城关镇总工会's picks forwarded to 中牟县 in the city campaign; its first medal's record."""
    forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)
    return Forwarding.objects.select_related("nomination").get(source=medals(town)[0])


def withdraw(forwarding: Forwarding, actor: User, reason: str = REASON) -> None:
    assert forwarding.nomination is not None
    delete_nomination(forwarding.nomination, actor=actor, role=Role.CLERK, reason=reason)


def again(link: CampaignLink, forwarding: Forwarding, actor: User) -> ForwardResult:
    return forward_again(link, forwarding, actor=actor, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)


# ── withdrawing ─────────────────────────────────────────────────────────────────────────────


def test_deleting_a_forwarded_nomination_without_a_reason_is_refused(
    forwarded: Forwarding, county_staff: User
):
    target = forwarded.nomination

    with pytest.raises(NominationRefused) as refusal:
        withdraw(forwarded, county_staff, reason="  ")

    assert str(refusal.value) == (
        f"“{target.display_name}”是“2024年中牟县推荐郑州市五一劳动奖和郑州市工人先锋号评选”"
        "向上级报送的推荐对象：删除即撤回这次报送，须逐个删除并写明撤回理由（下级活动的办公室会看到）。"
    )
    forwarded.refresh_from_db()
    assert (forwarded.nomination_id, forwarded.withdrawn_at) == (target.pk, None)


def test_deleting_with_a_reason_keeps_the_forwarding_as_a_withdrawn_record(
    forwarded: Forwarding, county_staff: User
):
    target = forwarded.nomination
    moment = timezone.now()

    with time_machine.travel(moment, tick=False):
        withdraw(forwarded, county_staff)

    forwarded.refresh_from_db()
    assert not Nomination.objects.filter(pk=target.pk).exists()
    assert (
        forwarded.nomination_id,
        forwarded.withdrawn_at,
        forwarded.withdrawn_by,
        forwarded.withdrawn_reason,
        forwarded.withdrawn_seq,
    ) == (None, moment, county_staff, REASON, target.seq)


def test_a_withdrawal_is_audited_with_its_reason(forwarded: Forwarding, county_staff: User):
    target = forwarded.nomination_id

    withdraw(forwarded, county_staff)

    event = AuditEvent.objects.get(action="nomination.forward_withdraw")
    assert (event.object_type, event.object_id, event.unit_name) == (
        "Forwarding",
        str(forwarded.pk),
        "中牟县",
    )
    assert event.changes["撤回理由"] == [None, REASON]
    assert event.changes["上级推荐对象"] == [target, None]
    deleted = AuditEvent.objects.get(action="nomination.delete", object_id=str(target))
    assert deleted.changes["撤回理由"] == [None, REASON]


def test_a_nomination_typed_in_the_parent_is_deleted_without_a_reason(
    campaign: Campaign, link: CampaignLink, county_staff: User
):
    typed = save_nomination(
        campaign, link.unit, NominationInput(award=MEDAL), actor=county_staff, role=Role.CLERK
    )

    delete_nomination(typed, actor=county_staff, role=Role.CLERK)

    assert not Nomination.objects.filter(pk=typed.pk).exists()
    assert not Forwarding.objects.filter(withdrawn_at__isnull=False).exists()


def test_the_child_sees_the_pick_withdrawn_with_its_reason(
    link: CampaignLink, forwarded: Forwarding, county_staff: User
):
    withdraw(forwarded, county_staff)

    pick = next(p for p in picks(link, AFTER_COUNTY_NOTICE) if p.nomination == forwarded.source)

    assert (pick.forwarded, pick.withdrawn, pick.ready) == (None, forwarded, False)
    assert pick.withdrawn.withdrawn_reason == REASON


def test_an_import_that_would_delete_a_forwarded_nomination_is_refused(
    campaign: Campaign,
    link: CampaignLink,
    forwarded: Forwarding,
    county_staff: User,
    tmp_path: Path,
):
    """The parent unit's workbook without the forwarded medals would delete them: not silently."""
    from pingxuan.web.campaigns.domain.specs import campaign_spec
    from pingxuan.web.nominations.domain.importing import ImportRefused, import_workbook
    from tests.factories.campaign import Generator, write_workbook

    spec = campaign_spec(campaign)
    rows = Generator(spec, seed=2024).rows()
    mine = {name: [r for r in sheet if r["推荐单位"] == "中牟县"] for name, sheet in rows.items()}
    path = write_workbook(tmp_path / "中牟县.xlsx", spec, mine)
    before = Nomination.objects.filter(campaign=campaign, unit=link.unit).count()

    with pytest.raises(ImportRefused) as refusal:
        import_workbook(
            campaign, link.unit, path, file_label="中牟县.xlsx", actor=county_staff, role="clerk"
        )

    assert str(refusal.value).startswith("工作簿中没有")
    assert "删除即撤回这次报送，须逐个删除并写明撤回理由" in str(refusal.value)
    assert Nomination.objects.filter(campaign=campaign, unit=link.unit).count() == before
    assert not Forwarding.objects.filter(withdrawn_at__isnull=False).exists()


# ── forwarding again ────────────────────────────────────────────────────────────────────────


def test_the_ordinary_forward_does_not_send_a_withdrawn_pick_again(
    link: CampaignLink, forwarded: Forwarding, county_staff: User
):
    withdraw(forwarded, county_staff)
    before = Nomination.objects.filter(campaign=link.parent).count()

    result = forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)

    assert (result.created, result.withdrawn, result.refused) == ([], 1, [])
    assert Nomination.objects.filter(campaign=link.parent).count() == before
    assert Forwarding.objects.filter(source=forwarded.source).count() == 1


def test_forwarding_again_is_a_new_forwarding_linked_to_the_withdrawn_one(
    link: CampaignLink, forwarded: Forwarding, county_staff: User
):
    withdraw(forwarded, county_staff)

    result = again(link, forwarded, county_staff)

    (renewed,) = result.created
    assert (renewed.source, renewed.replaces, renewed.withdrawn_at) == (
        forwarded.source,
        forwarded,
        None,
    )
    assert renewed.nomination is not None
    assert (renewed.nomination.campaign, renewed.nomination.unit) == (link.parent, link.unit)
    assert renewed.nomination.cells == forwarded.source.cells
    forwarded.refresh_from_db()
    assert (forwarded.withdrawn_reason, forwarded.nomination) == (REASON, None)
    event = AuditEvent.objects.get(action="nomination.forward_again")
    assert (event.object_id, event.changes["接替撤回的报送"]) == (
        str(renewed.pk),
        [None, forwarded.pk],
    )


def test_after_forwarding_again_the_pick_is_forwarded_once(
    link: CampaignLink, forwarded: Forwarding, county_staff: User
):
    withdraw(forwarded, county_staff)
    again(link, forwarded, county_staff)

    second = forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)
    pick = next(p for p in picks(link, AFTER_COUNTY_NOTICE) if p.nomination == forwarded.source)

    assert (second.created, second.withdrawn) == ([], 0)
    assert pick.forwarded is not None and pick.forwarded.replaces == forwarded
    assert pick.withdrawn is None


def test_a_withdrawn_forwarding_goes_up_again_only_once(
    link: CampaignLink, forwarded: Forwarding, county_staff: User
):
    withdraw(forwarded, county_staff)
    again(link, forwarded, county_staff)

    with pytest.raises(ForwardAgainRefused) as refusal:
        again(link, forwarded, county_staff)

    assert str(refusal.value) == f"“{forwarded.source.display_name}”已经再次报送过了。"
    assert Forwarding.objects.filter(source=forwarded.source).count() == 2


def test_a_forwarding_still_standing_is_not_forwarded_again(
    link: CampaignLink, forwarded: Forwarding, county_staff: User
):
    with pytest.raises(ForwardAgainRefused) as refusal:
        again(link, forwarded, county_staff)

    assert str(refusal.value) == "这次报送没有被撤回，不需要再次报送。"
    assert Forwarding.objects.filter(source=forwarded.source).count() == 1


def test_forwarding_again_is_checked_against_the_parent_unit_places(
    campaign: Campaign, link: CampaignLink, forwarded: Forwarding, county_staff: User
):
    """中牟县 has 4 medal places: 3 came up from 城关镇, one was withdrawn, and the unit typed two
    medals of its own into the places left."""
    withdraw(forwarded, county_staff)
    for _ in range(2):
        save_nomination(
            campaign, link.unit, NominationInput(award=MEDAL), actor=county_staff, role="clerk"
        )

    result = again(link, forwarded, county_staff)

    assert result.created == []
    assert result.refused == [
        (
            forwarded.source.display_name,
            "本单位五一劳动奖章名额4个已全部占用，不能再增加；可修改或删除已有推荐对象。",
        )
    ]
    assert not Forwarding.objects.filter(replaces=forwarded).exists()


def test_two_live_forwardings_of_one_pick_are_refused_by_the_database(
    link: CampaignLink, forwarded: Forwarding
):
    with pytest.raises(IntegrityError), transaction.atomic():
        Forwarding.objects.create(source=forwarded.source, link=link, forwarded_at=timezone.now())


def test_a_withdrawn_forwarding_without_a_reason_is_refused_by_the_database(
    forwarded: Forwarding,
):
    with pytest.raises(IntegrityError), transaction.atomic():
        Forwarding.objects.filter(pk=forwarded.pk).update(withdrawn_at=timezone.now())


# ── pages ───────────────────────────────────────────────────────────────────────────────────


def delete_url(forwarding: Forwarding) -> str:
    return f"/portal/zhengzhou-2024/nominations/{forwarding.nomination_id}/delete/"


def test_the_delete_page_asks_why_when_the_nomination_was_forwarded(
    forwarded: Forwarding, county_staff: User
):
    page = signed_in(county_staff).get(delete_url(forwarded)).content.decode()

    child = "2024年中牟县推荐郑州市五一劳动奖和郑州市工人先锋号评选"
    assert f"该对象是“{child}”向上级报送的推荐对象" in page
    assert '<textarea id="id_reason" name="reason"' in page
    assert "撤回报送并删除" in page


def test_a_refused_delete_keeps_the_reason_as_typed(forwarded: Forwarding, county_staff: User):
    typed = "原因" * 251  # 502 characters: over the limit of 500

    response = signed_in(county_staff).post(delete_url(forwarded), {"reason": typed})

    page = response.content.decode()
    assert response.status_code == 200
    assert "“撤回理由”共502字，超过上限500字，请删减到500字以内。" in page
    assert f">{typed}</textarea>" in page
    forwarded.refresh_from_db()
    assert forwarded.withdrawn_at is None and forwarded.nomination is not None


def test_a_delete_without_a_reason_says_what_to_do(forwarded: Forwarding, county_staff: User):
    response = signed_in(county_staff).post(delete_url(forwarded), {"reason": ""})

    assert "须逐个删除并写明撤回理由" in response.content.decode()
    assert Nomination.objects.filter(pk=forwarded.nomination_id).exists()


def test_a_delete_with_a_reason_withdraws_and_goes_back_to_the_unit(
    forwarded: Forwarding, county_staff: User
):
    response = signed_in(county_staff).post(delete_url(forwarded), {"reason": REASON}, follow=True)

    forwarded.refresh_from_db()
    assert forwarded.withdrawn_reason == REASON
    assert "这次报送已撤回" in response.content.decode()


def test_the_forward_page_shows_the_withdrawal_and_forwards_again_on_request(
    link: CampaignLink, forwarded: Forwarding, county_staff: User
):
    withdraw(forwarded, county_staff)
    office = signed_in(county_staff)

    with time_machine.travel("2024-04-16T09:00:00+08:00", tick=False):
        page = office.get("/office/zhongmu-2024/forward/").content.decode()
        response = office.post(f"/office/zhongmu-2024/forward/again/{forwarded.pk}/")

    assert "已撤回" in page and f"撤回理由：{REASON}" in page
    assert f'action="/office/zhongmu-2024/forward/again/{forwarded.pk}/"' in page
    assert response.status_code == 200
    assert "已报送 1 个推荐对象。" in response.content.decode()
    assert Forwarding.objects.filter(replaces=forwarded, withdrawn_at__isnull=True).exists()


def test_forwarding_again_needs_the_county_office_and_the_parent_unit(
    campaign: Campaign, link: CampaignLink, forwarded: Forwarding, county_staff: User
):
    withdraw(forwarded, county_staff)
    url = f"/office/zhongmu-2024/forward/again/{forwarded.pk}/"
    office_only = member("office_only", link.child, Role.REVIEWER)

    assert signed_in(make_persona(campaign, "reviewer")).post(url).status_code == 404
    assert signed_in(office_only).post(url).status_code == 403
    assert signed_in(county_staff).get(url).status_code == 405
    assert not Forwarding.objects.filter(replaces=forwarded).exists()


def test_a_forwarding_not_withdrawn_is_not_found_for_forwarding_again(
    forwarded: Forwarding, county_staff: User
):
    url = f"/office/zhongmu-2024/forward/again/{forwarded.pk}/"

    assert signed_in(county_staff).post(url).status_code == 404
