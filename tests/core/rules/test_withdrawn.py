"""A nomination failed at 初审 or revoked after a complaint keeps its place and nothing else: it is
judged no more, counts in no ratio, and is never part of a final list (RULES.md §5)."""

from __future__ import annotations

from pingxuan.core.findings import Stage
from pingxuan.core.rules.engine import Checker
from pingxuan.core.spec.models import Spec
from tests.core.rules.conftest import MEDAL, first, fresh_person, row_number
from tests.factories.campaign import Rows, build_nominations


def checked(
    spec: Spec, rows: Rows, withdrawn: set[tuple[str, int]], stage: Stage = Stage.NOMINATION
):
    nominations, reports = build_nominations(spec, rows)
    for nomination in nominations:
        nomination.withdrawn = (nomination.ref.sheet, nomination.ref.row) in withdrawn
    return Checker(spec, stage).load(nominations, reports)


def test_a_withdrawn_row_still_takes_its_place(spec: Spec, rows: Rows) -> None:
    worker = first(rows, MEDAL, "郑东新区", 身份类别="一线产业工人")
    gone = {(MEDAL, row_number(rows, MEDAL, worker))}
    replacement = fresh_person(worker, seed=71)
    rows[MEDAL].append(replacement)

    findings = checked(spec, rows, gone).findings()

    over = [f for f in findings if f.rule == "quota.unit_over"]
    assert len(over) == 1 and over[0].unit == "郑东新区"


def test_a_withdrawn_row_is_not_judged(spec: Spec, rows: Rows) -> None:
    worker = first(rows, MEDAL, "郑东新区", 身份类别="一线产业工人")
    worker["身份证号"] = "41010219800101"  # broken: an error while it stands
    ref = (MEDAL, row_number(rows, MEDAL, worker))

    standing = [
        f for f in checked(spec, rows, set()).findings() if ref[1] in [r.row for r in f.rows]
    ]
    withdrawn = [
        f for f in checked(spec, rows, {ref}).findings() if ref[1] in [r.row for r in f.rows]
    ]

    assert any(f.rule.startswith("data.") for f in standing)
    assert not any(f.rule.startswith("data.") for f in withdrawn)


def test_a_withdrawn_row_counts_in_no_ratio(spec: Spec, rows: Rows) -> None:
    worker = first(rows, MEDAL, "郑东新区", 身份类别="一线产业工人")
    ref = (MEDAL, row_number(rows, MEDAL, worker))
    city = [r.id for r in spec.ratios if r.group == "city" and r.awards == [MEDAL]]

    before = checked(spec, rows, set())
    after = checked(spec, rows, {ref})

    assert city
    for ratio_id in city:
        assert after.tally(ratio_id).base == before.tally(ratio_id).base - 1


def test_a_withdrawn_row_is_never_on_a_final_list(spec: Spec, rows: Rows) -> None:
    worker = first(rows, MEDAL, "郑东新区", 身份类别="一线产业工人")
    ref = (MEDAL, row_number(rows, MEDAL, worker))

    final = checked(spec, rows, {ref}, Stage.FINAL)

    assert (
        final.results["郑东新区"].comprehensive[MEDAL]
        == checked(spec, rows, set(), Stage.FINAL).results["郑东新区"].comprehensive[MEDAL] - 1
    )


def test_alternate_of_a_withdrawn_leader_is_told_the_place_is_cancelled(
    spec: Spec, rows: Rows
) -> None:
    leader = next(r for r in rows[MEDAL] if r["身份类别"] == "企业负责人")
    alternate = next(
        r for r in rows[MEDAL] if r["表彰类型"] == "备选" and r["备选对象序号"] == leader["序号"]
    )
    gone = {(MEDAL, row_number(rows, MEDAL, leader))}
    alternate_row = row_number(rows, MEDAL, alternate)

    about = [
        (f.rule, f.severity.value, f.clause)
        for f in checked(spec, rows, gone).findings()
        if alternate_row in [r.row for r in f.rows]
    ]

    assert about == [("leader.alternate_place_cancelled", "info", "三（四）")]
