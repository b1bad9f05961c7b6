"""优选 on the office page: scores import (bad rows refused, nothing lost), the proposal against
the current list (in, out, ratios), adopting as prepared 复审 decisions with one audit row, and
the core's reasons when no list exists."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pingxuan.core.select.scores import ScoresError
from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.enums import Kind, Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.opinions.domain import missing_opinions
from pingxuan.web.opinions.models import Opinion, OpinionState
from pingxuan.web.review.domain.selection import (
    NOT_CHOSEN_REASON,
    SelectionRefused,
    adopt,
    import_scores,
    propose,
    scores_of,
)
from pingxuan.web.review.enums import Outcome, ReviewStage
from pingxuan.web.review.models import Decision, Score
from tests.jobs import run_worker
from tests.web.nominations.helpers import fill_unit
from tests.web.opinions.helpers import pass_unit
from tests.web.personas import UNIT_A, UNIT_B, make_persona, signed_in

pytestmark = pytest.mark.django_db


def agree_all(nominations: list[Nomination]) -> None:
    for nomination in nominations:
        for department in missing_opinions(nomination):
            Opinion.objects.create(
                nomination=nomination, department=department, state=OpinionState.AGREED
            )


def scores_csv(nominations: list[Nomination]) -> bytes:
    """Scores that fall with the row: the first nominations of each award score highest."""
    lines = ["奖项,推荐单位,序号,分数"]
    lines += [
        f"{n.award},{n.unit.name},{n.seq},{100 - i % 50}.5" for i, n in enumerate(nominations)
    ]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


@pytest.fixture
def passed(campaign: Campaign, reviewer: User) -> list[Nomination]:
    """郑东新区 and 巩义市 filled, passed by 初审, every department opinion agreed."""
    nominations = []
    for name, clerk in ((UNIT_A, "clerk_a"), (UNIT_B, "clerk_b")):
        unit = Unit.objects.get(campaign=campaign, name=name)
        fill_unit(campaign, unit, make_persona(campaign, clerk))
        nominations += pass_unit(campaign, unit, reviewer)
    agree_all(nominations)
    return nominations


def client_of(user: User) -> Client:
    return signed_in(user)


def run(client: Client, campaign: Campaign, data: dict[str, str]):  # type: ignore[no-untyped-def]
    """Start 优选: the worker runs it, then its job page."""
    started = client.post(url(campaign, "selection_run"), data)
    assert started.status_code == 302 and started["Location"].startswith("/jobs/")
    run_worker()
    return client.get(started["Location"])


def url(campaign: Campaign, name: str) -> str:
    return reverse(f"office:{name}", kwargs={"slug": campaign.slug})


# --- scores ---------------------------------------------------------------------------------


def test_scores_import_stores_every_row_and_replaces_the_old_table(
    campaign: Campaign, reviewer: User, passed: list[Nomination]
) -> None:
    count = import_scores(campaign, "分数.csv", scores_csv(passed), actor=reviewer, role="reviewer")
    assert count == len(passed) == Score.objects.count()
    assert scores_of(campaign)[passed[0].pk] == Decimal("100.5")
    import_scores(campaign, "b.csv", scores_csv(passed[:3]), actor=reviewer, role="reviewer")
    assert Score.objects.count() == 3
    assert AuditEvent.objects.filter(action="selection.scores").count() == 2


def test_bad_rows_are_listed_in_chinese_and_nothing_is_lost(
    campaign: Campaign, reviewer: User, passed: list[Nomination]
) -> None:
    import_scores(campaign, "a.csv", scores_csv(passed), actor=reviewer, role="reviewer")
    first = passed[0]
    bad = (
        f"奖项,推荐单位,序号,分数\n{first.award},{UNIT_A},{first.seq},abc\n五一奖,{UNIT_A},1,3\n"
        f"{first.award},{UNIT_A},,4\n{first.award},{UNIT_A},99999,5\n"
    ).encode()
    with pytest.raises(ScoresError) as refused:
        import_scores(campaign, "b.csv", bad, actor=reviewer, role="reviewer")
    message = str(refused.value)
    assert message.startswith("b.csv：第2行：分数“abc”不是数字")
    assert "第3行：奖项“五一奖”" in message
    assert "第4行：序号为空" in message
    # A row naming no nomination is listed with the others, not only once they are fixed.
    assert refused.value.problems[-1] == f"第5行：找不到{first.award}{UNIT_A}序号99999这个推荐对象"
    assert len(refused.value.problems) == 4
    assert Score.objects.count() == len(passed)  # the old table is kept
    with pytest.raises(ScoresError, match=f"找不到{first.award}{UNIT_A}序号99999这个推荐对象"):
        import_scores(
            campaign,
            "c.csv",
            f"奖项,推荐单位,序号,分数\n{first.award},{UNIT_A},99999,5\n".encode(),
            actor=reviewer,
            role="reviewer",
        )
    with pytest.raises(ScoresError, match=r"\.xlsx 或 \.csv"):
        import_scores(campaign, "d.txt", b"x", actor=reviewer, role="reviewer")


def test_the_page_refuses_a_bad_upload_with_its_rows(
    campaign: Campaign, reviewer: User, passed: list[Nomination]
) -> None:
    client = client_of(reviewer)
    upload = SimpleUploadedFile(
        "分数.csv", "奖项,推荐单位,序号,分数\n五一奖,郑东新区,1,x\n".encode()
    )
    response = client.post(url(campaign, "selection_scores"), {"scores": upload})
    assert response.status_code == 400
    assert "分数表“分数.csv”未导入" in response.text and "第2行" in response.text
    upload = SimpleUploadedFile("分数.csv", scores_csv(passed))
    response = client.post(url(campaign, "selection_scores"), {"scores": upload}, follow=True)
    assert f"已导入{len(passed)}个分数" in response.text
    assert "100.5" in response.text


def test_the_page_names_the_uploaded_file_and_lists_every_bad_row(
    campaign: Campaign, reviewer: User, passed: list[Nomination]
) -> None:
    """QA: the error named “分数表.csv” whatever was uploaded, and showed one row."""
    first = passed[0]
    rows = "".join(f"{first.award},{UNIT_A},{n},九十\n" for n in range(1, 4))
    upload = SimpleUploadedFile(
        "../评审\u202e分数-bad.csv",
        f"奖项,推荐单位,序号,分数\n{rows}{first.award},{UNIT_A},99999,5\n".encode(),
    )

    response = client_of(reviewer).post(url(campaign, "selection_scores"), {"scores": upload})

    assert response.status_code == 400
    errors = re.findall(r'<p class="message message-error" role="alert">([^<]*)</p>', response.text)
    assert errors == [
        "分数表“评审分数-bad.csv”未导入，原有分数不变。以下各行有问题（最多列出 20 处），"
        "请全部改正后重新上传：",
        "第2行：分数“九十”不是数字",
        "第3行：分数“九十”不是数字",
        "第4行：分数“九十”不是数字",
        f"第5行：找不到{first.award}{UNIT_A}序号99999这个推荐对象",
    ]
    assert "分数表.csv" not in response.text


# --- the proposal ---------------------------------------------------------------------------


def test_proposal_compares_with_the_current_list(
    campaign: Campaign, reviewer: User, passed: list[Nomination]
) -> None:
    import_scores(campaign, "a.csv", scores_csv(passed), actor=reviewer, role="reviewer")
    approved = passed[0]
    approved.standing = Standing.APPROVED  # as if 复审 had already passed it
    approved.save(update_fields=["standing"])
    proposal = propose(campaign, allow_fewer=True)
    assert proposal.feasible and proposal.chosen
    every = {line.nomination.pk for a in proposal.awards for line in a.going_in}
    assert every == {pk for pk in proposal.chosen if pk != approved.pk}
    award = next(a for a in proposal.awards if a.name == approved.award)
    assert award.current == 1
    assert approved.pk in {line.nomination.pk for line in award.staying}
    assert approved.pk in proposal.chosen  # published: fixed in the optimiser
    assert len(proposal.to_pass) + len(proposal.to_fail) == len(passed) - 1
    ratio = proposal.ratios[0]
    assert ratio.before.members <= 1 and ratio.after.bound.base > 0


def test_candidates_without_opinions_are_left_out_and_listed(
    campaign: Campaign, reviewer: User, passed: list[Nomination]
) -> None:
    waiting = next(n for n in passed if Opinion.objects.filter(nomination=n).exists())
    Opinion.objects.filter(nomination=waiting).delete()
    proposal = propose(campaign, allow_fewer=True)
    assert [n.pk for n, _missing in proposal.blocked] == [waiting.pk]
    assert waiting.pk not in proposal.chosen
    assert waiting not in proposal.to_fail  # not judged, so not failed either


def test_no_candidates_is_said_plainly(campaign: Campaign, reviewer: User) -> None:
    response = run(client_of(reviewer), campaign, {})
    assert response.status_code == 200
    assert "没有可参加优选的候选" in response.text


def test_infeasible_shows_the_cores_reasons(
    campaign: Campaign, reviewer: User, passed: list[Nomination]
) -> None:
    response = run(client_of(reviewer), campaign, {})
    assert response.status_code == 200
    assert "没有找到符合全部规则的名单" in response.text
    assert "须选满30个" in response.text or "需80个" in response.text
    assert "采纳</button>" not in response.text


def test_a_shortfall_is_no_list_found_with_the_allow_fewer_way_out(
    campaign: Campaign, reviewer: User, passed: list[Nomination]
) -> None:
    """Two units cannot fill 30 badges: the job did not find a list (not a green 已完成), the
    clause is shown without the rule id in the text, and the advice is 允许少于, with a button
    that runs it again so."""
    import_scores(campaign, "a.csv", scores_csv(passed), actor=reviewer, role="reviewer")
    client = client_of(reviewer)
    response = run(client, campaign, {})
    job = response.context["job"]
    assert job.state == "failed"
    assert "已完成" not in response.text
    visible = response.text.split('class="technical-note"')[0]
    assert "（通知一）" in visible
    assert "quota.award_total" not in visible
    assert "修改分数" not in response.text
    assert "允许少于奖项总数（候选不足时）" in response.text
    rerun = f'action="{url(campaign, "selection_run")}"'
    assert rerun in response.text
    assert 'name="allow_fewer" value="on"' in response.text
    again = client.post(url(campaign, "selection_run"), {"allow_fewer": "on"})
    run_worker()
    found = client.get(again["Location"])
    assert found.context["job"].state == "done"
    assert found.context["job"].params["adoptable"], found.context["job"].params


def test_adopting_prepares_what_the_preview_counts_and_keeps_the_published(
    campaign: Campaign, reviewer: User, passed: list[Nomination]
) -> None:
    """A leader already approved at 复审 and its alternate scored higher: the optimiser must keep
    the published leader (one place, one person), so adopting never prepares the alternate's
    pass beside it, and per award the published plus the prepared passes are what the preview
    showed as 优选, never more than the award's total."""
    alternate = next(n for n in passed if n.kind == Kind.ALTERNATE)
    leader = alternate.alternate_of
    assert leader is not None
    leader.standing = Standing.APPROVED  # as if 复审 had already passed it
    leader.save(update_fields=["standing"])
    lines = ["奖项,推荐单位,序号,分数"]
    lines += [f"{n.award},{n.unit.name},{n.seq},{1 if n == leader else 90}" for n in passed]
    table = ("\n".join(lines) + "\n").encode()
    import_scores(campaign, "分数.csv", table, actor=reviewer, role="reviewer")

    proposal = propose(campaign, allow_fewer=True)
    assert proposal.feasible, proposal.conflicts
    adopt(campaign, proposal.chosen, allow_fewer=True, actor=reviewer, role="reviewer")

    prepared = Decision.objects.filter(
        stage=ReviewStage.SECOND, outcome=Outcome.PASS, released_at__isnull=True
    )
    assert alternate.pk not in set(prepared.values_list("nomination_id", flat=True))
    for award in proposal.awards:
        published = Nomination.objects.filter(award=award.name, standing=Standing.APPROVED)
        ready = prepared.filter(nomination__award=award.name).count()
        assert published.count() == award.current
        assert published.count() + ready == award.proposed <= award.total


# --- adopting -------------------------------------------------------------------------------


def test_adopt_prepares_second_review_decisions_and_one_audit_row(
    campaign: Campaign, reviewer: User, passed: list[Nomination]
) -> None:
    import_scores(campaign, "a.csv", scores_csv(passed), actor=reviewer, role="reviewer")
    client = client_of(reviewer)
    response = run(client, campaign, {"allow_fewer": "on"})
    chosen = response.context["job"].params["chosen"]
    assert "入" in response.text and "全市比例" in response.text
    assert f'name="chosen" value="{chosen}"' in response.text
    response = client.post(
        url(campaign, "selection_adopt"), {"chosen": chosen, "allow_fewer": "on"}
    )
    assert response.status_code == 302
    assert response.url == url(campaign, "second_release")
    decisions = Decision.objects.filter(stage=ReviewStage.SECOND, released_at__isnull=True)
    passes = set(decisions.filter(outcome=Outcome.PASS).values_list("nomination_id", flat=True))
    fails = decisions.filter(outcome=Outcome.FAIL)
    assert passes == {int(pk) for pk in chosen.split(",")}
    assert {d.reason for d in fails} == {NOT_CHOSEN_REASON}
    assert passes.isdisjoint(set(fails.values_list("nomination_id", flat=True)))
    assert len(passes) + fails.count() == len(passed)
    event = AuditEvent.objects.get(action="selection.adopt")
    assert event.changes["复审通过"] == ["", len(passes)]
    # Nothing released: standings unchanged until the 复审 preview.
    assert set(Nomination.objects.values_list("standing", flat=True)) == {Standing.PASSED}


def test_adopt_refuses_a_changed_proposal_and_prepares_nothing(
    campaign: Campaign, reviewer: User, passed: list[Nomination]
) -> None:
    import_scores(campaign, "a.csv", scores_csv(passed), actor=reviewer, role="reviewer")
    shown = propose(campaign, allow_fewer=True).chosen
    with pytest.raises(SelectionRefused):
        adopt(campaign, shown[1:], allow_fewer=True, actor=reviewer, role="reviewer")
    response = client_of(reviewer).post(
        url(campaign, "selection_adopt"), {"chosen": ",".join(map(str, shown[1:]))}
    )
    assert response.status_code == 409 and "未采纳" in response.text
    assert not Decision.objects.filter(stage=ReviewStage.SECOND).exists()
    assert not AuditEvent.objects.filter(action="selection.adopt").exists()


def test_the_page_shows_candidates_and_missing_scores(
    campaign: Campaign, reviewer: User, passed: list[Nomination]
) -> None:
    response = client_of(reviewer).get(url(campaign, "selection"))
    assert response.status_code == 200
    assert "无分数（按0分计）" in response.text
    assert passed[0].display_name in response.text


def test_one_refusal_adopts_nothing(
    campaign: Campaign, reviewer: User, passed: list[Nomination]
) -> None:
    import_scores(campaign, "a.csv", scores_csv(passed), actor=reviewer, role="reviewer")
    shown = propose(campaign, allow_fewer=True).chosen
    # A released 复审 decision that prepare must refuse to replace (its standing not yet moved).
    stuck = Decision.objects.create(
        campaign=campaign,
        nomination=passed[-1],
        stage=ReviewStage.SECOND,
        outcome=Outcome.PASS,
        prepared_at=timezone.now(),
        released_at=timezone.now(),
    )
    with pytest.raises(SelectionRefused) as refused:
        adopt(campaign, shown, allow_fewer=True, actor=reviewer, role="reviewer")
    assert "已发布，不能更改" in refused.value.reasons[0]
    assert list(Decision.objects.filter(stage=ReviewStage.SECOND)) == [stuck]
    assert not AuditEvent.objects.filter(action="selection.adopt").exists()
