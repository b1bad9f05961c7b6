"""A unit's 差额 round for one award, as recorded: the initial nomination list (初始提名), the vote
that chose from it, and who the vote puts forward.

三（二）: 县级以下工会（含县级）实行差额评选，即先进行初始提名，再采用差额方式确定推荐对象；
推荐对象由职代会审议通过，闭会期间由职代会授权的联席会议审议通过. The notice says what a round
is, not how a vote counts: the bodies, the quorum and any majority come from the spec's ``[rounds]``
(``spec.layers.RoundRules``). ``derive`` is the one place that turns a record into the list of
picks; the 差额 rule and the web read its ``Outcome``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from pingxuan.core.spec.layers import RoundRules


@dataclass(frozen=True, slots=True)
class Ballot:
    """A candidate of the initial list and the votes it received."""

    candidate: str
    votes: int


@dataclass(frozen=True, slots=True)
class Round:
    """One award's round at one unit, as the unit recorded it."""

    award: str
    body: str
    held_on: date | None
    present: int
    members: int
    seats: int  # 应选人数: how many the resolution puts forward
    ballots: tuple[Ballot, ...]  # the initial list, in the order it was nominated
    resolution: str = ""

    @property
    def initial_count(self) -> int:
        return len(self.ballots)


@dataclass(frozen=True, slots=True)
class Outcome:
    """Who the round puts forward, or why it cannot put anyone forward (Chinese, one per line)."""

    chosen: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return not self.problems


def derive(record: Round, *, places: int, rules: RoundRules) -> Outcome:
    """The picks of a round: the ``seats`` best-voted candidates who reached the majority, if the
    vote was valid; at most ``places`` and fewer than nominated (差额)."""
    problems = [*_record_problems(record, rules), *_count_problems(record, places)]
    if problems:
        return Outcome((), tuple(problems))
    ranked = sorted(record.ballots, key=lambda b: -b.votes)
    elected = [b for b in ranked if _reaches(b.votes, record.present, rules.majority)]
    chosen = elected[: record.seats]
    if len(elected) > record.seats and elected[record.seats].votes == chosen[-1].votes:
        tied = [b.candidate for b in elected if b.votes == chosen[-1].votes]
        return Outcome(
            (),
            (
                f"“{'”“'.join(tied)}”得票相同（{chosen[-1].votes}票），无法确定第{record.seats}名："
                "请按表决办法再次投票，录入再次投票的结果",
            ),
        )
    return Outcome(tuple(b.candidate for b in chosen), ())


def _record_problems(record: Round, rules: RoundRules) -> list[str]:
    problems = []
    if record.body not in rules.bodies:
        problems.append(f"表决机构“{record.body}”不可用：请选择{'或'.join(rules.bodies)}")
    if record.held_on is None:
        problems.append("请填写表决日期")
    if record.members < 1:
        problems.append("请填写应到人数（表决机构的全体成员人数）")
    elif record.present > record.members:
        problems.append(f"实到{record.present}人，多于应到{record.members}人：请核对人数")
    elif Fraction(record.present, record.members) < rules.quorum:
        needed = -(-record.members * rules.quorum.numerator // rules.quorum.denominator)
        problems.append(
            f"实到{record.present}人，不足应到{record.members}人的{_share(rules.quorum)}"
            f"（至少{needed}人），表决无效：请在达到法定人数的会议上重新表决"
        )
    seen: set[str] = set()
    for ballot in record.ballots:
        if not ballot.candidate.strip():
            problems.append("初始提名中有一行没有姓名（名称）：请填写或删去这一行")
        elif ballot.candidate in seen:
            problems.append(f"初始提名中“{ballot.candidate}”重复：每个候选对象只列一次")
        seen.add(ballot.candidate)
        if ballot.votes < 0:
            problems.append(f"“{ballot.candidate}”的得票不能是负数")
        elif ballot.votes > record.present:
            problems.append(
                f"“{ballot.candidate}”得票{ballot.votes}票，多于实到人数{record.present}人"
            )
    return problems


def _count_problems(record: Round, places: int) -> list[str]:
    if record.seats < 1:
        return ["应选人数至少为1"]
    problems = []
    if record.seats > places:
        problems.append(f"应选{record.seats}个，超过本单位的名额{places}个：应选人数不能多于名额")
    if record.initial_count <= record.seats:
        problems.append(
            f"初始提名{record.initial_count}个，应选{record.seats}个：差额评选须初始提名多于应选"
            f"（至少{record.seats + 1}个）"
        )
    return problems


def _reaches(votes: int, present: int, majority: Fraction | None) -> bool:
    """More than ``majority`` of those present (过半数 for 1/2); no majority set means any vote."""
    if majority is None:
        return votes > 0
    return Fraction(votes, present) > majority if present else False


def _share(value: Fraction) -> str:
    names = {Fraction(1, 2): "半数", Fraction(2, 3): "三分之二"}
    return names.get(value, f"{value.numerator}/{value.denominator}")
