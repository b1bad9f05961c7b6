"""The unit's page: places as seats, nominations with masked IDs, every finding with its clause
and fix, the city-wide figures read-only; only the unit's own people see it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pingxuan.web.accounts.sessions import RENEW_AFTER
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.compliance import finding_key, unit_compliance
from pingxuan.web.nominations.domain.edit import NominationInput, save_nomination
from pingxuan.web.nominations.domain.submit import submit_unit
from tests.web.nominations.helpers import BEFORE_DEADLINE, fill_unit
from tests.web.portal.form_data import person_row

pytestmark = pytest.mark.django_db

SLUG = "zhengzhou-2024"
UNIT_A = "郑东新区"
PAGE = f"/portal/{SLUG}/"


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return campaign.units.get(name=UNIT_A)


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_empty_unit_shows_its_places_as_empty_seats(client_clerk_a: Client) -> None:
    page = text(client_clerk_a.get(PAGE))

    # 郑东新区: 五一劳动奖章 6（一线产业工人4、一线科教1）, 工人先锋号 4（企业班组3，其中非公2）
    assert page.count("空缺（预留给一线产业工人）") == 4
    assert page.count("空缺（预留给一线科教）") == 1
    assert page.count("空缺（预留给企业班组（其中非公））") == 2
    assert page.count("空缺（不限身份）") == 2
    assert "已推荐 0 / 最多 2" in page
    assert "已占用 0 / 共 6 个名额" in page


def test_seat_is_taken_by_the_nomination_that_fits(
    campaign: Campaign, unit_a: Unit, clerk_a: User, client_clerk_a: Client
) -> None:
    row = person_row(campaign, UNIT_A)
    saved = save_nomination(
        campaign, unit_a, NominationInput("五一劳动奖章", cells=row), actor=clerk_a, role="clerk"
    )

    page = text(client_clerk_a.get(PAGE))

    assert page.count("空缺（预留给一线产业工人）") == 3
    link = f'<a href="/portal/{SLUG}/nominations/{saved.pk}/">1. {row["姓名"]}</a>'
    seat = f'<li class="seat seat-filled">{link}'
    assert seat in page


def test_findings_show_clause_and_what_would_fix_them(
    campaign: Campaign, unit_a: Unit, clerk_a: User, client_clerk_a: Client
) -> None:
    row = person_row(campaign, UNIT_A)
    save_nomination(
        campaign, unit_a, NominationInput("五一劳动奖章", cells=row), actor=clerk_a, role="clerk"
    )

    page = text(client_clerk_a.get(PAGE))

    assert "五一劳动奖章：一线产业工人名额空缺3个" in page
    assert "依据：附件" in page
    assert "还需 3 名一线产业工人；如无合适人选，该名额视为放弃" in page


def test_filled_unit_lists_nominations_with_masked_ids(
    campaign: Campaign, unit_a: Unit, clerk_a: User, client_clerk_a: Client
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    numbers = [n.cells["身份证号"] for n in unit_a.nominations.filter(award="五一劳动奖章")]

    page = text(client_clerk_a.get(PAGE))

    assert [number for number in numbers if number in page] == []
    assert [number for number in numbers if f"{number[:6]}********{number[-4:]}" in page] == numbers
    assert "空缺（预留" not in page
    assert "名额已满（6/6），可修改或删除已有推荐对象" in page
    assert 'class="button button-disabled" aria-disabled="true">＋ 添加五一劳动奖章推荐对象' in page
    assert "添加专项表彰对象（不占名额）" in page


def test_city_figures_are_shown_read_only(
    campaign: Campaign, unit_a: Unit, clerk_a: User, client_clerk_a: Client
) -> None:
    fill_unit(campaign, unit_a, clerk_a)

    page = text(client_clerk_a.get(PAGE))

    figures = page.split('id="figures"')[1]
    assert "本单位涉及的全市比例" in figures
    assert "不低于 35%（基数 6，至少 3）" in figures
    assert "<form" not in figures


def test_submitted_unit_hides_add_and_delete(
    campaign: Campaign, unit_a: Unit, clerk_a: User, client_clerk_a: Client
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    explanations = {finding_key(f): "说明" for f in unit_compliance(campaign, unit_a).warnings}
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        submit_unit(campaign, unit_a, explanations=explanations, actor=clerk_a, role="approver")

    page = text(client_clerk_a.get(PAGE))

    assert "已报送初审" in page
    assert "添加五一劳动奖章推荐对象" not in page
    assert "/delete/" not in page
    assert "从 Excel 导入" not in page
    # Submitted: the state says when; no countdown to a deadline the unit has met, no template.
    status = page.split('aria-label="报送状态"')[1].split("</section>")[0]
    assert "初审材料报送截止" not in status and "逾期不报的视为放弃推荐名额" not in status
    assert "还剩" not in status
    assert "下载填报模板" not in page


def test_deadline_countdown_in_shanghai_time(client_clerk_a: Client) -> None:
    with time_machine.travel("2024-03-18T09:30:00+08:00", tick=False):
        page = text(client_clerk_a.get(PAGE))

    assert "2024年03月20日 23:59" in page
    assert "还剩 2 天 14 小时 29 分" in page
    assert "逾期不报的视为放弃推荐名额" in page


def test_unit_page_queries_do_not_grow_with_nominations(
    campaign: Campaign,
    unit_a: Unit,
    clerk_a: User,
    client_clerk_a: Client,
    django_assert_max_num_queries,
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    for other in campaign.units.exclude(pk=unit_a.pk)[:6]:
        fill_unit(campaign, other, clerk_a)

    # Session, user, membership, the campaign's evaluation revisions and units, the campaign's
    # rows with honours and records (for the engine), the units' submissions, secrecy pledges
    # and recorded 差额 rounds (the 推荐单位情况 of the web), the unit's rows, its submission,
    # its notifications, the campaign's deadline extensions, the session's renewal (the first
    # request after signing in), the unit's materials, pending uploads and rows for the materials
    # checklist (warnings for what is missing): 21 whatever the number of rows.
    with django_assert_max_num_queries(21):
        response = client_clerk_a.get(PAGE)
    # Then the engine's run is kept until the campaign changes: the six queries it needs go, and
    # the session is not written again within the minute.
    with django_assert_max_num_queries(13):
        again = client_clerk_a.get(PAGE)

    assert response.status_code == 200
    assert again.status_code == 200


def session_writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def test_unit_page_does_not_write_the_session_on_every_request(
    client_clerk_a: Client, time_machine
) -> None:
    time_machine.move_to("2024-03-18T09:30:00+08:00", tick=False)
    client_clerk_a.get(PAGE)  # the first request after signing in renews the idle timeout
    session = Session.objects.get()

    time_machine.shift(timedelta(seconds=RENEW_AFTER - 1))
    with CaptureQueriesContext(connection) as queries:
        response = client_clerk_a.get(PAGE)

    assert response.status_code == 200
    assert session_writes(queries) == []
    assert Session.objects.get().expire_date == session.expire_date


def test_unit_page_renews_the_idle_timeout_after_a_minute(
    client_clerk_a: Client, time_machine
) -> None:
    time_machine.move_to("2024-03-18T09:30:00+08:00", tick=False)
    client_clerk_a.get(PAGE)
    before = Session.objects.get().expire_date

    time_machine.shift(timedelta(seconds=RENEW_AFTER))
    with CaptureQueriesContext(connection) as queries:
        client_clerk_a.get(PAGE)

    assert len(session_writes(queries)) == 1
    assert Session.objects.get().expire_date == before + timedelta(seconds=RENEW_AFTER)


def test_other_people_get_404(
    client_clerk_b: Client, client_reviewer: Client, client_admin: Client, client_clerk_a: Client
) -> None:
    # clerk_b's own unit is 巩义市 in the same campaign: the URL is theirs, the data are not A's.
    page_b = text(client_clerk_b.get(PAGE))

    assert client_reviewer.get(PAGE).status_code == 404
    assert client_admin.get(PAGE).status_code == 404
    assert "巩义市" in page_b and UNIT_A not in page_b.split("<main")[1]
    assert client_clerk_a.get("/portal/no-such-campaign/").status_code == 404


def test_anonymous_is_sent_to_login(anonymous: Client, campaign: Campaign) -> None:
    response = anonymous.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={PAGE}"


def test_home_sends_city_staff_to_their_desk_with_their_campaigns(client_reviewer: Client) -> None:
    landed = client_reviewer.get("/portal/")
    page = text(client_reviewer.get(landed["Location"]))

    assert landed["Location"] == "/office/"
    assert "市级审核员" in page
    assert "2024年郑州市五一劳动奖和郑州市工人先锋号推荐评选" in page


def test_a_name_without_stroke_data_is_warned_naming_the_nominee_and_the_character(
    campaign: Campaign, unit_a: Unit, clerk_a: User, client_clerk_a: Client
) -> None:
    row = {**person_row(campaign, UNIT_A), "姓名": "张\U00020bb7"}  # 𠮷, CJK Extension B
    save_nomination(
        campaign, unit_a, NominationInput("五一劳动奖章", cells=row), actor=clerk_a, role="clerk"
    )

    page = text(client_clerk_a.get(PAGE))

    assert "张\U00020bb7：“姓名”中的“\U00020bb7”（U+20BB7）没有笔画数据" in page
    assert "名单照常生成" in page
    assert "如确是本人姓名用字，可以不改" in page
