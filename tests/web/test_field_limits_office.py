"""Field limits on the office's forms (issue 11): a decision's reason, a return, a department's
opinion, a complaint's conclusion, a notice's title and channels, a correction, a withdrawal and
a calendar note are refused over their limit with the count and the limit named, and the page
shows what was typed again; the search ``?q=`` is cut to its limit, never refused."""

from __future__ import annotations

import html

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.complaints.enums import ComplaintState
from pingxuan.web.notices.domain.notices import create_notice
from pingxuan.web.notices.models import Notice
from pingxuan.web.opinions.domain.board import nomination_row
from pingxuan.web.review.models import Decision
from tests.web.complaints.helpers import a_complaint
from tests.web.matrix.common import published_as_arranged
from tests.web.nominations.helpers import fill_unit
from tests.web.notices.helpers import notice_input
from tests.web.opinions.helpers import pass_unit
from tests.web.personas import UNIT_A, make_persona, signed_in
from tests.web.review.conftest import DURING_REVIEW, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


@pytest.fixture
def office(reviewer: User) -> Client:
    return signed_in(reviewer)


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    unit = campaign.units.get(name=UNIT_A)
    fill_unit(campaign, unit, make_persona(campaign, "clerk_a"))
    return unit


@pytest.fixture
def submitted(campaign: Campaign, unit_a: Unit) -> Unit:
    with time_machine.travel(DURING_REVIEW, tick=False):
        submit(campaign, unit_a, make_persona(campaign, "approver_a"))
    return unit_a


def page_of(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def refused(label: str, count: int, limit: int) -> str:
    return f"“{label}”共{count}字，超过上限{limit}字，请删减到{limit}字以内。"


# ── 初审 and 复审 ─────────────────────────────────────────────────────────────────────────────


def test_a_decisions_reason_over_its_limit_is_refused_and_kept(
    campaign: Campaign, submitted: Unit, office: Client
) -> None:
    nomination = submitted.nominations.order_by("seq").first()
    assert nomination is not None
    reason = "理" * 1001

    response = office.post(
        f"/office/{campaign.slug}/review/units/{submitted.pk}/decide/",
        {"nomination": nomination.pk, "outcome": "fail", "reason": reason},
    )

    page = page_of(response)
    assert response.status_code == 400
    assert refused("理由", 1001, 1000) in page
    assert f">{reason}</textarea>" in page
    assert not Decision.objects.filter(nomination=nomination).exists()


def test_a_return_note_over_its_limit_is_refused_and_kept(
    campaign: Campaign, submitted: Unit, office: Client
) -> None:
    note = "退" * 2001

    with time_machine.travel(DURING_REVIEW, tick=False):
        response = office.post(
            f"/office/{campaign.slug}/review/units/{submitted.pk}/return/", {"note": note}
        )

    page = page_of(response)
    assert response.status_code == 400
    assert refused("退回原因", 2001, 2000) in page
    assert f">{note}</textarea>" in page
    assert submitted.submissions.get().state == "submitted"


def test_a_second_review_reason_over_its_limit_is_refused_and_kept(
    campaign: Campaign, unit_a: Unit, reviewer: User, office: Client
) -> None:
    nomination = pass_unit(campaign, unit_a, reviewer)[0]
    reason = "理" * 1001

    response = office.post(
        f"/office/{campaign.slug}/second-review/decide/",
        {"nomination": nomination.pk, "outcome": "fail", "reason": reason},
    )

    page = page_of(response)
    assert response.status_code == 400
    assert refused("理由", 1001, 1000) in page
    assert f">{reason}</textarea>" in page


# ── opinions and complaints ─────────────────────────────────────────────────────────────────


def test_an_opinion_note_over_its_limit_is_refused_and_kept(
    campaign: Campaign, unit_a: Unit, reviewer: User, office: Client
) -> None:
    nomination = next(n for n in pass_unit(campaign, unit_a, reviewer) if nomination_row(n).cells)
    department = nomination_row(nomination).cells[0].department
    note = "意" * 2001

    response = office.post(
        f"/office/{campaign.slug}/opinions/{nomination.pk}/",
        {"action": "answer", "department": department, "state": "objected", "note": note},
    )

    page = page_of(response)
    assert response.status_code == 400
    assert refused("意见说明", 2001, 2000) in page
    assert f">{note}</textarea>" in page
    assert not nomination.opinions.exclude(state="requested").exists()


def test_a_complaints_conclusion_over_its_limit_is_refused_and_kept(
    campaign: Campaign, office: Client
) -> None:
    complaint = a_complaint(campaign)
    note = "结" * 2001

    response = office.post(
        f"/office/{campaign.slug}/complaints/{complaint.pk}/",
        {"action": "close", "outcome": "unsubstantiated", "note": note},
    )

    page = page_of(response)
    assert response.status_code == 400
    assert refused("结论说明", 2001, 2000) in page
    assert f">{note}</textarea>" in page
    complaint.refresh_from_db()
    assert complaint.state != ComplaintState.CLOSED


def test_a_long_search_is_cut_to_its_limit(campaign: Campaign, office: Client) -> None:
    complaint = a_complaint(campaign)

    response = office.get(
        f"/office/{campaign.slug}/complaints/{complaint.pk}/", {"q": "张" * 10_000}
    )

    assert response.status_code == 200
    assert f'value="{"张" * 50}"' in page_of(response)
    assert "张" * 51 not in page_of(response)


# ── notices and the calendar ────────────────────────────────────────────────────────────────


def notice_post(**overrides: str) -> dict[str, str]:
    return {
        "level": "unit",
        "title": "2024年五一劳动奖推荐对象公示",
        "start": "2024-03-25",
        "end": "2024-03-29",
        "contact_person": "王老师",
        "contact_phone": "0371-67654321",
        "channel_phone": "0371-12345678",
        **overrides,
    }


def test_a_notice_title_and_channel_over_their_limits_are_refused_and_kept(
    campaign: Campaign, unit_a: Unit, office: Client
) -> None:
    title, channel = "公" * 201, "说" * 501

    response = office.post(
        f"/office/{campaign.slug}/notices/",
        notice_post(unit=str(unit_a.pk), title=title, channel_text=channel),
    )

    page = page_of(response)
    assert refused("标题", 201, 200) in page
    assert refused("其他说明", 501, 500) in page
    assert f'value="{title}"' in page
    assert f"{channel}</textarea>" in page
    assert not Notice.objects.exists()


@pytest.fixture
def published(campaign: Campaign, unit_a: Unit, reviewer: User) -> Notice:
    notice = create_notice(campaign, notice_input(unit_a, level="unit"), actor=reviewer, role="r")
    return published_as_arranged(notice)


def test_a_correction_note_over_its_limit_is_refused_and_kept(
    campaign: Campaign, published: Notice, office: Client
) -> None:
    note = "更" * 1001

    response = office.post(
        f"/office/{campaign.slug}/notices/{published.pk}/",
        {"action": "correct", "note": note, "start": "2024-04-01", "end": "2024-04-05"},
    )

    page = page_of(response)
    assert refused("更正说明", 1001, 1000) in page
    assert f"{note}</textarea>" in page
    assert not published.corrections.exists()


def test_a_withdrawal_reason_over_its_limit_is_refused_and_kept(
    campaign: Campaign, published: Notice, office: Client
) -> None:
    reason = "撤" * 201

    response = office.post(
        f"/office/{campaign.slug}/notices/{published.pk}/",
        {"action": "withdraw", "reason": reason},
    )

    page = page_of(response)
    assert refused("撤下原因", 201, 200) in page
    assert f'value="{reason}"' in page
    published.refresh_from_db()
    assert published.is_published


def test_a_calendar_note_over_its_limit_is_refused_and_kept(
    campaign: Campaign, office: Client
) -> None:
    admin = signed_in(make_persona(campaign, "admin"))
    note = "假" * 201

    response = admin.post(
        f"/office/{campaign.slug}/notices/calendar/",
        {"action": "day", "date": "2024-05-01", "is_working_day": "0", "note": note},
    )

    page = page_of(response)
    assert refused("说明", 201, 200) in page
    assert f'value="{note}"' in page
