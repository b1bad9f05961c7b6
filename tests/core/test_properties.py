"""Property tests: the engine's matching and ratio counts against brute force, and incremental
re-checking against a fresh check."""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from pingxuan.core.findings import RowRef
from pingxuan.core.nominations import Nomination
from pingxuan.core.rules.context import Context
from pingxuan.core.rules.engine import Checker, check
from pingxuan.core.rules.quota import seat, seat_kind_predicate
from pingxuan.core.rules.ratios import bound, tally
from pingxuan.core.spec.loader import load_spec
from pingxuan.core.spec.models import Ratio
from pingxuan.core.spec.places import Places, Reservation
from tests.factories.campaign import Generator, build_nominations

SPEC = load_spec("zhengzhou-2024")
# Three overlapping identities that the 2024 vocabulary can express.
RESERVATIONS = {
    "农民工": "人员标签 has 农民工",
    "非公": "单位性质 = 非公有制",
    "一线产业工人": "身份类别 = 一线产业工人",
}
SMALL = SPEC.model_copy(update={"reservations": RESERVATIONS})
CTX = Context(SMALL)


@st.composite
def places(draw) -> Places:
    labels = list(RESERVATIONS)
    reserved = []
    for label in draw(st.lists(st.sampled_from(labels), unique=True, max_size=3)):
        count = draw(st.integers(1, 2))
        children = ()
        if count > 1 and draw(st.booleans()):
            child = draw(st.sampled_from([x for x in labels if x != label]))
            children = (Reservation(child, draw(st.integers(1, count))),)
        reserved.append(Reservation(label, count, children))
    total = sum(r.count for r in reserved) + draw(st.integers(0, 2))
    return Places("generated", total, tuple(reserved))


@st.composite
def people(draw, max_size: int = 5) -> list[Nomination]:
    count = draw(st.integers(0, max_size))
    result = []
    for row in range(count):
        facts = {
            "人员标签": frozenset({"农民工"}) if draw(st.booleans()) else frozenset(),
            "单位性质": draw(st.sampled_from(["非公有制", "国有"])),
            "身份类别": draw(st.sampled_from(["一线产业工人", "科教人员"])),
        }
        result.append(
            Nomination("五一劳动奖章", "person", RowRef("五一劳动奖章", row + 2), "甲", facts)
        )
    return result


def brute_force(slots: list[tuple[tuple[str, ...], int]], nominations: list[Nomination]):
    """Best (placed, reserved places filled) over every assignment of people to seats."""
    seats = [labels for labels, count in slots for _ in range(count)]
    fits = [[seat_kind_predicate(CTX, labels)(n.facts) for labels in seats] for n in nominations]
    best = (0, 0)
    options = [None, *range(len(seats))]
    for assignment in itertools.product(options, repeat=len(nominations)):
        used = [s for s in assignment if s is not None]
        if len(used) != len(set(used)):
            continue
        if any(s is not None and not fits[i][s] for i, s in enumerate(assignment)):
            continue
        best = max(best, (len(used), sum(1 for s in used if seats[s])))
    return best


@settings(max_examples=150, deadline=None)
@given(places(), people())
def test_seating_is_a_maximum_matching_that_fills_most_reservations(cell, nominations):
    seating = seat(CTX, "甲", "五一劳动奖章", cell, nominations)
    placed = sum(len(kind.holders) for kind in seating.kinds)
    reserved = sum(len(kind.holders) for kind in seating.kinds if kind.labels)
    assert (placed, reserved) == brute_force(cell.slots(), nominations)
    assert placed + len(seating.unplaced) == len(nominations)
    for kind in seating.kinds:
        assert len(kind.holders) <= kind.capacity
        predicate = seat_kind_predicate(CTX, kind.labels)
        assert all(predicate(holder.facts) for holder in kind.holders)


@st.composite
def ratios(draw) -> Ratio:
    which = draw(st.sampled_from(["min", "max", "at_least"]))
    value = Fraction(draw(st.integers(0, 100)), 100)
    fields = {
        "min": {"min": str(float(value))},
        "max": {"max": str(float(value))},
        "at_least": {"at_least": draw(st.integers(0, 4))},
    }[which]
    return Ratio(
        id="generated",
        label="农民工",
        awards=["五一劳动奖章"],
        population="人员标签 has 农民工",
        clause="三（一）1",
        base=draw(st.sampled_from(["capped", "count", "award_total"])),
        **fields,
    )


@settings(max_examples=200, deadline=None)
@given(
    ratios(),
    people(max_size=12),
    st.lists(st.sampled_from(["综合表彰", "备选", "专项表彰"]), min_size=12, max_size=12),
)
def test_ratio_counts_and_bounds_match_brute_force(ratio, nominations, kinds):
    for nomination, kind in zip(nominations, kinds, strict=False):
        nomination.facts["表彰类型"] = kind
    counted = tally(CTX, ratio, nominations)
    comprehensive = [n for n in nominations if n.facts["表彰类型"] == "综合表彰"]
    members = [n for n in comprehensive if "农民工" in n.facts["人员标签"]]
    assert (counted.members, counted.base) == (len(members), len(comprehensive))

    base = {
        "capped": min(len(comprehensive), 120),
        "count": len(comprehensive),
        "award_total": 120,
    }[ratio.base]
    limit = bound(CTX, ratio, counted)
    if ratio.at_least is not None:
        assert limit.count == ratio.at_least
    elif ratio.min is not None:
        share = Fraction(str(ratio.min))
        assert limit.count == min(k for k in range(base + 1) if k >= share * base)
    else:
        share = Fraction(str(ratio.max))
        assert limit.count == max(k for k in range(base + 1) if k <= share * base)


FULL_ROWS = Generator(SPEC).rows()
MUTATIONS = [
    ("身份类别", "企业负责人"),
    ("身份类别", "科教人员"),
    ("人员标签", ""),
    ("身份证号", "123"),
    ("单位性质", "国有"),
    ("是否企业一线班组", "否"),
    ("贡献领域", ""),
    ("涉敏", ""),
    ("是否企业", "否"),
    ("推荐单位", "郑东新区"),
]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["五一劳动奖章", "工人先锋号", "五一劳动奖状"]),
            st.integers(0, 73),
            st.sampled_from(MUTATIONS),
        ),
        max_size=6,
    )
)
def test_incremental_recheck_equals_a_fresh_check(edits):
    rows = {sheet: [dict(r) for r in sheet_rows] for sheet, sheet_rows in FULL_ROWS.items()}
    nominations, reports = build_nominations(SPEC, rows)
    checker = Checker(SPEC).load(nominations, reports)
    for sheet, index, (column, value) in edits:
        if index >= len(rows[sheet]) or column not in rows[sheet][index]:
            continue
        old_unit = rows[sheet][index]["推荐单位"]
        rows[sheet][index][column] = value
        nominations, reports = build_nominations(SPEC, rows)
        report_by_unit = {r.unit: r for r in reports}
        for unit in {old_unit, rows[sheet][index]["推荐单位"]}:
            checker.update_unit(
                unit, [n for n in nominations if n.unit == unit], report_by_unit.get(unit)
            )
    assert checker.findings() == check(SPEC, nominations, reports)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["五一劳动奖章", "工人先锋号", "五一劳动奖状"]),
            st.integers(0, 73),
            st.sampled_from(MUTATIONS),
        ),
        max_size=6,
    )
)
def test_updating_a_copy_leaves_the_original_as_it_was(edits):
    rows = {sheet: [dict(r) for r in sheet_rows] for sheet, sheet_rows in FULL_ROWS.items()}
    nominations, reports = build_nominations(SPEC, rows)
    original = Checker(SPEC).load(nominations, reports)
    before = original.findings()
    tallies = {ratio.id: original.tally(ratio.id) for ratio in SPEC.ratios if ratio.group == "city"}
    tallies = {k: (t.members, t.base) for k, t in tallies.items()}
    checker = original
    for sheet, index, (column, value) in edits:
        if index >= len(rows[sheet]) or column not in rows[sheet][index]:
            continue
        old_unit = rows[sheet][index]["推荐单位"]
        rows[sheet][index][column] = value
        nominations, reports = build_nominations(SPEC, rows)
        report_by_unit = {r.unit: r for r in reports}
        checker = checker.copy()  # each edit on a copy of the last, as the web's evaluation does
        for unit in {old_unit, rows[sheet][index]["推荐单位"]}:
            checker.update_unit(
                unit, [n for n in nominations if n.unit == unit], report_by_unit.get(unit)
            )
    assert checker.findings() == check(SPEC, nominations, reports)
    assert original.findings() == before
    assert {k: (original.tally(k).members, original.tally(k).base) for k in tallies} == tallies
