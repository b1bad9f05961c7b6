"""The notices' domain: the working calendar from the override tables, what a notice shows at
each level, publication and its refusals, evidence, and the audit rows of every change."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from PIL import Image

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.standing import change_standing
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.notices.domain.calendar import (
    add_year,
    check_period,
    propose_end,
    set_day,
    working_calendar,
)
from pingxuan.web.notices.domain.evidence import upload_evidence
from pingxuan.web.notices.domain.notices import (
    NoticeRefused,
    create_notice,
    notice_view,
    publish,
    update_notice,
    withdraw,
)
from pingxuan.web.notices.models import EvidenceKind, Notice, NoticeState
from tests.web.materials.test_images import encode, picture
from tests.web.notices.helpers import (
    County,
    notice_input,
    set_cell,
)
from tests.web.personas import UNIT_A

pytestmark = pytest.mark.django_db


def shown_names(notice: Notice) -> list[str]:
    """The 奖章 names a notice shows, in order."""
    tables = notice_view(notice).tables
    return [row[0] for table in tables if table.award == "五一劳动奖章" for row in table.rows]


# ── the calendar ────────────────────────────────────────────────────────────────────────────


def test_proposed_end_is_the_earliest_valid_end(campaign: Campaign) -> None:
    assert propose_end(campaign, date(2024, 4, 1)) == date(2024, 4, 8)
    assert propose_end(campaign, date(2024, 4, 26)) == date(2024, 5, 6)
    assert propose_end(campaign, date(2024, 9, 26)) == date(2024, 10, 8)


def test_check_period_says_why_a_period_is_short(campaign: Campaign) -> None:
    assert check_period(campaign, date(2024, 4, 1), date(2024, 4, 8)) is None
    assert check_period(campaign, date(2024, 4, 1), date(2024, 4, 7)) == (
        "公示期只有 4 个工作日，少于 5 个：最早可于 2024年04月08日 结束"
    )


def test_year_without_data_asks_the_administrator(campaign: Campaign) -> None:
    message = check_period(campaign, date(2099, 3, 2), date(2099, 3, 9))

    assert message is not None and "2099年" in message and "管理员" in message


def test_override_day_changes_the_answer(campaign: Campaign, reviewer: User) -> None:
    set_day(date(2024, 4, 7), is_working_day=False, note="测试", actor=reviewer, role="admin")

    assert propose_end(campaign, date(2024, 4, 1)) == date(2024, 4, 9)
    assert AuditEvent.objects.filter(action="calendar.day").count() == 1


def test_entered_year_is_counted(campaign: Campaign, reviewer: User) -> None:
    set_day(date(2099, 3, 4), is_working_day=False, note="假日", actor=reviewer, role="admin")
    add_year(2099, note="管理员补录", actor=reviewer, role="admin")

    assert working_calendar().earliest_end(date(2099, 3, 2), 5) == date(2099, 3, 9)
    assert propose_end(campaign, date(2099, 3, 2)) == date(2099, 3, 9)


# ── what a notice shows ─────────────────────────────────────────────────────────────────────


def test_county_notice_leaves_out_the_sensitive_nominee(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")

    assert sorted(shown_names(notice)) == sorted(county.names())


def test_unit_notice_shows_the_sensitive_nominee(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    data = notice_input(county.unit, level="unit")
    notice = create_notice(campaign, data, actor=reviewer, role="reviewer")

    expected = [county.sensitive.cells["姓名"], *county.names()]
    assert sorted(shown_names(notice)) == sorted(expected)


def test_notice_shows_only_the_allowed_fields(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")

    columns = {table.award: table.columns for table in notice_view(notice).tables}
    assert columns["五一劳动奖章"] == ["姓名", "工作单位", "职务", "简要事迹"]
    assert columns["五一劳动奖状"] == ["单位全称", "简要事迹"]


def test_city_notice_covers_passed_nominations_without_sensitive_ones(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    revoked, *kept = county.others
    change_standing(
        revoked, Standing.REVOKED, reason="举报属实", actor=reviewer, role="reviewer", action="t"
    )
    notice = create_notice(
        campaign, notice_input(None, level="city"), actor=reviewer, role="reviewer"
    )

    assert sorted(shown_names(notice)) == sorted(str(n.cells["姓名"]) for n in kept)


# ── publication ─────────────────────────────────────────────────────────────────────────────


def test_publish_records_who_and_when(campaign: Campaign, county: County, reviewer: User) -> None:
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")

    publish(notice, actor=reviewer, role="reviewer")

    notice.refresh_from_db()
    assert (notice.state, notice.published_by) == (NoticeState.PUBLISHED, reviewer)
    assert notice.published_at is not None


def test_missing_sensitive_answer_blocks_publication(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    unanswered = county.others[0]
    set_cell(unanswered, "涉敏", None)
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")

    with pytest.raises(NoticeRefused) as refused:
        publish(notice, actor=reviewer, role="reviewer")

    assert unanswered.cells["姓名"] in refused.value.message
    assert notice_view(notice).blocking == [unanswered]
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT


def test_short_period_is_refused(campaign: Campaign, county: County, reviewer: User) -> None:
    data = notice_input(county.unit, start=date(2024, 4, 26), end=date(2024, 5, 5))
    notice = create_notice(campaign, data, actor=reviewer, role="reviewer")

    with pytest.raises(NoticeRefused) as refused:
        publish(notice, actor=reviewer, role="reviewer")

    assert "最早可于 2024年05月06日 结束" in refused.value.message


def test_unknown_year_is_refused(campaign: Campaign, county: County, reviewer: User) -> None:
    data = notice_input(county.unit, start=date(2099, 3, 2), end=date(2099, 3, 20))
    notice = create_notice(campaign, data, actor=reviewer, role="reviewer")

    with pytest.raises(NoticeRefused) as refused:
        publish(notice, actor=reviewer, role="reviewer")

    assert "2099年" in refused.value.message


def test_county_notice_only_by_a_county_unit(campaign: Campaign, reviewer: User) -> None:
    industry = Unit.objects.filter(campaign=campaign, level="产业").first()

    with pytest.raises(NoticeRefused):
        create_notice(campaign, notice_input(industry), actor=reviewer, role="reviewer")


def test_city_notice_names_no_unit(campaign: Campaign, reviewer: User) -> None:
    unit_a = Unit.objects.get(campaign=campaign, name=UNIT_A)

    with pytest.raises(NoticeRefused):
        create_notice(campaign, notice_input(unit_a, level="city"), actor=reviewer, role="reviewer")


def test_published_notice_cannot_be_edited(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")
    publish(notice, actor=reviewer, role="reviewer")

    with pytest.raises(NoticeRefused):
        update_notice(notice, notice_input(county.unit), actor=reviewer, role="reviewer")


def test_every_change_is_audited(campaign: Campaign, county: County, reviewer: User) -> None:
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")
    data = notice_input(county.unit)
    data.title = "巩义市公示（修改）"
    update_notice(notice, data, actor=reviewer, role="reviewer")
    publish(notice, actor=reviewer, role="reviewer")
    upload_evidence(
        notice,
        kind=EvidenceKind.NEAR,
        data=encode(picture(), "PNG"),
        actor=reviewer,
        role="reviewer",
    )
    withdraw(notice, reason="发布有误", actor=reviewer, role="reviewer")

    created = AuditEvent.objects.get(action="notice.create", object_id=str(notice.pk))
    events = AuditEvent.objects.filter(
        campaign=campaign, action__startswith="notice.", seq__gte=created.seq
    )
    assert list(events.order_by("seq").values_list("action", flat=True)) == [
        "notice.create",
        "notice.edit",
        "notice.publish",
        "notice.evidence",
        "notice.withdraw",
    ]
    edit = events.get(action="notice.edit")
    assert edit.changes == {"title": [notice_input(county.unit).title, "巩义市公示（修改）"]}


# ── evidence ────────────────────────────────────────────────────────────────────────────────


def test_evidence_is_stored_re_encoded(campaign: Campaign, county: County, reviewer: User) -> None:
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")
    publish(notice, actor=reviewer, role="reviewer")

    evidence = upload_evidence(
        notice,
        kind=EvidenceKind.SCREENSHOT,
        data=encode(picture(), "PNG"),
        filename="截图.png",
        actor=reviewer,
        role="reviewer",
    )

    with default_storage.open(evidence.path, "rb") as handle:
        stored = handle.read()
    assert stored[:2] == b"\xff\xd8"
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("JPEG", (60, 40))
    assert (evidence.title, evidence.stored_name.endswith(".jpg")) == ("截图", True)
    assert len(evidence.sha256) == 64


def test_evidence_waits_for_publication(campaign: Campaign, county: County, reviewer: User) -> None:
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")

    with pytest.raises(NoticeRefused):
        upload_evidence(
            notice, kind=EvidenceKind.FAR, data=encode(picture(), "JPEG"), actor=reviewer, role="r"
        )


def test_evidence_that_is_no_picture_is_refused(
    campaign: Campaign, county: County, reviewer: User
) -> None:
    notice = create_notice(campaign, notice_input(county.unit), actor=reviewer, role="reviewer")
    publish(notice, actor=reviewer, role="reviewer")

    with pytest.raises(NoticeRefused) as refused:
        upload_evidence(notice, kind=EvidenceKind.FAR, data=b"%PDF-1.4", actor=reviewer, role="r")

    assert "不是图片" in refused.value.message
    assert notice.evidence.count() == 0
