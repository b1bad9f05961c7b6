"""The 差额 round as recorded (三（二）): who a vote puts forward, why a record cannot put anyone
forward, and the 差额 rule reading the record instead of a typed count. No database."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from pingxuan.core.findings import Severity
from pingxuan.core.rounds import Ballot, Round, derive
from pingxuan.core.rules.engine import check
from pingxuan.core.spec.layers import RoundRules
from pingxuan.core.spec.models import Spec
from tests.core.helpers import MEDAL
from tests.factories.campaign import Rows, build_nominations

RULES = RoundRules(clause="三（二）", bodies=["职代会", "职代会授权的联席会议"], quorum="2/3")
MAJORITY = RULES.model_copy(update={"majority": Fraction(1, 2)})


def vote(
    *ballots: tuple[str, int],
    seats: int = 2,
    present: int = 90,
    members: int = 120,
    body: str = "职代会",
) -> Round:
    return Round(
        award=MEDAL,
        body=body,
        held_on=date(2024, 3, 1),
        present=present,
        members=members,
        seats=seats,
        ballots=tuple(Ballot(name, votes) for name, votes in ballots),
        resolution="同意推荐得票最多的两名同志",
    )


def test_the_best_voted_are_put_forward():
    record = vote(("张三", 40), ("李四", 80), ("王五", 60))

    outcome = derive(record, places=4, rules=RULES)

    assert (outcome.chosen, outcome.problems) == (("李四", "王五"), ())


def test_a_majority_set_in_the_spec_leaves_a_seat_empty():
    record = vote(("张三", 40), ("李四", 80), ("王五", 45))

    assert derive(record, places=4, rules=MAJORITY).chosen == ("李四",)


def test_no_difference_between_nominated_and_chosen_is_refused():
    record = vote(("张三", 40), ("李四", 80))

    outcome = derive(record, places=4, rules=RULES)

    assert outcome.chosen == ()
    assert outcome.problems == ("初始提名2个，应选2个：差额评选须初始提名多于应选（至少3个）",)


def test_more_seats_than_places_is_refused():
    record = vote(("甲", 1), ("乙", 2), ("丙", 3), ("丁", 4), seats=3)

    outcome = derive(record, places=2, rules=RULES)

    assert outcome.problems == ("应选3个，超过本单位的名额2个：应选人数不能多于名额",)


def test_a_meeting_without_quorum_is_refused():
    record = vote(("张三", 40), ("李四", 50), ("王五", 60), present=79, members=120)

    outcome = derive(record, places=4, rules=RULES)

    assert outcome.problems == (
        "实到79人，不足应到120人的三分之二（至少80人），表决无效：请在达到法定人数的会议上重新表决",
    )


def test_exactly_the_quorum_is_enough():
    record = vote(("张三", 40), ("李四", 50), ("王五", 60), present=80, members=120)

    assert derive(record, places=4, rules=RULES).valid


def test_a_tie_at_the_last_seat_is_refused():
    record = vote(("张三", 50), ("李四", 70), ("王五", 50))

    outcome = derive(record, places=4, rules=RULES)

    assert outcome.problems == (
        "“张三”“王五”得票相同（50票），无法确定第2名：请按表决办法再次投票，录入再次投票的结果",
    )


def test_a_broken_record_says_every_problem():
    record = vote(("张三", 95), ("张三", 3), ("", 1), seats=1, body="党委会", present=90)

    outcome = derive(record, places=1, rules=RULES)

    assert outcome.problems == (
        "表决机构“党委会”不可用：请选择职代会或职代会授权的联席会议",
        "“张三”得票95票，多于实到人数90人",
        "初始提名中“张三”重复：每个候选对象只列一次",
        "初始提名中有一行没有姓名（名称）：请填写或删去这一行",
    )


def test_more_present_than_members_is_refused():
    outcome = derive(vote(("a", 1), ("b", 2), ("c", 3), present=130), places=4, rules=RULES)

    assert outcome.problems == ("实到130人，多于应到120人：请核对人数",)


def _check_with_round(spec: Spec, rows: Rows, record: Round) -> list:
    nominations, reports = build_nominations(spec, rows)
    report = next(r for r in reports if r.unit == "郑东新区")
    report.initial_counts[MEDAL] = None  # the record is read, not the typed count
    report.rounds[MEDAL] = record
    return [
        f
        for f in check(spec, nominations, reports)
        if f.unit == "郑东新区" and f.rule.startswith("process.")
    ]


def six_of_eight(**changes: int) -> Round:
    ballots = [(f"候选人{i}", 90 - i) for i in range(8)]
    return vote(*ballots, seats=changes.get("seats", 6), present=changes.get("present", 100))


def test_the_differential_rule_reads_a_valid_record(spec: Spec, rows: Rows):
    assert _check_with_round(spec, rows, six_of_eight()) == []


def test_the_differential_rule_refuses_a_record_without_quorum(spec: Spec, rows: Rows):
    found = _check_with_round(spec, rows, six_of_eight(present=60))

    assert [(f.rule, f.award, f.severity, f.clause) for f in found] == [
        ("process.round_invalid", MEDAL, Severity.ERROR, "三（二）")
    ]
    assert "实到60人，不足应到120人的三分之二" in found[0].message


def test_the_differential_rule_refuses_more_nominees_than_the_vote_chose(spec: Spec, rows: Rows):
    found = _check_with_round(spec, rows, six_of_eight(seats=5))

    assert [(f.rule, f.message) for f in found] == [
        ("process.round_exceeded", "五一劳动奖章：推荐6个，但差额表决只产生5个")
    ]
