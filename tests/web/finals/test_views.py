"""The 最终名单 page: releasing and correcting through it, the form keeping what was typed, and
the release, its history and its documents answering 404 to a unit's people and for another
campaign's list."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.finals.domain.content import current_list
from pingxuan.web.finals.models import FinalList, FinalListRow
from tests.web.finals.helpers import BADGE, ISSUED, approved, listed, release, revoke_by_complaint
from tests.web.helpers import EditedSpec
from tests.web.personas import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return approved(campaign)


def page_url(campaign: Campaign) -> str:
    return reverse("office:final_list", kwargs={"slug": campaign.slug})


def release_url(campaign: Campaign) -> str:
    return reverse("office:final_release", kwargs={"slug": campaign.slug})


def test_the_office_releases_the_previewed_list_from_the_page(
    campaign: Campaign, reviewer: User
) -> None:
    client = signed_in(reviewer)
    before = client.get(page_url(campaign))
    assert "草稿（未发布）" in before.content.decode()

    response = client.post(
        release_url(campaign),
        {"number": "郑工〔2024〕8号", "issued_on": "2024-04-28", "shown": before.context["digest"]},
    )

    assert (response.status_code, response["Location"]) == (302, page_url(campaign))
    final = current_list(campaign)
    assert final is not None and (final.number, final.issued_on) == ("郑工〔2024〕8号", ISSUED)
    after = client.get(page_url(campaign))
    text = after.content.decode()
    assert "已发布" in text and "郑工〔2024〕8号" in text
    assert "发布后有变化" not in text
    assert after.context["count"] == sum(
        len(item["rows"]) + len(item["special"]) for item in after.context["lists"]
    )


def test_after_a_revocation_the_page_keeps_the_list_shows_the_change_and_corrects_it(
    campaign: Campaign, reviewer: User
) -> None:
    original = release(campaign, reviewer)
    client = signed_in(reviewer)
    shown_before = [row.pk for item in client.get(page_url(campaign)).context["lists"]
                    for row in item["rows"]]  # fmt: skip
    revoked = next(n for n in listed(campaign) if n.award == BADGE)
    revoke_by_complaint(revoked, reviewer)

    page = client.get(page_url(campaign))

    text = page.content.decode()
    assert "发布后有变化" in text
    assert f"不再列入：{revoked.display_name}（{BADGE}）" in text
    assert [row.pk for item in page.context["lists"] for row in item["rows"]] == shown_before
    response = client.post(
        release_url(campaign),
        {
            "number": "郑工〔2024〕9号",
            "issued_on": "2024-05-06",
            "reason": "举报属实，撤销资格",
            "shown": page.context["digest"],
            "based_on": str(original.pk),
        },
    )
    assert response.status_code == 302
    correction = current_list(campaign)
    assert correction is not None and correction.corrects == original
    earlier = client.get(
        reverse("office:final_released", kwargs={"slug": campaign.slug, "pk": original.pk})
    ).content.decode()
    assert "本名单已于 2024-05-06 更正" in earlier and "郑工〔2024〕9号" in earlier
    assert revoked.display_name in earlier  # the original stays as it was released


def test_a_refused_form_keeps_what_was_typed(campaign: Campaign, reviewer: User) -> None:
    client = signed_in(reviewer)
    digest = client.get(page_url(campaign)).context["digest"]
    typed = "郑工" + "〔2024〕" * 10

    response = client.post(
        release_url(campaign), {"number": typed, "issued_on": "2024-13-01", "shown": digest}
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert f'value="{typed}"' in text
    assert 'value="2024-13-01"' in text
    assert "“文号”共62字，超过上限50字，请删减到50字以内。" in text
    assert "印发日期请按 2024-04-28 的格式填写。" in text
    assert FinalList.objects.count() == 0


def test_a_stale_preview_is_refused_on_the_page_in_chinese(
    campaign: Campaign, reviewer: User
) -> None:
    client = signed_in(reviewer)
    digest = client.get(page_url(campaign)).context["digest"]
    revoke_by_complaint(next(n for n in listed(campaign) if n.award == BADGE), reviewer)

    response = client.post(
        release_url(campaign),
        {"number": "郑工〔2024〕8号", "issued_on": "2024-04-28", "shown": digest},
    )

    assert response.status_code == 409
    assert "名单在预览之后有变化，请核对重新预览的名单后再发布。" in response.content.decode()
    assert 'value="郑工〔2024〕8号"' in response.content.decode()


@pytest.mark.parametrize("persona", ["clerk_a", "clerk_b"])
def test_a_units_people_are_told_the_final_list_does_not_exist(
    campaign: Campaign, reviewer: User, persona: str
) -> None:
    final = release(campaign, reviewer)
    client = signed_in(User.objects.get(username=persona))
    kwargs = {"slug": campaign.slug, "pk": final.pk}

    answers = [
        client.get(page_url(campaign)).status_code,
        client.post(release_url(campaign), {"number": "x", "issued_on": "2024-04-28"}).status_code,
        client.get(reverse("office:final_released", kwargs=kwargs)).status_code,
        client.post(
            reverse("office:document_final_list_released", kwargs=kwargs), {"format": "pdf"}
        ).status_code,
    ]

    assert answers == [404, 404, 404, 404]
    assert FinalList.objects.count() == 1


def test_another_campaigns_list_is_not_found(
    campaign: Campaign, reviewer: User, edited_spec: EditedSpec
) -> None:
    other = load_campaign_file(
        edited_spec(('id = "zhengzhou-2024"', 'id = "other-2024"'), name="other.toml")
    )
    foreign = FinalList.objects.create(
        campaign=other,
        number="郑工〔2024〕1号",
        issued_on=ISSUED,
        title="最终名单",
        name_order="姓氏笔画",
        awards=[],
        decision={"title": "", "paragraphs": [], "issuer": "", "sections": []},
    )
    client = signed_in(reviewer)
    kwargs = {"slug": campaign.slug, "pk": foreign.pk}

    answers = [
        client.get(reverse("office:final_released", kwargs=kwargs)).status_code,
        client.post(
            reverse("office:document_final_list_released", kwargs=kwargs), {"format": "pdf"}
        ).status_code,
        client.post(
            reverse("office:document_decision_released", kwargs=kwargs), {"format": "pdf"}
        ).status_code,
    ]

    assert answers == [404, 404, 404]


def test_the_pages_of_a_released_list_ask_the_database_a_fixed_number_of_times(
    campaign: Campaign, reviewer: User
) -> None:
    """No query per row: a list of 3 rows and one of every nomination cost the same."""
    final = release(campaign, reviewer)
    client = signed_in(reviewer)
    urls = [
        page_url(campaign),
        reverse("office:final_released", kwargs={"slug": campaign.slug, "pk": final.pk}),
    ]

    def counted() -> list[int]:
        counts = []
        for url in urls:
            client.get(url)  # warm: the per-process caches are not what is counted
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    rows = list(final.rows.order_by("position"))
    final.rows.filter(position__gt=3).delete()
    few = counted()
    FinalListRow.objects.bulk_create(row for row in rows if row.position > 3)
    many = counted()

    assert final.rows.count() > 3
    assert many == few
