"""The optimiser against enumeration: on tiny random campaigns the best list the engine accepts
(every subset of each award's candidates, exactly the award's total) has the optimiser's score,
and when no subset is accepted the optimiser names conflicting rules instead of a list."""

from __future__ import annotations

from decimal import Decimal
from itertools import combinations

import pytest

from pingxuan.core.findings import Severity, Stage
from pingxuan.core.nominations import Nomination
from pingxuan.core.rules.engine import Checker
from pingxuan.core.select.candidates import Key, as_comprehensive, key_of
from pingxuan.core.select.solve import select
from pingxuan.core.spec.models import Spec
from tests.core.select.instances import random_scores, tiny_rows, tiny_spec
from tests.factories.campaign import build_nominations

SEEDS = range(40)


@pytest.fixture(scope="module")
def tiny() -> Spec:
    return tiny_spec()


def _accepted(spec: Spec, chosen: list[Nomination]) -> bool:
    findings = Checker(spec, Stage.FINAL).load(chosen).findings()
    return not any(f.severity == Severity.ERROR for f in findings)


def _brute_force(
    spec: Spec, nominations: list[Nomination], scores: dict[Key, Decimal]
) -> Decimal | None:
    """Best total score over lists the engine accepts, awards enumerated one at a time (no rule
    of the final stage spans two awards); None when an award has no acceptable list."""
    best_total = Decimal(0)
    for award in spec.awards:
        pool = [
            n for n in nominations if n.award == award.name and (n.comprehensive or n.is_alternate)
        ]
        leader_of = {
            id(n): next(m for m in pool if m.seq == n.facts.get("备选对象序号"))
            for n in pool
            if n.is_alternate
        }
        best: Decimal | None = None
        for subset in combinations(pool, award.total):
            members = {id(n) for n in subset}
            if any(id(leader_of[id(n)]) in members for n in subset if n.is_alternate):
                continue  # leader or alternate, never both
            listed = [as_comprehensive(n) if n.is_alternate else n for n in subset]
            if not _accepted(spec, listed):
                continue
            value = sum((scores[key_of(n)] for n in subset), Decimal(0))
            best = value if best is None or value > best else best
        if best is None:
            return None
        best_total += best
    return best_total


@pytest.mark.parametrize("seed", SEEDS)
def test_optimum_equals_brute_force(tiny: Spec, seed: int) -> None:
    nominations, _ = build_nominations(tiny, tiny_rows(tiny, seed))
    scores = random_scores(nominations, seed)

    selection = select(tiny, nominations, scores)
    expected = _brute_force(tiny, nominations, scores)

    if expected is None:
        assert not selection.feasible
        assert selection.conflicts
    else:
        assert selection.feasible
        assert selection.objective == expected
        assert _accepted(tiny, selection.chosen)


def test_brute_force_seeds_include_both_outcomes(tiny: Spec) -> None:
    """The random instances are not all easy or all impossible."""
    outcomes = set()
    for seed in SEEDS:
        nominations, _ = build_nominations(tiny, tiny_rows(tiny, seed))
        outcomes.add(select(tiny, nominations, random_scores(nominations, seed)).feasible)
    assert outcomes == {True, False}


# A share measured within part of the nominees (issue 15): at most 40% of the 非公有制
# medallists may be 科教人员, whatever the 国有 ones are.
WITHIN = """
[[ratios]]
id = "medal.science_within_non_public"
label = "科教人员"
awards = ["五一劳动奖章"]
population = "身份类别 = 科教人员"
within = "单位性质 = 非公有制"
within_label = "非公有制单位推荐对象"
max = 0.4
clause = "三（一）1"
"""


@pytest.fixture(scope="module")
def tiny_within() -> Spec:
    return tiny_spec(WITHIN)


@pytest.mark.parametrize("seed", SEEDS)
def test_ratio_within_a_population_optimum_equals_brute_force(tiny_within: Spec, seed: int) -> None:
    nominations, _ = build_nominations(tiny_within, tiny_rows(tiny_within, seed))
    scores = random_scores(nominations, seed)

    selection = select(tiny_within, nominations, scores)
    expected = _brute_force(tiny_within, nominations, scores)

    assert selection.feasible == (expected is not None)
    if expected is not None:
        assert selection.objective == expected
        assert _accepted(tiny_within, selection.chosen)


def test_ratio_within_a_population_changes_some_optimum(tiny: Spec, tiny_within: Spec) -> None:
    """The within ratio binds on some instance: the optimiser does not ignore it."""
    changed = 0
    for seed in SEEDS:
        nominations, _ = build_nominations(tiny, tiny_rows(tiny, seed))
        scores = random_scores(nominations, seed)
        plain = select(tiny, nominations, scores)
        within = select(tiny_within, nominations, scores)
        changed += (plain.feasible, plain.objective) != (within.feasible, within.objective)
    assert changed > 0
