"""发布最终名单 and 更正 (issue: published means frozen): the release is refused while the
final-stage check has an error, or when the list changed since the preview, or when someone
released first; a released list never changes; a correction is a new list that says what it
changed, and the corrected one stays, pointing to it."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.documents.domain.lists import decision_of, final_list_document
from pingxuan.web.finals.domain.content import (
    current_list,
    current_view,
    differences,
    frozen_lines,
    frozen_view,
)
from pingxuan.web.finals.domain.release import ReleaseRefused, preview, release_final_list
from pingxuan.web.finals.models import FinalList
from pingxuan.web.nominations.enums import Kind, Standing
from pingxuan.web.nominations.models import Nomination
from tests.web.finals.helpers import (
    BADGE,
    ISSUED,
    MEDAL,
    approved,
    listed,
    release,
    revoke_by_complaint,
)
from tests.web.nominations.test_concurrency import race
from tests.web.notices.helpers import set_cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return approved(campaign)


def an_organisation(campaign: Campaign) -> Nomination:
    """A 五一劳动奖状 on the list: revoking it leaves the list without error."""
    return next(n for n in listed(campaign) if n.award == BADGE)


def test_release_is_refused_while_the_final_check_has_an_error(
    campaign: Campaign, reviewer: User
) -> None:
    medals = Nomination.objects.filter(campaign=campaign, award=MEDAL, kind=Kind.COMPREHENSIVE)
    medals.update(standing=Standing.APPROVED)  # every place: the city's ratios fail
    errors = preview(campaign).errors

    with pytest.raises(ReleaseRefused) as refused:
        release(campaign, reviewer)

    assert errors
    assert refused.value.message.startswith(f"名单还有{len(errors)}个错误，须改正后才能发布：")
    assert errors[0].message in refused.value.message
    assert FinalList.objects.count() == 0


def test_release_freezes_the_previewed_rows_and_is_audited(
    campaign: Campaign, reviewer: User
) -> None:
    lines = preview(campaign).lines

    final = release(campaign, reviewer)

    assert frozen_lines(final) == lines
    assert (final.number, final.issued_on, final.corrects) == ("郑工〔2024〕8号", ISSUED, None)
    assert current_list(campaign) == final
    event = AuditEvent.objects.get(action="final_list.release")
    assert (event.object_id, event.changes["名单行数"]) == (str(final.pk), [0, len(lines)])
    decision = decision_of(frozen_view(final))
    assert (decision.number, decision.dated, decision.draft) == (
        "郑工〔2024〕8号",
        "2024年4月28日",
        False,
    )


def test_release_is_refused_when_the_list_changed_after_the_preview(
    campaign: Campaign, reviewer: User
) -> None:
    shown = preview(campaign)
    revoke_by_complaint(an_organisation(campaign), reviewer)

    with pytest.raises(ReleaseRefused) as refused:
        release_final_list(
            campaign,
            number="郑工〔2024〕8号",
            issued_on=ISSUED,
            shown=shown.digest,
            based_on=None,
            actor=reviewer,
            role="reviewer",
        )

    assert refused.value.message == "名单在预览之后有变化，请核对重新预览的名单后再发布。"
    assert FinalList.objects.count() == 0


def test_a_second_release_of_the_same_preview_is_refused(
    campaign: Campaign, reviewer: User
) -> None:
    shown = preview(campaign)

    def go() -> FinalList:
        return release_final_list(
            campaign,
            number="郑工〔2024〕8号",
            issued_on=ISSUED,
            shown=shown.digest,
            based_on=None,
            actor=reviewer,
            role="reviewer",
        )

    first = go()
    with pytest.raises(ReleaseRefused) as refused:
        go()

    assert refused.value.message == "最终名单刚刚已由他人发布或更正，请查看现行名单后重新预览。"
    assert list(FinalList.objects.all()) == [first]


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("  ", "请填写表彰决定的文号，如 郑工〔2024〕8号。"),
        ("号" * 51, "“文号”共51字，超过上限50字，请删减到50字以内。"),
    ],
)
def test_release_without_a_proper_number_is_refused_in_chinese(
    campaign: Campaign, reviewer: User, number: str, message: str
) -> None:
    with pytest.raises(ReleaseRefused) as refused:
        release(campaign, reviewer, number=number)

    assert refused.value.message == message


def test_the_released_list_stays_as_released_after_revocation_edit_and_secrecy(
    campaign: Campaign, reviewer: User
) -> None:
    final = release(campaign, reviewer)
    lines = frozen_lines(final)
    decision = decision_of(frozen_view(final))
    revoked = an_organisation(campaign)
    edited, secret = [n for n in listed(campaign) if n.award == MEDAL][:2]

    revoke_by_complaint(revoked, reviewer)
    set_cell(edited, "职务", "车间主任（新）")
    set_cell(secret, "涉敏", "是")

    assert frozen_lines(final) == lines
    assert current_view(campaign).lines == lines
    assert decision_of(frozen_view(final)) == decision
    changes = preview(campaign).changes
    assert changes == [
        f"不再列入：{revoked.display_name}（{BADGE}）",
        f"{edited.display_name}的“工作单位及职务”更正为：{edited.cells['工作单位']}车间主任（新）",
        f"{secret.display_name}现为涉敏对象（不公开表彰）",
    ]


def test_a_correction_lists_its_changes_and_the_original_points_to_it(
    campaign: Campaign, reviewer: User
) -> None:
    original = release(campaign, reviewer)
    before = frozen_lines(original)
    revoked = an_organisation(campaign)
    revoke_by_complaint(revoked, reviewer)

    correction = release(campaign, reviewer, number="郑工〔2024〕9号", reason="举报属实，撤销资格")

    assert correction.corrects == original
    assert correction.changes == [f"不再列入：{revoked.display_name}（{BADGE}）"]
    assert current_list(campaign) == correction
    assert frozen_lines(original) == before
    assert [line.nomination_id for line in frozen_lines(correction)] == [
        line.nomination_id for line in before if line.nomination_id != revoked.pk
    ]
    assert differences(before, frozen_lines(correction)) == correction.changes
    notes = final_list_document(frozen_view(original)).notes
    assert notes == ["本名单已被郑工〔2024〕9号更正，以更正后的名单为准。"]
    paragraphs = decision_of(frozen_view(correction)).paragraphs
    assert (
        "本决定更正郑工〔2024〕8号（2024年4月28日印发），更正原因：举报属实，撤销资格" in paragraphs
    )
    event = AuditEvent.objects.get(action="final_list.correct")
    assert event.changes["更正的名单"] == [None, original.pk]


def test_a_correction_needs_a_change_a_reason_and_a_date_not_before_the_original(
    campaign: Campaign, reviewer: User
) -> None:
    release(campaign, reviewer)
    with pytest.raises(ReleaseRefused) as unchanged:
        release(campaign, reviewer, number="郑工〔2024〕9号", reason="重新印发")
    revoke_by_complaint(an_organisation(campaign), reviewer)
    with pytest.raises(ReleaseRefused) as no_reason:
        release(campaign, reviewer, number="郑工〔2024〕9号", reason=" ")
    shown = preview(campaign)
    with pytest.raises(ReleaseRefused) as earlier:
        release_final_list(
            campaign,
            number="郑工〔2024〕9号",
            issued_on=date(2024, 4, 1),
            shown=shown.digest,
            based_on=shown.current.pk if shown.current else None,
            reason="举报属实",
            actor=reviewer,
            role="reviewer",
        )

    assert unchanged.value.message == "现行名单与当前数据一致，无需更正。"
    assert no_reason.value.message == "请写明更正的原因。"
    assert earlier.value.message == "更正的印发日期不能早于被更正名单的印发日期（2024-04-28）。"
    assert FinalList.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_releases_at_the_same_moment_make_one_list(campaign: Campaign) -> None:
    reviewer = approved(campaign)
    shown = preview(campaign)

    def go() -> FinalList:
        return release_final_list(
            campaign,
            number="郑工〔2024〕8号",
            issued_on=ISSUED,
            shown=shown.digest,
            based_on=None,
            actor=reviewer,
            role="reviewer",
        )

    outcomes = race([go, go])

    made = [o for o in outcomes if isinstance(o, FinalList)]
    refused = [o for o in outcomes if isinstance(o, ReleaseRefused)]
    assert (len(made), len(refused)) == (1, 1), outcomes
    assert list(FinalList.objects.all()) == made
    assert AuditEvent.objects.filter(action="final_list.release").count() == 1
