"""Published means frozen (issue 10): a published notice keeps its rows, their order and fields
whatever happens to the nominations afterwards; a correction is a new, linked notice; the public
page, the office page and the printed documents read the same rows in the same order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pingxuan.core.ordering import sort_nominations
from pingxuan.core.strokes import StrokeOrder
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.documents.interfaces.exports import notice_export
from pingxuan.web.nominations.domain.adapt import Adapter
from pingxuan.web.nominations.domain.standing import change_standing
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.content import Audience, correction_changes
from pingxuan.web.notices.domain.notices import (
    NoticeRefused,
    create_notice,
    delete_draft,
    notice_view,
    publish,
    start_correction,
)
from pingxuan.web.notices.models import Notice
from tests.web.documents.conftest import bare, pdf_text
from tests.web.notices.helpers import PERIODS, County, notice_input, publish_level, set_cell
from tests.web.personas import signed_in

pytestmark = pytest.mark.django_db

MEDAL = "五一劳动奖章"


def medal_names(notice: Notice, audience: Audience = Audience.INTERNAL) -> list[str]:
    tables = notice_view(notice, audience).tables
    return [row[0] for table in tables if table.award == MEDAL for row in table.rows]


def public_html(campaign: Campaign, notice: Notice) -> str:
    url = reverse("public:notice", kwargs={"slug": campaign.slug, "pk": notice.pk})
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def unit_notice(campaign: Campaign) -> Notice:
    return Notice.objects.get(campaign=campaign, level="unit")


def test_published_notice_keeps_its_rows_after_revocation_and_edits(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    notice = publish_level(campaign, "county", county.unit, reviewer)
    before = notice_view(notice).tables
    revoked, edited = county.others[:2]
    change_standing(
        revoked, Standing.REVOKED, reason="举报属实", actor=reviewer, role="r", action="t"
    )
    set_cell(edited, "职务", "改过的职务")

    assert notice_view(notice).tables == before
    assert str(revoked.cells["姓名"]) in public_html(campaign, notice)
    assert "改过的职务" not in public_html(campaign, notice)


def test_sensitive_flag_after_publication_hides_the_row_from_the_public_only(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    notice = unit_notice(campaign)
    later = county.others[0]
    set_cell(later, "涉敏", "是")

    name = str(later.cells["姓名"])
    assert name in medal_names(notice, Audience.INTERNAL)
    assert name not in medal_names(notice, Audience.PUBLIC)
    assert name not in public_html(campaign, notice)


def test_notice_rows_are_in_stroke_order_on_every_rendering(
    campaign: Campaign, county: County, reviewer: User, tmp_path: Path
) -> None:
    notice = publish_level(campaign, "county", county.unit, reviewer)
    spec = campaign_spec(campaign)
    medals = Nomination.objects.filter(pk__in=[n.pk for n in county.others])
    cores = sort_nominations(Adapter(spec).many(medals), StrokeOrder(spec.documents.name_order))
    expected = [str(core.facts["姓名"]) for core in cores]

    html = public_html(campaign, notice)
    on_page = sorted(expected, key=html.index)
    text = bare(pdf_text(notice_export(notice, "pdf").content, tmp_path, "notice"))
    in_pdf = sorted(expected, key=text.index)

    assert (medal_names(notice), on_page, in_pdf) == (expected, expected, expected)


def test_published_notice_cannot_be_deleted_a_draft_can(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    draft = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")
    published = unit_notice(campaign)

    with pytest.raises(NoticeRefused):
        delete_draft(published, actor=reviewer, role="reviewer")
    delete_draft(draft, actor=reviewer, role="reviewer")

    assert list(Notice.objects.filter(campaign=campaign)) == [published]


def test_correction_lists_the_changes_and_the_original_stays(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    original = publish_level(campaign, "county", county.unit, reviewer)
    revoked = county.others[0]
    change_standing(
        revoked, Standing.REVOKED, reason="举报属实", actor=reviewer, role="r", action="t"
    )
    start, end = PERIODS["city"]
    correction = start_correction(
        original, note="一名推荐对象经查被撤销", start=start, end=end, actor=reviewer, role="r"
    )
    publish(correction, actor=reviewer, role="reviewer")

    name = str(revoked.cells["姓名"])
    assert correction_changes(correction, Audience.PUBLIC) == [f"不再公示：{name}（{MEDAL}）"]
    assert name in medal_names(original) and name not in medal_names(correction)
    old_page, new_page = public_html(campaign, original), public_html(campaign, correction)
    assert ("本公示已于" in old_page, "一名推荐对象经查被撤销" in new_page) == (True, True)


def test_correction_never_names_a_sensitive_nominee_to_the_public(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    original = unit_notice(campaign)
    secret = county.sensitive
    change_standing(
        secret, Standing.REVOKED, reason="举报属实", actor=reviewer, role="r", action="t"
    )
    correction = start_correction(
        original,
        note="撤销一名推荐对象",
        start=PERIODS["county"][0],
        end=PERIODS["county"][1],
        actor=reviewer,
        role="r",
    )
    publish(correction, actor=reviewer, role="reviewer")

    name = str(secret.cells["姓名"])
    assert correction_changes(correction, Audience.INTERNAL) == [f"不再公示：{name}（{MEDAL}）"]
    assert correction_changes(correction, Audience.PUBLIC) == []
    assert name not in public_html(campaign, correction) + public_html(campaign, original)


def test_office_page_marks_the_sensitive_row_the_unit_document_lists_it(
    campaign: Campaign, county: County, reviewer: User, tmp_path: Path
) -> None:
    notice = unit_notice(campaign)
    url = reverse("office:notice", kwargs={"slug": campaign.slug, "pk": notice.pk})
    html = signed_in(reviewer).get(url).content.decode()
    text = bare(pdf_text(notice_export(notice, "pdf").content, tmp_path, "unit"))

    name = str(county.sensitive.cells["姓名"])
    marked = re.search(r'<tr class="sensitive-row">.*?</tr>', html, re.S)
    assert marked is not None and name in marked.group(0)
    assert name in text
