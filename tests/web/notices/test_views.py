"""The notices pages: the office's list, create form, preview, publication and evidence; the
calendar; and the public pages, which show only what the notice allows."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.nominations.domain.standing import change_standing
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.notices.domain.notices import create_notice, publish
from pingxuan.web.notices.models import CalendarDay, Notice, NoticeEvidence, NoticeState
from tests.web.materials.test_images import encode, picture
from tests.web.notices.helpers import County, notice_input, set_cell
from tests.web.personas import make_persona, signed_in

pytestmark = pytest.mark.django_db

# Columns a notice never shows, whatever the award (三（三）1).
PRIVATE_COLUMNS = ("身份证号", "出生年月", "民族", "政治面貌", "联系电话")


@pytest.fixture
def office(reviewer: User) -> Client:
    return signed_in(reviewer)


def url(name: str, campaign: Campaign, **kwargs: object) -> str:
    return reverse(name, kwargs={"slug": campaign.slug, **kwargs})


def form_data(county: County, **changes: str) -> dict[str, str]:
    data = notice_input(county.unit)
    return {
        "level": data.level,
        "unit": str(county.unit.pk),
        "title": data.title,
        "start": data.start.isoformat(),
        "end": data.end.isoformat(),
        "contact_person": data.contact_person,
        "contact_phone": data.contact_phone,
        "channel_phone": data.channel_phone,
        "channel_mailbox": data.channel_mailbox,
        "channel_address": data.channel_address,
        "channel_text": "",
    } | changes


def published(campaign: Campaign, county: County, reviewer: User, level: str = "county") -> Notice:
    data = notice_input(county.unit, level=level)
    return publish(
        create_notice(campaign, data, actor=reviewer, role="reviewer"),
        actor=reviewer,
        role="reviewer",
    )


# ── the office's list and create form ───────────────────────────────────────────────────────


@time_machine.travel("2024-04-01T09:30:00+08:00", tick=False)
def test_create_form_proposes_the_earliest_end(campaign: Campaign, office: Client) -> None:
    response = office.get(url("office:notices", campaign))

    assert response.status_code == 200
    assert response.context["form"]["end"].value() == date(2024, 4, 8)
    assert "建议结束日期：2024年04月08日" in response.content.decode()


def test_recompute_button_sets_the_end_and_keeps_the_rest(
    campaign: Campaign, office: Client, county: County
) -> None:
    data = form_data(county, start="2024-09-26", end="2024-09-27", title="我输入的标题")

    response = office.post(url("office:notices", campaign), data | {"propose": "1"})

    form = response.context["form"]
    assert (form["end"].value(), form["title"].value()) == ("2024-10-08", "我输入的标题")
    assert Notice.objects.filter(level="county").count() == 0


def test_create_saves_a_draft(campaign: Campaign, office: Client, county: County) -> None:
    response = office.post(url("office:notices", campaign), form_data(county))

    notice = Notice.objects.get(level="county")
    assert response.status_code == 302
    assert response["Location"] == url("office:notice", campaign, pk=notice.pk)
    assert (notice.state, notice.unit, notice.level) == (NoticeState.DRAFT, county.unit, "county")


def test_create_needs_a_complaint_channel(
    campaign: Campaign, office: Client, county: County
) -> None:
    data = form_data(county, channel_phone="", channel_mailbox="", channel_address="")

    response = office.post(url("office:notices", campaign), data)

    assert response.status_code == 200
    assert "请至少填写一种举报渠道" in response.content.decode()
    assert response.context["form"]["title"].value() == data["title"]


def test_unit_staff_are_told_the_office_does_not_exist(campaign: Campaign, county: County) -> None:
    clerk = signed_in(make_persona(campaign, "clerk_a"))

    assert clerk.get(url("office:notices", campaign)).status_code == 404


# ── a notice's page ─────────────────────────────────────────────────────────────────────────


def test_county_preview_leaves_out_the_sensitive_nominee(
    campaign: Campaign, office: Client, county: County, reviewer: User
) -> None:
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")

    html = office.get(url("office:notice", campaign, pk=notice.pk)).content.decode()

    assert county.sensitive.cells["姓名"] not in html
    assert all(name in html for name in county.names())


def test_unit_preview_shows_the_sensitive_nominee(
    campaign: Campaign, office: Client, county: County, reviewer: User
) -> None:
    data = notice_input(county.unit, level="unit")
    notice = create_notice(campaign, data, actor=reviewer, role="reviewer")

    html = office.get(url("office:notice", campaign, pk=notice.pk)).content.decode()

    assert county.sensitive.cells["姓名"] in html


def test_publish_from_the_page(
    campaign: Campaign, office: Client, county: County, reviewer: User
) -> None:
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")

    response = office.post(url("office:notice", campaign, pk=notice.pk), {"action": "publish"})

    notice.refresh_from_db()
    assert (response.status_code, notice.state) == (302, NoticeState.PUBLISHED)


def test_short_period_is_refused_on_the_page(
    campaign: Campaign, office: Client, county: County, reviewer: User
) -> None:
    data = notice_input(county.unit, start=date(2024, 9, 26), end=date(2024, 10, 7))
    notice = create_notice(campaign, data, actor=reviewer, role="reviewer")

    response = office.post(url("office:notice", campaign, pk=notice.pk), {"action": "publish"})

    notice.refresh_from_db()
    assert (response.status_code, notice.state) == (200, NoticeState.DRAFT)
    assert "最早可于 2024年10月08日 结束" in response.content.decode()


def test_missing_sensitive_answer_is_listed_and_blocks(
    campaign: Campaign, office: Client, county: County, reviewer: User
) -> None:
    unanswered = county.others[1]
    set_cell(unanswered, "涉敏", "")
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")

    page = office.get(url("office:notice", campaign, pk=notice.pk))
    refused = office.post(url("office:notice", campaign, pk=notice.pk), {"action": "publish"})

    assert [n.pk for n in page.context["view"].blocking] == [unanswered.pk]
    assert "阻止发布的推荐对象" in page.content.decode()
    assert refused.status_code == 200
    assert Notice.objects.get(level="county").state == NoticeState.DRAFT


def test_edit_a_draft(campaign: Campaign, office: Client, county: County, reviewer: User) -> None:
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")

    office.post(url("office:notice", campaign, pk=notice.pk), form_data(county, title="新标题"))

    notice.refresh_from_db()
    assert notice.title == "新标题"
    assert AuditEvent.objects.filter(action="notice.edit", object_id=str(notice.pk)).count() == 1


def test_recompute_on_a_draft_does_not_save(
    campaign: Campaign, office: Client, county: County, reviewer: User
) -> None:
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")
    data = form_data(county, start="2024-04-26", end="2024-04-27") | {"propose": "1"}

    response = office.post(url("office:notice", campaign, pk=notice.pk), data)

    assert response.context["form"]["end"].value() == "2024-05-06"
    assert "建议结束日期：2024年05月06日" in response.content.decode()
    notice.refresh_from_db()
    assert notice.start == date(2024, 4, 1)


def test_evidence_upload_and_image(
    campaign: Campaign, office: Client, county: County, reviewer: User
) -> None:
    notice = published(campaign, county, reviewer)
    photo = SimpleUploadedFile("近景.png", encode(picture(), "PNG"), content_type="image/png")
    upload = {"kind": "近景照片", "title": "公示栏近景", "file": photo}

    response = office.post(url("office:notice_evidence", campaign, pk=notice.pk), upload)

    evidence = NoticeEvidence.objects.get()
    assert response.status_code == 302
    image = office.get(url("office:notice_evidence_file", campaign, pk=evidence.pk))
    body = b"".join(image.streaming_content)
    assert (image["Content-Type"], body[:2]) == ("image/jpeg", b"\xff\xd8")
    clerk = signed_in(make_persona(campaign, "clerk_a"))
    assert (
        clerk.get(url("office:notice_evidence_file", campaign, pk=evidence.pk)).status_code == 404
    )


# ── the calendar ────────────────────────────────────────────────────────────────────────────


def test_calendar_checker(campaign: Campaign, office: Client) -> None:
    response = office.get(url("office:calendar", campaign), {"start": "2024-04-26"})

    assert "最早于 2024年05月06日 结束" in response.content.decode()


def test_reviewer_reads_the_calendar_but_cannot_change_it(
    campaign: Campaign, office: Client
) -> None:
    page = office.get(url("office:calendar", campaign))
    refused = office.post(
        url("office:calendar", campaign), {"date": "2024-04-07", "is_working_day": "0"}
    )

    assert page.status_code == 200 and 'name="is_working_day"' not in page.content.decode()
    assert refused.status_code == 403
    assert "可以修改此项设置。</p>" in refused.content.decode()  # said on the Chinese 403 page
    assert CalendarDay.objects.count() == 0


def test_admin_enters_a_day_and_the_proposal_follows(campaign: Campaign) -> None:
    admin = signed_in(make_persona(campaign, "admin"))

    admin.post(
        url("office:calendar", campaign),
        {"action": "day", "date": "2024-04-07", "is_working_day": "0", "note": "测试"},
    )
    response = admin.get(url("office:calendar", campaign), {"start": "2024-04-01"})

    assert CalendarDay.objects.get().is_working_day is False
    assert "最早于 2024年04月09日 结束" in response.content.decode()


def test_admin_enters_a_year_and_removes_a_day(campaign: Campaign, reviewer: User) -> None:
    admin = signed_in(make_persona(campaign, "admin"))
    calendar_url = url("office:calendar", campaign)
    admin.post(calendar_url, {"action": "day", "date": "2099-03-04", "is_working_day": "0"})
    admin.post(calendar_url, {"action": "year", "year": "2099", "note": "补录"})

    answer = admin.get(calendar_url, {"start": "2099-03-02"}).content.decode()
    removed = admin.post(
        calendar_url, {"action": "remove_day", "pk": str(CalendarDay.objects.get().pk)}
    )
    junk = admin.post(calendar_url, {"action": "remove_day", "pk": "x"})

    assert "最早于 2099年03月09日 结束" in answer
    assert (removed.status_code, CalendarDay.objects.count(), junk.status_code) == (302, 0, 404)
    actions = AuditEvent.objects.filter(action__startswith="calendar.").values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["calendar.day", "calendar.day_remove", "calendar.year"]


def test_unknown_year_in_the_checker(campaign: Campaign, office: Client) -> None:
    response = office.get(url("office:calendar", campaign), {"start": "2099-03-02"})

    assert "2099年的法定节假日和调休安排尚未收录" in response.content.decode()


# ── the public pages ────────────────────────────────────────────────────────────────────────


def test_draft_is_not_public(campaign: Campaign, county: County, reviewer: User) -> None:
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")

    response = Client().get(url("public:notice", campaign, pk=notice.pk))
    listing = Client().get(url("public:notices", campaign)).content.decode()

    assert response.status_code == 404
    assert notice.title not in listing


def test_public_county_notice_shows_only_what_it_may(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    notice = published(campaign, county, reviewer)

    response = Client().get(url("public:notice", campaign, pk=notice.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert county.sensitive.cells["姓名"] not in html
    assert all(name in html for name in county.names())
    assert "共5个工作日" in html
    assert "0371-12345678" in html and "王老师" in html
    for nominee in [county.sensitive, *county.others]:
        for column in ("身份证号", "联系电话"):
            value = str(nominee.cells.get(column) or "")
            assert not value or value not in html
    for column in PRIVATE_COLUMNS:
        assert f"<th>{column}</th>" not in html


def test_public_unit_notice_leaves_out_the_sensitive_nominee(
    campaign: Campaign, county: County, reviewer: User, office: Client
) -> None:
    notice = published(campaign, county, reviewer, level="unit")

    html = Client().get(url("public:notice", campaign, pk=notice.pk)).content.decode()
    inside = office.get(url("office:notice", campaign, pk=notice.pk)).content.decode()

    secret = str(county.sensitive.cells["姓名"])
    assert (secret in html, all(name in html for name in county.names())) == (False, True)
    assert (secret in inside, "state-sensitive" in inside) == (True, True)


def test_public_city_notice(campaign: Campaign, county: County, reviewer: User) -> None:
    passed = county.others[0]
    for revoked in county.others[1:]:
        change_standing(
            revoked, Standing.REVOKED, reason="举报属实", actor=reviewer, role="r", action="test"
        )
    published(campaign, county, reviewer, level="county")
    data = notice_input(None, level="city")
    notice = create_notice(campaign, data, actor=reviewer, role="reviewer")
    publish(notice, actor=reviewer, role="reviewer")

    html = Client().get(url("public:notice", campaign, pk=notice.pk)).content.decode()

    assert "郑州市总工会办公室" in html
    assert passed.cells["姓名"] in html
    assert all(name not in html for name in county.names()[1:])


def test_public_notice_queries_do_not_grow_with_rows(
    campaign: Campaign, county: County, reviewer: User, django_assert_max_num_queries
) -> None:
    notice = published(campaign, county, reviewer)

    with django_assert_max_num_queries(10):
        Client().get(url("public:notice", campaign, pk=notice.pk))


def test_public_list_links_published_notices(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    notice = published(campaign, county, reviewer)

    html = Client().get(url("public:notices", campaign)).content.decode()

    assert url("public:notice", campaign, pk=notice.pk) in html


def test_public_notice_links_the_complaint_form(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    notice = published(campaign, county, reviewer)
    complaint_url = url("public:complaint_new", campaign)

    html = Client().get(url("public:notice", campaign, pk=notice.pk)).content.decode()

    assert complaint_url in html


def test_withdrawn_notice_leaves_the_public_pages(
    campaign: Campaign, office: Client, county: County, reviewer: User
) -> None:
    notice = published(campaign, county, reviewer)

    office.post(
        url("office:notice", campaign, pk=notice.pk), {"action": "withdraw", "reason": "有误"}
    )

    assert Client().get(url("public:notice", campaign, pk=notice.pk)).status_code == 404


def test_campaign_page_links_the_notices(campaign: Campaign) -> None:
    html = Client().get(url("public:campaign_detail", campaign)).content.decode()

    assert url("public:notices", campaign) in html
