"""延期: the office extends a deadline for one unit or the whole campaign, audited, and every
check of submission and 复审 materials then follows the unit's own window."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.domain.deadlines import (
    ExtensionRefused,
    Gate,
    closed_refusal,
    gate_window,
    grant_extension,
)
from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Campaign, Extension, Unit
from pingxuan.web.materials.domain import MaterialRefused, upload
from pingxuan.web.materials.models import Stage
from pingxuan.web.nominations.domain.compliance import finding_key, unit_compliance
from pingxuan.web.nominations.domain.edit import NominationRefused
from pingxuan.web.nominations.domain.submit import submit_unit
from pingxuan.web.nominations.enums import SubmissionState
from pingxuan.web.nominations.models import Submission
from tests.web.materials.test_images import encode, picture
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, UNIT_B, make_persona, signed_in

ZONE = ZoneInfo("Asia/Shanghai")
DEADLINE = datetime(2024, 3, 20, 23, 59, 59, tzinfo=ZONE)
BEFORE = "2024-03-18T09:30:00+08:00"
AFTER = "2024-03-22T09:30:00+08:00"  # two days past the notice's deadline
EXTENDED = datetime(2024, 3, 27, 17, 30, tzinfo=ZONE)
REASON = "受疫情影响，材料盖章延迟"


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


@pytest.fixture
def clerk_a(campaign: Campaign) -> User:
    return make_persona(campaign, "clerk_a")


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return Unit.objects.get(campaign=campaign, name=UNIT_A)


@pytest.fixture
def unit_b(campaign: Campaign) -> Unit:
    return Unit.objects.get(campaign=campaign, name=UNIT_B)


def extend(campaign: Campaign, unit: Unit | None, actor: User, **kwargs: object) -> Extension:
    values = {"deadline_key": "preliminary", "new_at": EXTENDED, "reason": REASON} | kwargs
    return grant_extension(campaign, unit=unit, actor=actor, role="reviewer", **values)


def submit(campaign: Campaign, unit: Unit, actor: User) -> None:
    warnings = unit_compliance(campaign, unit).warnings
    explanations = {finding_key(f): "已核实" for f in warnings}
    submit_unit(campaign, unit, explanations=explanations, actor=actor, role="approver")


# ── the domain function ──────────────────────────────────────────────────────────────────────


def test_an_extension_moves_only_its_units_window_and_is_audited(
    campaign: Campaign, unit_a: Unit, unit_b: Unit, reviewer: User
) -> None:
    with time_machine.travel(BEFORE, tick=False):
        extension = extend(campaign, unit_a, reviewer)

    assert gate_window(campaign, unit_a, Gate.SUBMISSION)[1].closes_at == EXTENDED
    assert gate_window(campaign, unit_b, Gate.SUBMISSION)[1].closes_at == DEADLINE
    event = AuditEvent.objects.get(action="deadline.extend")
    assert (event.unit_name, event.object_id, event.actor_name) == (
        UNIT_A,
        str(extension.pk),
        "reviewer",
    )
    assert event.changes == {
        "截止时间": ["初审材料报送截止", "初审材料报送截止"],
        "适用": ["", UNIT_A],
        "时间": ["2024年03月20日 23:59", "2024年03月27日 17:30"],
        "原因": ["", REASON],
    }


def test_a_unit_submits_late_only_when_extended(
    campaign: Campaign, unit_a: Unit, unit_b: Unit, reviewer: User, clerk_a: User
) -> None:
    with time_machine.travel(BEFORE, tick=False):
        fill_unit(campaign, unit_a, clerk_a)
        fill_unit(campaign, unit_b, clerk_a)
        extend(campaign, unit_a, reviewer)

    with time_machine.travel(AFTER, tick=False):
        submit(campaign, unit_a, clerk_a)
        with pytest.raises(NominationRefused) as refused:
            submit(campaign, unit_b, clerk_a)

    assert str(refused.value) == (
        "已过报送截止时间（2024年03月20日 23:59:59），逾期不报的视为放弃推荐名额。"
    )
    states = dict(Submission.objects.values_list("unit__name", "state"))
    assert states == {UNIT_A: SubmissionState.SUBMITTED, UNIT_B: SubmissionState.DRAFT}


def test_a_campaign_wide_extension_opens_every_unit(
    campaign: Campaign, unit_b: Unit, reviewer: User
) -> None:
    with time_machine.travel(BEFORE, tick=False):
        extend(campaign, None, reviewer)

    with time_machine.travel(AFTER, tick=False):
        assert closed_refusal(campaign, unit_b, Gate.SUBMISSION) is None
    with time_machine.travel(EXTENDED + timedelta(seconds=1), tick=False):
        assert closed_refusal(campaign, unit_b, Gate.SUBMISSION) == (
            "已过报送截止时间（2024年03月27日 17:30:00），逾期不报的视为放弃推荐名额。"
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": "  "}, "请写明延期原因：推荐单位会在页面上看到这段说明。"),
        ({"reason": "长" * 501}, "“延期原因”共501字，超过上限500字，请删减到500字以内。"),
        ({"deadline_key": "nope"}, "请选择通知里的一个截止时间。"),
        (
            {"new_at": DEADLINE - timedelta(days=1)},
            "郑东新区的“初审材料报送截止”已是2024年03月20日 23:59；延期须晚于这个时间。",
        ),
        (
            {"new_at": datetime(2024, 3, 1, tzinfo=ZONE)},
            "延至的时间（2024年03月01日 00:00）已经过去，请选择今后的时间。",
        ),
    ],
)
def test_a_bad_extension_is_refused_and_leaves_nothing(
    campaign: Campaign, unit_a: Unit, reviewer: User, changes: dict, message: str
) -> None:
    with time_machine.travel(BEFORE, tick=False), pytest.raises(ExtensionRefused) as refused:
        extend(campaign, unit_a, reviewer, **changes)

    assert str(refused.value) == message
    assert Extension.objects.count() == 0
    assert not AuditEvent.objects.filter(action="deadline.extend").exists()


def test_a_foreign_campaigns_unit_is_refused(
    campaign: Campaign, reviewer: User, edited_spec: object
) -> None:
    other = load_campaign_file(
        edited_spec(('id = "zhengzhou-2024"', 'id = "other-2024"'), name="other.toml")
    )
    foreign = Unit.objects.get(campaign=other, name=UNIT_A)

    with time_machine.travel(BEFORE, tick=False), pytest.raises(ExtensionRefused):
        extend(campaign, foreign, reviewer)


def test_second_review_materials_close_at_their_own_deadline(
    campaign: Campaign, unit_a: Unit, reviewer: User, clerk_a: User
) -> None:
    """The notice leaves the 复审 materials' date 另行通知: open until the office sets one."""
    with time_machine.travel(BEFORE, tick=False):
        fill_unit(campaign, unit_a, clerk_a)
        submit(campaign, unit_a, clerk_a)
        extend(
            campaign,
            None,
            reviewer,
            deadline_key="review",
            new_at=datetime(2024, 4, 30, 17, 30, tzinfo=ZONE),
            reason="市总工会通知：复审材料4月30日前报送",
        )
    image = encode(picture(), "JPEG")

    def hand_in() -> object:
        return upload(
            campaign,
            unit_a,
            requirement="推荐评选情况报告",
            nomination=None,
            data=image,
            actor=clerk_a,
            role="clerk",
            stage=Stage.SECOND,
        )

    with time_machine.travel("2024-04-30T17:00:00+08:00", tick=False):
        assert hand_in().requirement == "推荐评选情况报告"
    with (
        time_machine.travel("2024-04-30T17:31:00+08:00", tick=False),
        pytest.raises(MaterialRefused) as refused,
    ):
        hand_in()
    assert refused.value.message == (
        "已过复审材料报送截止时间（2024年04月30日 17:30:00），不能再提交复审材料。"
    )


# ── the office tab ───────────────────────────────────────────────────────────────────────────

PAGE = "/office/zhengzhou-2024/extensions/"


def form(unit: Unit | None, **changes: str) -> dict[str, str]:
    return {
        "deadline": "preliminary",
        "unit": str(unit.pk) if unit else "",
        "new_at": "2024-03-27T17:30",
        "reason": REASON,
    } | changes


def test_the_office_grants_an_extension_and_the_unit_page_shows_it(
    campaign: Campaign, unit_a: Unit, reviewer: User, clerk_a: User
) -> None:
    office = signed_in(reviewer)
    with time_machine.travel(BEFORE, tick=False):
        response = office.post(PAGE, form(unit_a))
        listed = office.get(PAGE).content.decode()
        unit_page = signed_in(clerk_a).get("/portal/zhengzhou-2024/").content.decode()

    assert response.status_code == 302
    assert Extension.objects.get().new_at == EXTENDED
    assert REASON in listed and "2024年03月27日 17:30" in listed
    assert f"已延期至2024年03月27日 17:30（{REASON}）" in unit_page
    assert "通知原定2024年03月20日 23:59" in unit_page


def test_the_admin_may_grant_too(campaign: Campaign, unit_a: Unit) -> None:
    admin = make_persona(campaign, "admin")
    with time_machine.travel(BEFORE, tick=False):
        response = signed_in(admin).post(PAGE, form(None))

    assert response.status_code == 302
    assert Extension.objects.get().unit is None


def test_a_bad_form_is_refused_in_chinese_and_keeps_the_reason(
    campaign: Campaign, unit_a: Unit, reviewer: User
) -> None:
    typed = "单位负责人出差，审批表无法按时签字" * 3
    with time_machine.travel(BEFORE, tick=False):
        response = signed_in(reviewer).post(PAGE, form(unit_a, new_at="下周五", reason=typed))

    page = response.content.decode()
    assert response.status_code == 400
    assert "延至的时间无法识别，请按“2026-12-31 17:30”的格式填写日期和时间。" in page
    assert typed in page
    assert Extension.objects.count() == 0


def test_a_refused_extension_keeps_the_reason_too(
    campaign: Campaign, unit_a: Unit, reviewer: User
) -> None:
    typed = "材料需要重新盖章"
    with time_machine.travel(BEFORE, tick=False):
        response = signed_in(reviewer).post(
            PAGE, form(unit_a, new_at="2024-03-19T17:00", reason=typed)
        )

    page = response.content.decode()
    assert response.status_code == 400
    assert "延期须晚于这个时间" in page
    assert typed in page
    assert Extension.objects.count() == 0


def test_unit_staff_and_strangers_are_told_the_tab_does_not_exist(
    campaign: Campaign, clerk_a: User, unit_a: Unit
) -> None:
    assert signed_in(clerk_a).get(PAGE).status_code == 404
    assert signed_in(clerk_a).post(PAGE, form(unit_a)).status_code == 404
    assert Client().get(PAGE).status_code == 302  # to the login
    assert Extension.objects.count() == 0


def test_another_campaigns_office_gets_404(campaign: Campaign, edited_spec: object) -> None:
    other = load_campaign_file(
        edited_spec(('id = "zhengzhou-2024"', 'id = "other-2024"'), name="other.toml")
    )
    stranger = make_persona(other, "reviewer")

    assert signed_in(stranger).get(PAGE).status_code == 404
    assert signed_in(stranger).post(PAGE, form(None)).status_code == 404
    assert Extension.objects.count() == 0
