"""The 初审 pages of the office and what the unit then sees on its own page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.materials.domain import upload
from pingxuan.web.nominations.domain.submit import return_unit
from pingxuan.web.nominations.enums import Standing, SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from pingxuan.web.review.domain.decisions import prepare, preview, release
from pingxuan.web.review.enums import ReviewStage
from pingxuan.web.review.models import Decision
from tests.web.materials.test_images import encode, picture
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import make_persona, signed_in
from tests.web.review.conftest import comprehensive

pytestmark = pytest.mark.django_db


def url(name: str, campaign: Campaign, **kwargs: object) -> str:
    return reverse(f"office:{name}", kwargs={"slug": campaign.slug, **kwargs})


def test_units_page_lists_every_unit_with_its_state(
    campaign: Campaign, submitted: Unit, reviewer: User, django_assert_max_num_queries
) -> None:
    client = signed_in(reviewer)

    # A fixed number whatever the units: the list, and one run of the engine for the errors
    # (with the recorded 差额 rounds it reads).
    with django_assert_max_num_queries(17):
        response = client.get(url("review_units", campaign))

    body = response.content.decode()
    assert response.status_code == 200
    assert campaign.units.count() == body.count('<th scope="row">')
    assert "已报送初审" in body and submitted.name in body
    assert "还没有准备好的初审结论" in body
    assert '已报送 <span class="filter-count">1</span>' in body


def test_units_page_filters_by_state_and_errors(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    client = signed_in(reviewer)

    only_submitted = client.get(url("review_units", campaign), {"show": "submitted"})
    with_errors = client.get(url("review_units", campaign), {"show": "errors"})
    unknown = client.get(url("review_units", campaign), {"show": "<script>"})

    assert only_submitted.content.decode().count('<th scope="row">') == 1
    assert submitted.name in only_submitted.content.decode()
    assert "没有符合筛选条件的推荐单位" in with_errors.content.decode()  # a compliant unit
    assert unknown.status_code == 200
    assert unknown.content.decode().count('<th scope="row">') == campaign.units.count()


def test_unit_page_shows_masked_ids_only(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    medal = comprehensive(submitted)[0]

    body = signed_in(reviewer).get(url("review_unit", campaign, pk=submitted.pk)).content.decode()

    assert medal.display_name in body
    assert medal.cells["身份证号"] not in body
    assert "退回修改（仅此一次）" in body


def test_failing_without_reason_keeps_the_page_and_says_why(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    medal = comprehensive(submitted)[0]

    response = signed_in(reviewer).post(
        url("review_decide", campaign, pk=submitted.pk),
        {"nomination": medal.pk, "outcome": "fail", "reason": ""},
    )

    assert response.status_code == 409
    assert "不通过须写明理由" in response.content.decode()
    assert Decision.objects.count() == 0


def test_a_refused_decision_keeps_its_choice_and_reason_next_to_an_inline_error(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    medal = comprehensive(submitted)[0]
    too_long = "理" * 2001

    response = signed_in(reviewer).post(
        url("review_decide", campaign, pk=submitted.pk),
        {"nomination": medal.pk, "outcome": "fail", "reason": too_long},
    )

    body = response.content.decode()
    assert response.status_code == 400
    form = body.split(f'id="nomination-{medal.pk}"')[1].split("</form>")[0]
    assert 'value="fail" checked' in form
    assert f">{too_long}</textarea>" in form
    assert f'<span class="field-error" id="reason-{medal.pk}-error">' in form
    assert f'href="#nomination-{medal.pk}"' in body


def test_a_refused_second_decision_keeps_the_fail_choice(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    medal = comprehensive(submitted)[0]
    prepare(campaign, medal, ReviewStage.FIRST, "pass", "", actor=reviewer, role="reviewer")
    release(
        campaign,
        ReviewStage.FIRST,
        [d.decision_id for d in preview(campaign, ReviewStage.FIRST)],
        actor=reviewer,
        role="reviewer",
    )

    response = signed_in(reviewer).post(
        reverse("office:second_decide", kwargs={"slug": campaign.slug}),
        {"nomination": medal.pk, "outcome": "fail", "reason": ""},
    )

    form = response.content.decode().split(f'id="nomination-{medal.pk}"')[1].split("</form>")[0]
    assert response.status_code == 409
    assert 'value="fail" checked' in form
    assert "不通过须写明理由" in form


def test_a_nomination_of_another_unit_is_not_found(
    campaign: Campaign, submitted: Unit, unit_b: Unit, reviewer: User
) -> None:
    response = signed_in(reviewer).post(
        url("review_decide", campaign, pk=unit_b.pk),
        {"nomination": comprehensive(submitted)[0].pk, "outcome": "pass"},
    )
    assert response.status_code == 404


def test_reviewer_prepares_previews_and_releases_then_the_unit_sees_it(
    campaign: Campaign, submitted: Unit, reviewer: User, clerk_a: User
) -> None:
    client = signed_in(reviewer)
    failed, passed = comprehensive(submitted)[:2]
    for nomination, outcome, reason in (
        (failed, "fail", "荣誉证书与申报不符"),
        (passed, "pass", ""),
    ):
        response = client.post(
            url("review_decide", campaign, pk=submitted.pk),
            {"nomination": nomination.pk, "outcome": outcome, "reason": reason},
        )
        assert response.status_code == 302
    page = client.get(url("review_preview", campaign)).content.decode()
    assert "荣誉证书与申报不符" in page and "初审未通过" in page
    ids = [c.decision_id for c in preview(campaign, ReviewStage.FIRST)]

    response = client.post(url("review_preview", campaign), {"decision": ids}, follow=True)

    assert "已发布 2 项初审结论（通过 1，不通过 1）" in response.content.decode()
    failed.refresh_from_db()
    assert failed.standing == Standing.FAILED
    unit_page = signed_in(clerk_a).get(reverse("portal:unit", kwargs={"slug": campaign.slug}))
    body = unit_page.content.decode()
    assert "理由：荣誉证书与申报不符" in body
    assert f"五一劳动奖章“{failed.display_name}”初审未通过：荣誉证书与申报不符" in body


def test_release_of_a_stale_preview_is_refused(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    client = signed_in(reviewer)
    medal = comprehensive(submitted)[0]
    client.post(
        url("review_decide", campaign, pk=submitted.pk),
        {"nomination": medal.pk, "outcome": "pass"},
    )

    response = client.post(url("review_preview", campaign), {"decision": ["999999"]})

    assert response.status_code == 409
    assert "请核对新的预览" in response.content.decode()
    medal.refresh_from_db()
    assert medal.standing == Standing.NOMINATED


def test_return_from_the_unit_page_and_the_unit_reads_the_note(
    campaign: Campaign, submitted: Unit, reviewer: User, clerk_a: User
) -> None:
    client = signed_in(reviewer)

    response = client.post(
        url("review_return", campaign, pk=submitted.pk), {"note": "请补充职代会审议材料"}
    )

    assert response.status_code == 302
    assert Submission.objects.get(unit=submitted).state == SubmissionState.RETURNED
    page = client.get(url("review_unit", campaign, pk=submitted.pk)).content.decode()
    assert "该单位已退回过一次，初审期间只能退回一次。" in page
    body = signed_in(clerk_a).get(reverse("portal:unit", kwargs={"slug": campaign.slug})).content
    text = body.decode()
    assert "市总工会已退回：请补充职代会审议材料" in text
    assert "报送后不能再次退回" in text
    assert "初审材料报送截止" in text


def test_return_without_a_note_keeps_the_page(
    campaign: Campaign, submitted: Unit, reviewer: User
) -> None:
    response = signed_in(reviewer).post(
        url("review_return", campaign, pk=submitted.pk), {"note": ""}
    )

    assert response.status_code == 400
    assert "请写明退回原因" in response.content.decode()


def test_material_image_is_served_to_the_city_only_within_the_campaign(
    campaign: Campaign, unit_a: Unit, reviewer: User, clerk_a: User
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    medal = comprehensive(unit_a)[0]
    material = upload(
        campaign,
        unit_a,
        requirement="简表",
        nomination=medal,
        data=encode(picture(), "JPEG"),
        actor=clerk_a,
        role="clerk",
    )

    response = signed_in(reviewer).get(url("review_material", campaign, pk=material.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")  # a JPEG
    assert (
        signed_in(clerk_a).get(url("review_material", campaign, pk=material.pk)).status_code == 404
    )


def test_home_links_city_staff_to_the_office(campaign: Campaign, reviewer: User) -> None:
    make_persona(campaign, "admin")

    client = signed_in(reviewer)
    landed = client.get(reverse("portal:home"))
    body = client.get(landed["Location"]).content.decode()

    assert "进入总览" in body
    assert reverse("office:dashboard", kwargs={"slug": campaign.slug}) in body


def test_the_unit_sees_a_failed_nomination_read_only_even_when_returned(
    campaign: Campaign, submitted: Unit, reviewer: User, clerk_a: User
) -> None:
    failed = comprehensive(submitted)[0]
    decision = prepare(
        campaign, failed, ReviewStage.FIRST, "fail", "事迹不实", actor=reviewer, role="reviewer"
    )
    release(campaign, ReviewStage.FIRST, [decision.pk], actor=reviewer, role="reviewer")
    return_unit(campaign, submitted, note="请改正其他对象", actor=reviewer, role="reviewer")
    client = signed_in(clerk_a)
    kwargs = {"slug": campaign.slug, "pk": failed.pk}

    form = client.get(reverse("portal:nomination_edit", kwargs=kwargs)).content.decode()
    refused = client.post(reverse("portal:nomination_delete", kwargs=kwargs))

    assert "初审未通过：事迹不实。结论是最终的" in form
    assert "保存</button>" not in form
    assert "不能修改或删除" in refused.content.decode()
    assert Nomination.objects.filter(pk=failed.pk).exists()
