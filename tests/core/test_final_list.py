"""A final list as the final stage counts it: an alternate without its leader on the list has
taken the place and is 综合表彰; with its leader there too it has not, and the list says so; the
optimiser's chosen list is already what ``on_final_list`` makes of it."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from pingxuan.core.final_list import on_final_list
from pingxuan.core.findings import Stage
from pingxuan.core.nominations import Nomination
from pingxuan.core.rules.engine import Checker
from pingxuan.core.select.candidates import key_of
from pingxuan.core.select.output import write_selection_workbook
from pingxuan.core.select.solve import select
from pingxuan.core.spec.models import Spec
from pingxuan.core.workbook import read_workbook
from tests.core.select.instances import MEDAL, random_scores
from tests.factories.campaign import Generator, build_nominations


def _pair(spec: Spec) -> tuple[list[Nomination], Nomination, Nomination]:
    nominations, _ = build_nominations(spec, Generator(spec).rows())
    alternate = next(n for n in nominations if n.is_alternate)
    leader = next(
        n
        for n in nominations
        if n.award == alternate.award
        and n.unit == alternate.unit
        and n.seq == alternate.facts["备选对象序号"]
    )
    return nominations, leader, alternate


def test_an_alternate_without_its_leader_is_listed_as_comprehensive(spec: Spec) -> None:
    nominations, leader, alternate = _pair(spec)
    given = [n for n in nominations if n is not leader]

    final = on_final_list(spec, given)

    listed = final.nominations[given.index(alternate)]
    assert (listed.kind, listed.facts["备选对象序号"], listed.ref) == (
        "综合表彰",
        None,
        alternate.ref,
    )
    assert [f for f in final.findings if alternate.ref in f.rows] == []
    counted = Checker(spec, Stage.FINAL).load(final.nominations).results[alternate.unit]
    as_given = Checker(spec, Stage.FINAL).load(given).results[alternate.unit]
    assert counted.comprehensive[MEDAL] == as_given.comprehensive[MEDAL] + 1


def test_an_alternate_beside_its_leader_counts_for_nothing_and_is_an_error(spec: Spec) -> None:
    nominations, leader, alternate = _pair(spec)

    final = on_final_list(spec, nominations)

    assert final.nominations[nominations.index(alternate)].kind == "备选"
    about = [f for f in final.findings if alternate.ref in f.rows]
    assert [(f.rule, f.severity.value, f.rows) for f in about] == [
        ("final.leader_and_alternate", "error", (leader.ref, alternate.ref))
    ]


def test_a_withdrawn_nomination_is_not_on_the_list(spec: Spec) -> None:
    nominations, leader, alternate = _pair(spec)
    gone = replace(leader, withdrawn=True)
    given = [gone if n is leader else n for n in nominations]

    final = on_final_list(spec, given)

    assert gone not in final.source and len(final.nominations) == len(nominations) - 1
    assert final.nominations[final.source.index(alternate)].kind == "综合表彰"


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_the_optimisers_list_is_what_on_final_list_makes_of_it(spec: Spec, seed: int) -> None:
    nominations, _leader, alternate = _pair(spec)
    scores = random_scores(nominations, seed)
    if seed % 2:
        scores[key_of(alternate)] = Decimal(1000)  # half the runs the alternate takes the place

    selection = select(spec, nominations, scores, allow_fewer=True)

    chosen = [d.nomination for d in selection.decisions if d.chosen]
    final = on_final_list(spec, chosen)
    assert [n.facts for n in final.nominations] == [n.facts for n in selection.chosen]
    assert final.findings == []
    assert Counter(n.award for n in final.nominations if n.comprehensive) == Counter(
        n.award for n in selection.chosen
    )


def test_a_final_list_written_to_an_open_file_reads_back_as_written(
    spec: Spec, tmp_path: Path
) -> None:
    nominations, leader, _alternate = _pair(spec)
    final = on_final_list(spec, [n for n in nominations if n is not leader])
    buffer = io.BytesIO()

    write_selection_workbook(spec, final.nominations, buffer)

    path = tmp_path / "最终名单.xlsx"
    path.write_bytes(buffer.getvalue())
    back = read_workbook(path, spec).nominations
    assert Counter((n.award, n.kind) for n in back) == Counter(
        (n.award, n.kind) for n in final.nominations
    )
