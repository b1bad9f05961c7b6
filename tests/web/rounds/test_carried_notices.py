"""The county's notices go up with its picks (issue 15): 城关镇总工会's unit notice and
中牟县总工会's own 县级公示 (the county round's top level) are snapshotted, with their
evidence re-encoded, when the picks are forwarded; in the city campaign they stand for
中牟县's unit and county levels, so the city's notice order and its 复审 gate accept them; a
later change in the county changes nothing the city holds; the images are the city office's
alone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.test import Client

from pingxuan.web.accounts.enums import Role
from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.carried import carry_notices
from pingxuan.web.notices.domain.evidence import upload_evidence
from pingxuan.web.notices.domain.notices import (
    create_notice,
    publication_problem,
    publish,
    start_correction,
    withdraw,
)
from pingxuan.web.notices.domain.order import noticed_before
from pingxuan.web.notices.models import (
    CarriedEvidence,
    CarriedNotice,
    EvidenceKind,
    Notice,
    NoticeEvidence,
)
from pingxuan.web.review.domain.second import release_problem, second_review
from pingxuan.web.rounds.domain.forwarding import forward_picks
from pingxuan.web.rounds.models import CampaignLink, Forwarding
from tests.web.materials.test_images import encode, picture
from tests.web.nominations.helpers import fill_unit
from tests.web.notices.helpers import notice_input, publish_level
from tests.web.opinions.helpers import pass_unit
from tests.web.personas import UNIT_A, make_persona, signed_in
from tests.web.rounds.conftest import medals, member, run_round
from tests.web.rounds.test_forwarding import AFTER_COUNTY_NOTICE

pytestmark = pytest.mark.django_db
# The city's own 市级公示 for what 中牟县 forwarded, after the county's notices ended (4/15).
CITY_START, CITY_END = date(2024, 4, 22), date(2024, 4, 26)
AFTER_CITY_NOTICE = "2024-04-29T09:00:00+08:00"


def evidence(notice: Notice, actor: User, kind: str = EvidenceKind.NEAR) -> NoticeEvidence:
    return upload_evidence(
        notice, kind=kind, data=encode(picture(), "PNG"), actor=actor, role="reviewer"
    )


@pytest.fixture
def county_notices(
    county: Campaign, town: Unit, town_clerk: User, county_staff: User
) -> dict[str, Notice]:
    """城关镇总工会's round done: its own notice and 中牟县总工会's 县级公示 published, each with a
    photo of the board."""
    run_round(county, town, town_clerk)
    with time_machine.travel("2024-03-22T09:00:00+08:00", tick=False):
        unit = publish_level(county, "unit", town, county_staff)
        top = publish_level(county, "city", None, county_staff)
    evidence(unit, county_staff)
    evidence(top, county_staff, EvidenceKind.SCREENSHOT)
    evidence(top, county_staff, EvidenceKind.FAR)
    return {"unit": unit, "city": top}


@pytest.fixture
def forwarded(
    link: CampaignLink, county_notices: dict[str, Notice], county_staff: User
) -> list[Nomination]:
    forward_picks(link, actor=county_staff, role=Role.CLERK, today=AFTER_COUNTY_NOTICE)
    return list(Nomination.objects.filter(campaign=link.parent, unit=link.unit))


def city_notice(campaign: Campaign, actor: User) -> Notice:
    data = notice_input(None, level="city", start=CITY_START, end=CITY_END)
    return create_notice(campaign, data, actor=actor, role="reviewer")


# ── what goes up ────────────────────────────────────────────────────────────────────────────


def test_the_unit_and_county_notices_go_up_as_the_city_unit_and_county_levels(
    link: CampaignLink, county_notices: dict[str, Notice], town: Unit, forwarded: list[Nomination]
):
    source = medals(town)[0]
    target = Forwarding.objects.get(source=source).nomination

    carried = list(target.carried_notices.order_by("start"))

    assert [(c.level, c.source_level, c.publisher) for c in carried] == [
        ("unit", "所在单位公示", "城关镇总工会"),
        ("county", "县级公示", "中牟县总工会"),
    ]
    assert [(c.start, c.end) for c in carried] == [
        (county_notices["unit"].start, county_notices["unit"].end),
        (county_notices["city"].start, county_notices["city"].end),
    ]
    row = county_notices["city"].rows.get(nomination=source)
    assert carried[1].fields == row.fields
    assert carried[1].source == county_notices["city"]


def test_the_evidence_goes_up_re_encoded_as_the_city_own_files(
    county_notices: dict[str, Notice], town: Unit, forwarded: list[Nomination]
):
    target = Forwarding.objects.get(source=medals(town)[0]).nomination
    originals = {e.stored_name for e in NoticeEvidence.objects.all()}

    copies = list(CarriedEvidence.objects.filter(carried__nomination=target))

    assert sorted(c.kind for c in copies) == sorted(
        [EvidenceKind.NEAR, EvidenceKind.SCREENSHOT, EvidenceKind.FAR]
    )
    for copy in copies:
        assert copy.stored_name not in originals
        with default_storage.open(copy.path, "rb") as handle:
            assert handle.read()[:2] == b"\xff\xd8"


def test_the_forward_is_audited_with_what_it_carried(
    county_notices: dict[str, Notice], town: Unit, forwarded: list[Nomination]
):

    target = Forwarding.objects.get(source=medals(town)[0]).nomination
    event = AuditEvent.objects.get(action="nomination.forward", object_id=str(target.pk))

    assert (event.changes["下级公示"], event.changes["公示留证图片"]) == ([None, 2], [None, 3])


def test_what_the_city_holds_does_not_follow_later_changes_in_the_county(
    county_notices: dict[str, Notice], town: Unit, forwarded: list[Nomination], county_staff: User
):
    target = Forwarding.objects.get(source=medals(town)[0]).nomination
    before = list(target.carried_notices.values_list("title", "start", "end", "fields"))
    images = CarriedEvidence.objects.filter(carried__nomination=target).count()
    top = county_notices["city"]

    with time_machine.travel("2024-04-17T09:00:00+08:00", tick=False):
        correction = start_correction(
            top,
            note="更正职务",
            start=date(2024, 4, 17),
            end=date(2024, 4, 23),
            actor=county_staff,
            role="reviewer",
        )
        publish(correction, actor=county_staff, role="reviewer")
        withdraw(top, reason="发布有误", actor=county_staff, role="reviewer")
    evidence(correction, county_staff)

    assert list(target.carried_notices.values_list("title", "start", "end", "fields")) == before
    assert CarriedEvidence.objects.filter(carried__nomination=target).count() == images


# ── the city's gates ────────────────────────────────────────────────────────────────────────


def test_the_city_notice_needs_no_county_notice_of_its_own(
    campaign: Campaign, link: CampaignLink, forwarded: list[Nomination]
):
    reviewer = make_persona(campaign, "reviewer")
    pass_unit(campaign, link.unit, reviewer)
    notice = city_notice(campaign, reviewer)

    assert publication_problem(notice) is None
    publish(notice, actor=reviewer, role="reviewer")
    assert notice.rows.count() == len(forwarded)


def test_without_the_carried_county_notice_the_city_notice_waits(
    campaign: Campaign, link: CampaignLink, forwarded: list[Nomination]
):
    reviewer = make_persona(campaign, "reviewer")
    pass_unit(campaign, link.unit, reviewer)
    CarriedNotice.objects.filter(nomination=forwarded[0], level="county").delete()

    problem = publication_problem(city_notice(campaign, reviewer))

    assert problem is not None
    assert problem.startswith("以下推荐对象还没有完成县级公示：")


def test_a_city_notice_starting_before_the_county_notice_ended_is_refused(
    campaign: Campaign, link: CampaignLink, forwarded: list[Nomination]
):
    reviewer = make_persona(campaign, "reviewer")
    pass_unit(campaign, link.unit, reviewer)
    data = notice_input(None, level="city", start=date(2024, 4, 15), end=date(2024, 4, 19))
    notice = create_notice(campaign, data, actor=reviewer, role="reviewer")

    assert "还没有完成县级公示" in (publication_problem(notice) or "")


def test_the_second_review_accepts_the_carried_notices(
    campaign: Campaign, link: CampaignLink, forwarded: list[Nomination]
):
    reviewer = make_persona(campaign, "reviewer")
    pass_unit(campaign, link.unit, reviewer)
    notice = publish(city_notice(campaign, reviewer), actor=reviewer, role="reviewer")
    evidence(notice, reviewer)
    nomination = Nomination.objects.get(pk=forwarded[0].pk)

    with time_machine.travel(AFTER_CITY_NOTICE, tick=False):
        assert release_problem(nomination, passing=False) == ""
        lines = [line for unit in second_review(campaign) for line in unit.lines]

    line = next(line for line in lines if line.nomination.pk == nomination.pk)
    assert [(c.label, c.done) for c in line.notices] == [
        ("所在单位公示", True),
        ("县级公示", True),
        ("市级公示", True),
    ]
    assert line.notices[1].detail == "04-09至04-15，中牟县总工会的县级公示（下级报送）"


def test_the_second_review_waits_for_the_city_notice_still(
    campaign: Campaign, link: CampaignLink, forwarded: list[Nomination]
):
    nomination = Nomination.objects.get(pk=forwarded[0].pk)

    with time_machine.travel(AFTER_CITY_NOTICE, tick=False):
        problem = release_problem(nomination, passing=False)

    assert "的市级公示尚未结束" in problem


def test_a_carried_notice_counts_only_once_it_has_ended(forwarded: list[Nomination]) -> None:
    """For every day around its end, a carried notice counts for its level exactly when it ended
    before that day, as the campaign's own notices do; it never counts for another level."""
    ids = [n.pk for n in forwarded]
    end = date(2024, 4, 15)
    for offset in range(-12, 13):
        day = end + timedelta(days=offset)

        assert (noticed_before("county", ids, day) == set(ids)) is (end < day), day
        assert noticed_before("city", ids, day) == set()


# ── the city's review page and the images ───────────────────────────────────────────────────


def test_the_city_reviewer_sees_the_carried_notices_and_their_images(
    campaign: Campaign, link: CampaignLink, town: Unit, forwarded: list[Nomination]
):
    reviewer = signed_in(make_persona(campaign, "reviewer"))
    target = Forwarding.objects.get(source=medals(town)[0]).nomination
    image = CarriedEvidence.objects.filter(carried__nomination=target).first()
    assert image is not None

    page = reviewer.get(f"/office/zhengzhou-2024/review/units/{link.unit.pk}/")
    full = reviewer.get(f"/office/zhengzhou-2024/review/carried/{image.pk}/image.jpg")
    thumb = reviewer.get(f"/office/zhengzhou-2024/review/carried/{image.pk}/image.jpg?size=thumb")

    text = page.content.decode()
    assert "下级所在单位公示“城关镇总工会2024年五一劳动奖推荐对象所在单位公示”" in text
    assert "（中牟县总工会发布，2024-04-09 至 2024-04-15），作为本活动的县级公示" in text
    assert f"/office/zhengzhou-2024/review/carried/{image.pk}/image.jpg?size=thumb" in text
    assert (full.status_code, full["Content-Type"]) == (200, "image/jpeg")
    assert b"".join(full.streaming_content)[:2] == b"\xff\xd8"  # type: ignore[attr-defined]
    assert (thumb.status_code, thumb["Content-Type"]) == (200, "image/jpeg")


def test_the_carried_images_are_a_404_to_anyone_else(
    campaign: Campaign, link: CampaignLink, forwarded: list[Nomination], county_staff: User
):
    image = CarriedEvidence.objects.first()
    assert image is not None
    other_clerk = make_persona(campaign, "clerk_a")
    county_reviewer = member("county_reviewer", link.child, Role.REVIEWER)
    path = f"/review/carried/{image.pk}/image.jpg"

    # 中牟县's own staff: the county's office, and the clerk of 中牟县 in the city campaign.
    assert signed_in(county_staff).get(f"/office/zhengzhou-2024{path}").status_code == 404
    assert signed_in(county_staff).get(f"/office/zhongmu-2024{path}").status_code == 404
    assert signed_in(county_reviewer).get(f"/office/zhongmu-2024{path}").status_code == 404
    assert signed_in(other_clerk).get(f"/office/zhengzhou-2024{path}").status_code == 404
    anonymous = Client().get(f"/office/zhengzhou-2024{path}")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_second_review_page_shows_the_carried_notices(
    campaign: Campaign, link: CampaignLink, forwarded: list[Nomination]
):
    reviewer = make_persona(campaign, "reviewer")
    pass_unit(campaign, link.unit, reviewer)

    page = signed_in(reviewer).get("/office/zhengzhou-2024/second-review/").content.decode()

    assert "✓ 县级公示（04-09至04-15，中牟县总工会的县级公示（下级报送））" in page
    assert page.count("data-carried-notice") == 2 * len(forwarded)
    assert "/office/zhengzhou-2024/review/carried/" in page


def test_a_carried_notice_goes_up_again_with_the_next_forward(
    campaign: Campaign, town: Unit, forwarded: list[Nomination], county_staff: User
):
    """One level further (the city's picks forwarded to a province): a level where the city has
    no notice of its own carries the county's notice it holds, photos re-encoded again."""
    held = Forwarding.objects.get(source=medals(town)[0]).nomination
    other = Unit.objects.get(campaign=campaign, name=UNIT_A)
    fill_unit(campaign, other, make_persona(campaign, "clerk_a"))
    upper = Nomination.objects.filter(campaign=campaign, unit=other).first()
    assert upper is not None

    counts = carry_notices(
        held, upper, {"unit": "unit"}, campaign_spec(campaign), actor=county_staff
    )

    again = upper.carried_notices.get()
    first = held.carried_notices.get(level="unit")
    assert counts == (1, 1)
    assert (again.title, again.publisher, again.fields) == (
        first.title,
        first.publisher,
        first.fields,
    )
    copied = again.evidence.get()
    assert copied.stored_name != first.evidence.get().stored_name
