"""The submission page: only the approver submits, errors block it, every warning needs a written
explanation, and the deadline is the notice's: one second late is refused in its words."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.compliance import finding_key, unit_compliance
from pingxuan.web.nominations.domain.edit import NominationInput, save_nomination
from pingxuan.web.nominations.domain.submit import return_unit
from pingxuan.web.nominations.enums import SubmissionState
from pingxuan.web.nominations.models import Submission
from tests.web.nominations.helpers import BEFORE_DEADLINE, fill_unit
from tests.web.portal.form_data import person_row

pytestmark = pytest.mark.django_db

SLUG = "zhengzhou-2024"
UNIT_A = "郑东新区"
SUBMIT = f"/portal/{SLUG}/submit/"
NOON_ON_THE_LAST_DAY = "2024-03-20T12:00:00+08:00"


@pytest.fixture
def unit_a(campaign: Campaign, clerk_a: User) -> Unit:
    unit = campaign.units.get(name=UNIT_A)
    fill_unit(campaign, unit, clerk_a)
    return unit


@pytest.fixture
def explanations(campaign: Campaign, unit_a: Unit) -> dict[str, str]:
    keys = {finding_key(f) for f in unit_compliance(campaign, unit_a).warnings}
    assert keys, "the filled unit should have warnings to explain"
    return {key: f"说明{index}：本单位确无合适人选" for index, key in enumerate(sorted(keys))}


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def state_of(unit: Unit) -> str | None:
    submission = Submission.objects.filter(unit=unit).first()
    return submission.state if submission else None


def test_approver_submits_before_the_deadline(
    unit_a: Unit, explanations: dict[str, str], client_approver_a: Client
) -> None:
    with time_machine.travel(NOON_ON_THE_LAST_DAY, tick=False):
        page = client_approver_a.get(SUBMIT)
        response = client_approver_a.post(SUBMIT, explanations)

    assert "确认报送初审" in text(page)
    assert text(page).count("<textarea") == len(explanations)
    assert response.status_code == 302
    submission = Submission.objects.get(unit=unit_a)
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.explanations == explanations


def test_one_second_late_is_refused_with_the_notices_words(
    unit_a: Unit, explanations: dict[str, str], client_approver_a: Client
) -> None:
    with time_machine.travel(BEFORE_DEADLINE + timedelta(seconds=1), tick=False):
        response = client_approver_a.post(SUBMIT, explanations)

    assert response.status_code == 200
    assert "逾期不报的视为放弃推荐名额" in text(response)
    assert [t for t in explanations.values() if t not in text(response)] == []
    assert state_of(unit_a) != SubmissionState.SUBMITTED


def test_missing_explanation_is_refused_and_the_others_kept(
    unit_a: Unit, explanations: dict[str, str], client_approver_a: Client
) -> None:
    first, *rest = sorted(explanations)
    partial = {key: explanations[key] for key in rest}

    with time_machine.travel(NOON_ON_THE_LAST_DAY, tick=False):
        response = client_approver_a.post(SUBMIT, {first: "  ", **partial})

    assert "个警告没有填写说明" in text(response)
    assert [t for t in partial.values() if t not in text(response)] == []
    assert state_of(unit_a) != SubmissionState.SUBMITTED


def test_clerk_sees_the_page_but_cannot_submit(
    unit_a: Unit, explanations: dict[str, str], client_clerk_a: Client
) -> None:
    with time_machine.travel(NOON_ON_THE_LAST_DAY, tick=False):
        page = client_clerk_a.get(SUBMIT)
        response = client_clerk_a.post(SUBMIT, explanations)

    assert "只有本单位审批人可以报送" in text(page)
    assert "确认报送初审" not in text(page)
    assert response.status_code == 403
    # The site's Chinese refusal page, with the reason and what to do, not Django's bare one.
    assert '<html lang="zh-Hans">' in text(response)
    assert '<p class="refusal">只有本单位审批人可以报送。</p>' in text(response)
    assert "请转告他们" in text(response)
    assert state_of(unit_a) != SubmissionState.SUBMITTED


def test_errors_block_the_submission(
    campaign: Campaign, unit_a: Unit, clerk_a: User, client_approver_a: Client
) -> None:
    row = person_row(campaign, UNIT_A, seed=5)
    save_nomination(
        campaign,
        unit_a,
        NominationInput("五一劳动奖章", kind="专项表彰", cells={**row, "贡献领域": ""}),
        actor=clerk_a,
        role="clerk",
    )

    with time_machine.travel(NOON_ON_THE_LAST_DAY, tick=False):
        page = client_approver_a.get(SUBMIT)
        response = client_approver_a.post(SUBMIT, {})

    assert "还有错误未改正，不能报送" in text(page)
    assert "disabled aria-disabled" in text(page)
    assert "个错误未改正，改正后才能报送" in text(response)
    assert state_of(unit_a) != SubmissionState.SUBMITTED


def test_after_submission_the_page_is_read_only(
    unit_a: Unit, explanations: dict[str, str], client_approver_a: Client
) -> None:
    with time_machine.travel(NOON_ON_THE_LAST_DAY, tick=False):
        client_approver_a.post(SUBMIT, explanations)
        page = client_approver_a.get(SUBMIT)
        again = client_approver_a.post(SUBMIT, explanations)

    assert "已报送初审" in text(page)
    assert "确认报送初审" not in text(page)
    assert '<fieldset class="warnings" disabled>' in text(page)
    assert "本单位已报送初审，无需重复报送" in text(again)


def test_other_units_clerk_sees_only_their_own_submission(
    unit_a: Unit, client_clerk_b: Client
) -> None:
    page = text(client_clerk_b.get(SUBMIT))

    assert "巩义市" in page
    assert UNIT_A not in page.split("<main")[1]


def test_resubmission_after_the_one_return_says_no_further_return(
    campaign: Campaign,
    unit_a: Unit,
    explanations: dict[str, str],
    client_approver_a: Client,
    reviewer: User,
) -> None:
    with time_machine.travel(NOON_ON_THE_LAST_DAY, tick=False):
        first = client_approver_a.post(SUBMIT, explanations, follow=True)
        return_unit(campaign, unit_a, note="请补充材料", actor=reviewer, role="reviewer")
        again = client_approver_a.post(SUBMIT, explanations, follow=True)

    assert "如需修改请联系市总工会退回" in text(first)
    assert "如需修改请联系市总工会退回" not in text(again)
    assert "本单位已退回过一次，不能再次退回修改" in text(again)
    assert "本单位已退回过一次，不能再次退回。" in text(again)


def test_missing_materials_are_warnings_to_explain_before_submitting(
    campaign: Campaign,
    unit_a: Unit,
    explanations: dict[str, str],
    client_approver_a: Client,
    client_reviewer: Client,
) -> None:
    missing = [k for k in explanations if k.startswith("materials.missing|")]
    page = text(client_approver_a.get(SUBMIT))
    unit_page = text(client_approver_a.get(f"/portal/{SLUG}/"))
    review = text(client_reviewer.get(f"/office/{SLUG}/review/units/{unit_a.pk}/"))
    without = {k: v for k, v in explanations.items() if k not in missing}
    with time_machine.travel(NOON_ON_THE_LAST_DAY, tick=False):
        refused = client_approver_a.post(SUBMIT, without)

    # Nothing uploaded: every item of the 初审 checklist is a warning, on both unit pages.
    assert len(missing) == 8
    for name in ("推荐评选领导机构名单", "简表", "有关部门签署意见表"):
        assert f"初审材料“{name}”未上传" in page
        assert f"初审材料“{name}”未上传" in unit_page
    assert "警告 0" not in page
    # The office's 初审 page says the same from the same checklist.
    assert review.count("未上传") >= 8
    assert f"还有 {len(missing)} 个警告没有填写说明" in text(refused)
    assert state_of(unit_a) != SubmissionState.SUBMITTED
