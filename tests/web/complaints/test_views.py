"""The public complaint form (Chinese messages, what was typed kept, the reference on the thank-you
page) and the office register (link, investigate, close with the outcome)."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.complaints.domain import link_nomination
from pingxuan.web.complaints.enums import ComplainantKind, ComplaintState, Outcome
from pingxuan.web.complaints.models import Complaint
from pingxuan.web.nominations.enums import Kind, Standing
from pingxuan.web.nominations.models import Nomination
from tests.web.complaints.helpers import CONTENT, a_complaint
from tests.web.helpers import EditedSpec
from tests.web.nominations.helpers import fill_unit
from tests.web.opinions.helpers import filled_unit, pass_unit
from tests.web.personas import make_persona, signed_in

pytestmark = pytest.mark.django_db

PERSON = {
    "kind": ComplainantKind.PERSON,
    "person_name": "李实名",
    "contact": "郑州市金水路1号",
    "about": "某单位 张三",
    "content": CONTENT,
}


def form_url(campaign: Campaign) -> str:
    return reverse("public:complaint_new", kwargs={"slug": campaign.slug})


# ── the public form ─────────────────────────────────────────────────────────────────────────


def test_form_needs_no_login_and_carries_no_script(campaign: Campaign) -> None:
    response = Client().get(form_url(campaign))

    assert response.status_code == 200
    assert "<script" not in response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_form_is_protected_by_csrf(campaign: Campaign) -> None:
    response = Client(enforce_csrf_checks=True).post(form_url(campaign), PERSON)

    assert response.status_code == 403
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"person_name": ""}, "以个人名义举报，请填写真实姓名。"),
        ({"kind": ComplainantKind.UNIT}, "以单位名义举报，请填写单位名称。"),
        ({"contact": ""}, "请填写联系方式（电话或通讯地址），以便核实情况。"),
        ({"about": ""}, "请填写被举报的推荐对象（姓名或单位名称）。"),
        ({"content": "有问题"}, "举报内容至少20个字，请写明具体事实，以便核查。"),
        ({"kind": ""}, "请选择以个人还是以单位名义举报。"),
    ],
)
def test_form_says_what_is_missing_and_keeps_what_was_typed(
    campaign: Campaign, changes: dict[str, str], message: str
) -> None:
    response = Client().post(form_url(campaign), {**PERSON, **changes})

    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    kept = [v for k, v in PERSON.items() if k not in changes and k != "kind"]
    assert [v for v in kept if v not in body] == []
    assert not Complaint.objects.exists()


def test_unit_complaint_names_the_unit(campaign: Campaign) -> None:
    data = {**PERSON, "kind": ComplainantKind.UNIT, "person_name": "", "unit_name": "某公司"}
    Client().post(form_url(campaign), data)

    assert Complaint.objects.get().name == "某公司"


def test_filed_complaint_shows_its_reference(
    campaign: Campaign, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    with caplog.at_level(logging.DEBUG):
        response = client.post(form_url(campaign), PERSON, follow=True)

    complaint = Complaint.objects.get()
    assert (complaint.name, complaint.contact, complaint.state) == (
        "李实名",
        "郑州市金水路1号",
        ComplaintState.RECEIVED,
    )
    body = response.content.decode()
    assert complaint.reference in body
    assert "接下来" in body
    assert complaint.reference not in response.redirect_chain[0][0]  # not in the address
    assert "李实名" not in caplog.text and "金水路" not in caplog.text


def test_thank_you_page_of_another_session_goes_back_to_the_form(campaign: Campaign) -> None:
    Client().post(form_url(campaign), PERSON)
    url = reverse("public:complaint_done", kwargs={"slug": campaign.slug})

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == form_url(campaign)


# ── the office register ─────────────────────────────────────────────────────────────────────


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


@pytest.fixture
def nomination(campaign: Campaign, reviewer: User) -> Nomination:
    unit = filled_unit(campaign, make_persona(campaign, "clerk_a"))
    passed = pass_unit(campaign, unit, reviewer)
    return next(n for n in passed if n.award == "五一劳动奖章" and n.kind == Kind.COMPREHENSIVE)


def detail_url(complaint: Complaint) -> str:
    return reverse("office:complaint", kwargs={"slug": complaint.campaign.slug, "pk": complaint.pk})


def test_register_lists_complaints_with_states(campaign: Campaign, reviewer: User) -> None:
    complaint = a_complaint(campaign)
    client = signed_in(reviewer)
    url = reverse("office:complaints", kwargs={"slug": campaign.slug})

    body = client.get(url).content.decode()
    assert complaint.reference in body and "王实名" in body
    assert complaint.reference not in client.get(url, {"state": "closed"}).content.decode()


def test_search_link_investigate_and_substantiate(nomination: Nomination, reviewer: User) -> None:
    complaint = a_complaint(nomination.campaign)
    client = signed_in(reviewer)
    url = detail_url(complaint)

    found = client.get(url, {"q": nomination.display_name})
    assert nomination in found.context["candidates"]
    client.post(url, {"action": "link", "nomination": nomination.pk})
    client.post(url, {"action": "investigate"})
    response = client.post(
        url, {"action": "close", "outcome": Outcome.SUBSTANTIATED, "note": "隐瞒身份属实"}
    )

    assert response.status_code == 302
    complaint.refresh_from_db()
    nomination.refresh_from_db()
    assert (complaint.state, complaint.outcome) == (ComplaintState.CLOSED, Outcome.SUBSTANTIATED)
    assert (nomination.standing, nomination.standing_reason) == (Standing.REVOKED, "隐瞒身份属实")
    assert "撤销理由：隐瞒身份属实" in client.get(url).content.decode()


def test_close_without_note_is_refused_and_keeps_the_choice(
    nomination: Nomination, reviewer: User
) -> None:
    complaint = a_complaint(nomination.campaign)
    response = signed_in(reviewer).post(
        detail_url(complaint), {"action": "close", "outcome": Outcome.SUBSTANTIATED, "note": ""}
    )

    assert response.status_code == 400
    assert "请选择调查结论，并写明结论说明" in response.content.decode()
    assert 'value="substantiated" checked' in response.content.decode()


def test_linking_another_campaigns_nomination_is_not_found(
    campaign: Campaign, edited_spec: EditedSpec, reviewer: User
) -> None:
    other = load_campaign_file(
        edited_spec(('id = "zhengzhou-2024"', 'id = "other-2024"'), name="other.toml")
    )
    clerk = make_persona(campaign, "clerk_a")
    fill_unit(other, Unit.objects.get(campaign=other, name="郑东新区"), clerk)
    foreign = Nomination.objects.filter(campaign=other).first()
    complaint = a_complaint(campaign)

    response = signed_in(reviewer).post(
        detail_url(complaint), {"action": "link", "nomination": foreign.pk}
    )

    assert response.status_code == 404
    complaint.refresh_from_db()
    assert list(complaint.nominations.all()) == []


def test_another_campaigns_complaint_is_not_found(
    campaign: Campaign, edited_spec: EditedSpec, reviewer: User
) -> None:
    other = load_campaign_file(
        edited_spec(('id = "zhengzhou-2024"', 'id = "other-2024"'), name="other.toml")
    )
    foreign = a_complaint(other)
    url = reverse("office:complaint", kwargs={"slug": campaign.slug, "pk": foreign.pk})

    assert signed_in(reviewer).get(url).status_code == 404


def test_register_queries_do_not_grow_with_complaints(
    nomination: Nomination, reviewer: User
) -> None:
    client = signed_in(reviewer)
    url = reverse("office:complaints", kwargs={"slug": nomination.campaign.slug})
    link_nomination(a_complaint(nomination.campaign), nomination, actor=None, role="reviewer")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(5):
        link_nomination(a_complaint(nomination.campaign), nomination, actor=None, role="reviewer")
    with CaptureQueriesContext(connection) as six:
        client.get(url)

    assert len(six) == len(one)
