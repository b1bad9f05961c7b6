"""The optimiser on the 2024 campaign: full lists the engine accepts, named conflicts when no
list exists, the committee's fixed choices, exclusions and the reasons given."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from pingxuan.core.findings import Stage
from pingxuan.core.rules.engine import check
from pingxuan.core.select.candidates import key_of
from pingxuan.core.select.solve import Selection, select
from pingxuan.core.spec.models import Spec
from tests.core.select.instances import BADGE, MEDAL, TEAM, random_scores, with_extra_candidates
from tests.factories.campaign import Generator, Rows, build_nominations


def _counts(selection: Selection) -> dict[str, int]:
    return dict(Counter(n.award for n in selection.chosen))


def _few_non_public_badges(rows: Rows, keep: int) -> Rows:
    non_public = [r for r in rows[BADGE] if r["单位性质"] == "非公有制"]
    for row in non_public[keep:]:
        row["单位性质"] = "国有"
    return rows


def test_zhengzhou_with_extra_candidates_selects_full_lists(spec: Spec) -> None:
    nominations, _ = build_nominations(spec, with_extra_candidates(spec))
    scores = random_scores(nominations, 2024)

    selection = select(spec, nominations, scores)

    assert selection.feasible
    assert _counts(selection) == {BADGE: 30, MEDAL: 120, TEAM: 80}
    assert check(spec, selection.chosen, stage=Stage.FINAL) == []


def test_zhengzhou_extra_candidates_are_left_out_with_a_reason(spec: Spec) -> None:
    """Every unit with medal or team places put forward more than it has: each one left out
    is told the unit's places, the leader/alternate rule, a ratio or the score stopped it."""
    nominations, _ = build_nominations(spec, with_extra_candidates(spec))

    selection = select(spec, nominations, random_scores(nominations, 7))

    left_out = [d.rule for d in selection.decisions if not d.chosen]
    assert len(left_out) == len(nominations) - 230
    known = {"score", "quota.unit_over", "quota.unit_unplaced", "select.leader_or_alternate"}
    assert {rule for rule in left_out if not rule.startswith("ratio.")} <= known
    assert "quota.unit_over" in left_out  # the extra people of a full unit


def test_leader_or_alternate_takes_the_place(spec: Spec) -> None:
    rows = Generator(spec).rows()
    nominations, _ = build_nominations(spec, rows)
    alternates = [n for n in nominations if n.is_alternate]
    scores = {key_of(n): Decimal(50) for n in nominations}
    for alternate in alternates:
        scores[key_of(alternate)] = Decimal(90)  # the alternate is judged better

    selection = select(spec, nominations, scores)

    chosen_rows = {n.ref for n in selection.chosen}
    assert {a.ref for a in alternates} <= chosen_rows
    listed = [n for n in selection.chosen if n.ref in {a.ref for a in alternates}]
    assert {n.kind for n in listed} == {"综合表彰"}  # an alternate who takes it is listed so
    leaders = [d for d in selection.decisions if d.rule == "select.leader_or_alternate"]
    assert len(leaders) == len(alternates)
    assert not any(d.chosen for d in leaders)


def test_too_few_non_public_badges_names_the_ratio(spec: Spec) -> None:
    rows = _few_non_public_badges(Generator(spec).rows(), keep=6)
    nominations, _ = build_nominations(spec, rows)

    selection = select(spec, nominations, random_scores(nominations, 1))

    assert not selection.feasible
    by_rule = {c.ref.rule: c for c in selection.conflicts}
    assert set(by_rule) == {"ratio.badge.non_public", "quota.award_total"}
    assert by_rule["ratio.badge.non_public"].amount == 2
    assert "还需2个非公有制企业候选" in by_rule["ratio.badge.non_public"].message
    assert "只有6个是非公有制企业" in by_rule["ratio.badge.non_public"].message


def test_must_take_and_must_not_are_followed(spec: Spec) -> None:
    nominations, _ = build_nominations(spec, Generator(spec).rows())
    scores = random_scores(nominations, 3)
    badges = sorted((n for n in nominations if n.award == BADGE), key=lambda n: scores[key_of(n)])
    lowest, highest = badges[0], badges[-1]

    selection = select(
        spec,
        nominations,
        scores,
        must=frozenset({key_of(lowest)}),
        must_not=frozenset({key_of(highest)}),
    )

    chosen = {n.ref for n in selection.chosen}
    assert lowest.ref in chosen
    assert highest.ref not in chosen
    reasons = {d.nomination.ref: d.rule for d in selection.decisions}
    assert reasons[lowest.ref] == "select.must_take"
    assert reasons[highest.ref] == "select.must_not"


def test_must_take_leader_and_alternate_conflict_is_named(spec: Spec) -> None:
    nominations, _ = build_nominations(spec, Generator(spec).rows())
    alternate = next(n for n in nominations if n.is_alternate)
    leader = next(
        n
        for n in nominations
        if n.award == alternate.award and n.seq == alternate.facts["备选对象序号"]
    )

    selection = select(spec, nominations, {}, must=frozenset({key_of(leader), key_of(alternate)}))

    assert not selection.feasible
    assert [c.ref.rule for c in selection.conflicts] == ["select.must_take", "select.must_take"]


def test_must_not_too_many_non_public_names_the_ratio(spec: Spec) -> None:
    nominations, _ = build_nominations(spec, Generator(spec).rows())
    non_public = [n for n in nominations if n.award == BADGE and n.facts["单位性质"] == "非公有制"]
    refused = frozenset(key_of(n) for n in non_public[7:])

    selection = select(spec, nominations, {}, must_not=refused)

    assert not selection.feasible
    assert "ratio.badge.non_public" in {c.ref.rule for c in selection.conflicts}


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"涉敏": ""}, "select.sensitive_unanswered"),
        ({"表彰类型": "专项表彰"}, "select.special"),
        ({"职代会审议日期": ""}, "process.congress_approval"),
    ],
)
def test_excluded_nominations_say_why(spec: Spec, change: dict[str, str], rule: str) -> None:
    rows = with_extra_candidates(spec)
    rows[MEDAL][0].update(change)
    nominations, _ = build_nominations(spec, rows)

    selection = select(spec, nominations, {})

    decision = next(
        d for d in selection.decisions if d.nomination.ref.row == 2 and d.nomination.award == MEDAL
    )
    assert (decision.chosen, decision.rule) == (False, rule)


def test_withdrawn_nomination_is_never_chosen(spec: Spec) -> None:
    nominations, _ = build_nominations(spec, with_extra_candidates(spec))
    nominations[0].withdrawn = True
    scores = {key_of(n): Decimal(1) for n in nominations}
    scores[key_of(nominations[0])] = Decimal(1000)

    selection = select(spec, nominations, scores)

    assert nominations[0].ref not in {
        n.ref for n in selection.chosen if n.award == nominations[0].award
    }
    decision = next(d for d in selection.decisions if d.nomination is nominations[0])
    assert decision.rule == "select.withdrawn"


def test_same_input_same_list(spec: Spec) -> None:
    nominations, _ = build_nominations(spec, with_extra_candidates(spec))

    first = select(spec, nominations, {})
    second = select(spec, nominations, {})

    assert [n.ref for n in first.chosen] == [n.ref for n in second.chosen]


def test_equal_scores_take_the_earlier_row_of_interchangeable_candidates(spec: Spec) -> None:
    """Two badges of one unit that every rule treats alike and with one score: the first row."""
    rows = Generator(spec).rows()
    first, second = rows[BADGE][0], rows[BADGE][1]
    for name in ("是否企业", "单位性质", "是否重点产业"):
        second[name] = first[name]
    nominations, _ = build_nominations(spec, rows)
    scores = {key_of(n): Decimal(80) for n in nominations}
    pair = [n for n in nominations if n.award == BADGE][:2]
    others = [n for n in nominations if n.award == BADGE][2:]
    for n in others[:29]:
        scores[key_of(n)] = Decimal(90)  # 29 sure places: one left for the pair

    selection = select(spec, nominations, scores)

    chosen = {n.ref for n in selection.chosen}
    assert (pair[0].ref in chosen, pair[1].ref in chosen) == (True, False)


def test_decimal_scores_are_summed_exactly(spec: Spec) -> None:
    nominations, _ = build_nominations(spec, Generator(spec).rows())
    scores = {
        key_of(n): Decimal(f"{60 + n.ref.row % 40}.{n.ref.row % 100:02d}") for n in nominations
    }

    selection = select(spec, nominations, scores)

    chosen_keys = {key_of(n) for n in selection.chosen}
    assert selection.objective == sum((scores[k] for k in chosen_keys), Decimal(0))
    assert selection.objective != selection.objective.to_integral_value()  # cents counted


def test_no_candidate_at_all_names_every_award_total(spec: Spec) -> None:
    selection = select(spec, [], {})

    assert not selection.feasible
    assert [c.ref.rule for c in selection.conflicts] == ["quota.award_total"] * 3
    assert "还差120个" in " ".join(c.message for c in selection.conflicts)


def test_decided_nominations_stay_on_the_list_and_count_toward_the_total(spec: Spec) -> None:
    """A published 复审通过 is fixed: the lowest-scored badge stays chosen, the list still holds
    exactly 30 badges with it, and its reason says it was decided, not chosen by score."""
    nominations, _ = build_nominations(spec, with_extra_candidates(spec))
    scores = random_scores(nominations, 11)
    badges = sorted((n for n in nominations if n.award == BADGE), key=lambda n: scores[key_of(n)])
    lowest = badges[0]

    selection = select(spec, nominations, scores, decided=frozenset({key_of(lowest)}))

    assert selection.feasible
    assert lowest.ref in {n.ref for n in selection.chosen}
    assert _counts(selection)[BADGE] == 30
    reasons = {d.nomination.ref: d.rule for d in selection.decisions}
    assert reasons[lowest.ref] == "select.decided"
    assert check(spec, selection.chosen, stage=Stage.FINAL) == []


def test_decided_leader_and_alternate_conflict_is_named_as_published(spec: Spec) -> None:
    nominations, _ = build_nominations(spec, Generator(spec).rows())
    alternate = next(n for n in nominations if n.is_alternate)
    leader = next(
        n
        for n in nominations
        if n.award == alternate.award and n.seq == alternate.facts["备选对象序号"]
    )

    selection = select(
        spec, nominations, {}, decided=frozenset({key_of(leader), key_of(alternate)})
    )

    assert not selection.feasible
    assert [c.ref.rule for c in selection.conflicts] == ["select.decided", "select.decided"]
    assert "已复审通过（已发布）" in selection.conflicts[0].message


def test_a_decided_nomination_the_final_list_cannot_hold_is_named(spec: Spec) -> None:
    rows = with_extra_candidates(spec)
    rows[MEDAL][0]["职代会审议日期"] = ""
    nominations, _ = build_nominations(spec, rows)
    broken = next(n for n in nominations if n.award == MEDAL and n.ref.row == 2)

    selection = select(spec, nominations, {}, decided=frozenset({key_of(broken)}))

    assert not selection.feasible
    assert [c.ref.rule for c in selection.conflicts] == ["select.decided"]
    assert "不能留在最终名单上" in selection.conflicts[0].message


def test_a_decided_alternate_holds_the_place_without_its_leader(spec: Spec) -> None:
    """Its leader was left out when the alternate was approved: the published alternate stays,
    listed as 综合表彰, although its leader is not among the candidates any more."""
    nominations, _ = build_nominations(spec, Generator(spec).rows())
    alternate = next(n for n in nominations if n.is_alternate)
    leader = next(
        n
        for n in nominations
        if n.award == alternate.award and n.seq == alternate.facts["备选对象序号"]
    )
    rest = [n for n in nominations if n is not leader]

    selection = select(spec, rest, {}, decided=frozenset({key_of(alternate)}), allow_fewer=True)

    assert selection.feasible
    reasons = {d.nomination.ref: d.rule for d in selection.decisions}
    assert reasons[alternate.ref] == "select.decided"
