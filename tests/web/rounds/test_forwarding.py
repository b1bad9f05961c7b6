"""Forwarding 中牟县's picks into the 2024 city campaign as the unit 中牟县's nominations: only
picks that passed 初审 and whose county notice ended; data, honours, materials and the vote record
carried; provenance on the city's review page; the unit's places checked; never twice."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import User

from pingxuan.web.accounts.enums import Role
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.rounds.domain.forwarding import forward_picks, picks
from pingxuan.web.rounds.models import CampaignLink, Forwarding
from tests.web.nominations.helpers import fill_unit
from tests.web.notices.helpers import publish_level
from tests.web.personas import make_persona, signed_in
from tests.web.rounds.conftest import MEDAL, medals, member, run_round

pytestmark = pytest.mark.django_db
AFTER_COUNTY_NOTICE = date(2024, 4, 16)
DURING_COUNTY_NOTICE = date(2024, 4, 12)


def test_picks_wait_for_the_county_notice_to_end(link: CampaignLink, noticed: Campaign):
    waiting = picks(link, today=DURING_COUNTY_NOTICE)

    assert waiting and all(p.waiting == "县级公示到2024-04-15结束，期满后才能报送" for p in waiting)
    assert all(p.ready for p in picks(link, today=AFTER_COUNTY_NOTICE))


def test_forwarding_makes_normal_nominations_of_the_parent_unit(
    link: CampaignLink, noticed: Campaign, town: Unit, county_staff: User
):
    sources = list(Nomination.objects.filter(campaign=noticed, unit=town).order_by("award", "seq"))

    result = forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)

    assert (len(result.created), result.already, result.refused) == (len(sources), 0, [])
    forwarded = list(
        Nomination.objects.filter(campaign=link.parent, unit=link.unit).order_by("award", "seq")
    )
    assert sorted(n.display_name for n in forwarded) == sorted(n.display_name for n in sources)
    source = medals(town)[0]
    target = Forwarding.objects.get(source=source).nomination
    assert (target.cells, target.standing, target.award) == (source.cells, "nominated", MEDAL)
    assert [(h.name, h.year) for h in target.honours.all()] == [
        (h.name, h.year) for h in source.honours.all()
    ]


def test_forwarding_carries_the_vote_and_the_notice(
    link: CampaignLink, noticed: Campaign, town: Unit, county_staff: User
):
    forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)

    source = medals(town)[0]
    forwarding = Forwarding.objects.get(source=source)
    assert forwarding.round is not None and forwarding.round.unit == town
    assert forwarding.vote["表决机构"] == "职代会"
    assert forwarding.vote["本对象得票"] == 80
    assert forwarding.vote["初始提名数"] == len(medals(town)) + 2
    assert forwarding.notice["层级"] == "县级公示"
    assert forwarding.notice["结束"] == "2024-04-15"


def test_a_second_forward_adds_nothing(link: CampaignLink, noticed: Campaign, county_staff: User):
    first = forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)
    count = Nomination.objects.filter(campaign=link.parent).count()

    second = forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)

    assert (len(second.created), second.already) == (0, len(first.created))
    assert Nomination.objects.filter(campaign=link.parent).count() == count
    assert Forwarding.objects.count() == len(first.created)


def test_the_parent_unit_places_bound_what_goes_up(
    link: CampaignLink, county: Campaign, town: Unit, town_clerk: User, county_staff: User
):
    """Two towns pick 3 medals each; 中牟县 has 4 medal places in the city campaign."""
    other = Unit.objects.get(campaign=county, name="韩寺镇总工会")
    run_round(county, town, town_clerk)
    run_round(county, other, member("other_clerk", county, Role.CLERK, other))
    with time_machine.travel("2024-03-22T09:00:00+08:00", tick=False):
        publish_level(county, "unit", town, county_staff)
        publish_level(county, "unit", other, county_staff)
        publish_level(county, "city", None, county_staff)

    result = forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)

    up = Nomination.objects.filter(campaign=link.parent, unit=link.unit, award=MEDAL)
    assert up.count() == 4
    refused = [reason for _name, reason in result.refused]
    assert refused.count("超出向上级报送的五一劳动奖章名额（共4个，已按表中顺序占满）") == 2


def test_the_page_counts_only_the_picks_within_the_limit(
    link: CampaignLink, county: Campaign, town: Unit, town_clerk: User, county_staff: User
):
    """Six medal picks for 4 places: the page offers 4 and says of the other two why not, as
    the forward then does (it once said all six 可报送)."""
    other = Unit.objects.get(campaign=county, name="韩寺镇总工会")
    run_round(county, town, town_clerk)
    run_round(county, other, member("other_clerk", county, Role.CLERK, other))
    with time_machine.travel("2024-03-22T09:00:00+08:00", tick=False):
        publish_level(county, "unit", town, county_staff)
        publish_level(county, "unit", other, county_staff)
        publish_level(county, "city", None, county_staff)

    found = [p for p in picks(link, today=AFTER_COUNTY_NOTICE) if p.nomination.award == MEDAL]
    result = forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)

    ready = {p.nomination.pk for p in found if p.ready}
    assert len(ready) == 4
    assert {f.source_id for f in result.created if f.source.award == MEDAL} == ready
    assert all("已按表中顺序占满" in p.waiting for p in found if not p.ready)


def test_a_forward_into_a_submitted_parent_unit_is_refused(
    link: CampaignLink, noticed: Campaign, county_staff: User
):
    from pingxuan.web.nominations.enums import SubmissionState
    from pingxuan.web.nominations.models import Submission

    Submission.objects.create(campaign=link.parent, unit=link.unit, state=SubmissionState.SUBMITTED)

    result = forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)

    assert result.created == []
    assert {reason for _name, reason in result.refused} == {
        "本单位已报送初审，数据只读；如需修改，请联系市总工会退回。"
    }
    assert not Forwarding.objects.exists()


def test_the_city_reviewer_sees_the_provenance(
    campaign: Campaign, link: CampaignLink, noticed: Campaign, county_staff: User
):
    forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)
    reviewer = make_persona(campaign, "reviewer")

    page = signed_in(reviewer).get(f"/office/zhengzhou-2024/review/units/{link.unit.pk}/")

    text = page.content.decode()
    assert page.status_code == 200
    assert (
        "来自“2024年中牟县推荐郑州市五一劳动奖和郑州市工人先锋号评选”，由城关镇总工会推荐" in text
    )
    assert "差额表决：职代会（2024-03-01，应到 120 人、实到 90 人）" in text
    assert "县级公示“郑州市2024年五一劳动奖推荐对象公示”（中牟县总工会发布" in text


def test_the_forward_page_needs_the_county_office_and_the_parent_unit(
    campaign: Campaign, link: CampaignLink, noticed: Campaign, county_staff: User
):
    office_only = member("office_only", link.child, Role.REVIEWER)
    city_reviewer = make_persona(campaign, "reviewer")
    url = "/office/zhongmu-2024/forward/"

    assert signed_in(county_staff).get(url).status_code == 200
    shown = signed_in(office_only).get(url)
    assert "您不是上级活动中“中牟县”的经办人或审批人" in shown.content.decode()
    assert signed_in(office_only).post(url).status_code == 403
    assert signed_in(city_reviewer).get(url).status_code == 404
    assert signed_in(city_reviewer).get("/office/zhengzhou-2024/forward/").status_code == 404
    assert not Forwarding.objects.exists()


def test_the_forward_button_forwards(link: CampaignLink, noticed: Campaign, county_staff: User):
    with time_machine.travel("2024-04-16T09:00:00+08:00", tick=False):
        response = signed_in(county_staff).post("/office/zhongmu-2024/forward/")

    assert response.status_code == 200
    assert "已报送 " in response.content.decode()
    assert Forwarding.objects.count() == Nomination.objects.filter(campaign=noticed).count()


def test_the_parent_unit_quota_counts_what_it_already_holds(
    campaign: Campaign, link: CampaignLink, noticed: Campaign, county_staff: User
):
    """中牟县 typed its 4 medals in the city campaign itself: a forwarded medal finds no place."""
    fill_unit(campaign, link.unit, county_staff)

    result = forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)

    refused = {reason for _name, reason in result.refused}
    assert "本单位五一劳动奖章名额4个已全部占用，不能再增加；可修改或删除已有推荐对象。" in refused
    assert not Forwarding.objects.filter(source__award=MEDAL).exists()


def test_material_images_go_up_as_copies(
    link: CampaignLink, noticed: Campaign, town: Unit, county_staff: User
):
    import hashlib

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from pingxuan.web.materials.models import Material

    source = medals(town)[0]
    jpeg = b"\xff\xd8\xff\xe0 a stored scan \xff\xd9"
    default_storage.save("materials/source.jpg", ContentFile(jpeg))
    Material.objects.create(
        campaign=noticed,
        unit=town,
        nomination=source,
        requirement="简表",
        stage="初审",
        title="简表",
        stored_name="source.jpg",
        width=850,
        height=1200,
        size=len(jpeg),
        sha256=hashlib.sha256(jpeg).hexdigest(),
    )

    forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)

    target = Forwarding.objects.get(source=source).nomination
    copy = Material.objects.get(nomination=target)
    assert (copy.campaign, copy.unit, copy.requirement) == (link.parent, link.unit, "简表")
    assert copy.stored_name != "source.jpg"
    with default_storage.open(copy.path, "rb") as handle:
        assert handle.read() == jpeg


def test_the_forward_button_waits_with_the_reason(
    link: CampaignLink, noticed: Campaign, county_staff: User
):
    url = "/office/zhongmu-2024/forward/"
    with time_machine.travel("2024-04-12T09:00:00+08:00", tick=False):
        waiting = signed_in(county_staff).get(url).content.decode()
    with time_machine.travel("2024-04-16T09:00:00+08:00", tick=False):
        ready = signed_in(county_staff).get(url).content.decode()

    assert 'disabled aria-describedby="forward-why"' in waiting
    assert "县级公示到2024-04-15结束，期满后才能报送" in waiting
    assert "现在没有可报送的推荐对象" in waiting
    assert 'disabled aria-describedby="forward-why"' not in ready
    assert "个推荐对象可报送" in ready


def test_an_empty_forward_page_says_what_must_happen_first(link: CampaignLink, county_staff: User):
    page = signed_in(county_staff).get("/office/zhongmu-2024/forward/").content.decode()

    assert "还没有初审通过的推荐对象。先要：推荐单位在截止前报送初审" in page
    assert 'disabled aria-describedby="forward-why"' in page


def test_once_the_county_approved_some_at_its_review_only_those_go_up(
    link: CampaignLink, county: Campaign, town: Unit, town_clerk: User, county_staff: User
):
    other = Unit.objects.get(campaign=county, name="韩寺镇总工会")
    run_round(county, town, town_clerk)
    run_round(county, other, member("other_clerk", county, Role.CLERK, other))
    with time_machine.travel("2024-03-22T09:00:00+08:00", tick=False):
        publish_level(county, "unit", town, county_staff)
        publish_level(county, "unit", other, county_staff)
        publish_level(county, "city", None, county_staff)
    medals = Nomination.objects.filter(campaign=county, award=MEDAL).order_by("-pk")
    chosen = [n.pk for n in medals[:2]]
    Nomination.objects.filter(pk__in=chosen).update(standing=Standing.APPROVED)

    found = [p for p in picks(link, today=AFTER_COUNTY_NOTICE) if p.nomination.award == MEDAL]

    assert sorted(p.nomination.pk for p in found if p.ready) == sorted(chosen)
    assert all("未经复审通过" in p.waiting for p in found if p.nomination.pk not in chosen)
