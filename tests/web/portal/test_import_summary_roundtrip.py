"""The unit's own 汇总表 imports back without a change (QA: an ID number with a wrong check digit
was left out of the printed table, so re-importing the table deleted that person and created
them afresh, losing their materials and honours).

A property over generated units with values the core reads only as findings: an ID number or a
统一社会信用代码 that fails its check digit, an unknown 性别, a month, a year list or a 贡献领域
it cannot read, a lower-case x, a blank ID. Exported as the portal exports it, the table prints
every stored value; imported back, every row updates the nomination it came from (nothing is
deleted or created) and the data are the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingxuan.core.identifiers import id_number_problem
from pingxuan.core.spec.models import Spec
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.documents.interfaces.exports import XLSX, summary_export
from pingxuan.web.nominations.domain.adapt import Adapter, stored_nominations
from pingxuan.web.nominations.domain.edit import NominationInput, save_nomination
from pingxuan.web.nominations.domain.importing import import_workbook, preview_import
from pingxuan.web.nominations.enums import Kind
from tests.factories.campaign import Generator
from tests.web.personas import UNIT_A, make_persona

pytestmark = pytest.mark.django_db

NUMBERING = ("序号", "备选对象序号", "推荐单位")


def _wrong_check(text: str) -> str:
    """The same identifier with another last character: fails its check digit."""
    return text[:-1] + ("1" if text[-1] != "1" else "2")


# Each: (applies to a row?, the row changed). Values a clerk can store, the core only warns of.
MUTATIONS: dict[str, tuple[Any, Any]] = {
    "id-check-digit": (
        lambda r: "身份证号" in r,
        lambda r: {**r, "身份证号": _wrong_check(r["身份证号"])},
    ),
    "id-lower-x": (
        lambda r: "身份证号" in r,
        lambda r: {**r, "身份证号": r["身份证号"][:-1] + "x"},
    ),
    "id-blank": (lambda r: "身份证号" in r, lambda r: {**r, "身份证号": ""}),
    "credit-check-digit": (
        lambda r: "统一社会信用代码" in r,
        lambda r: {**r, "统一社会信用代码": _wrong_check(r["统一社会信用代码"])},
    ),
    "gender-unknown": (lambda r: "性别" in r, lambda r: {**r, "性别": "男性"}),
    "month-unreadable": (lambda r: "出生年月" in r, lambda r: {**r, "出生年月": "1985年13月"}),
    "areas-unreadable": (lambda r: True, lambda r: {**r, "贡献领域": "1、第九"}),
    "years-unreadable": (lambda r: True, lambda r: {**r, "曾获市级荣誉年份": "2019、去年"}),
}


def store(campaign: Campaign, unit: Unit, actor: User, rows: dict[str, list[dict[str, Any]]]):  # type: ignore[no-untyped-def]
    for award, award_rows in rows.items():
        leaders = {}
        for row in award_rows:
            kind = row.get("表彰类型") or Kind.COMPREHENSIVE
            data = NominationInput(
                award, kind=kind, cells=row, alternate_of=leaders.get(row.get("备选对象序号"))
            )
            leaders[row["序号"]] = save_nomination(campaign, unit, data, actor=actor, role="clerk")


def state(campaign: Campaign, unit: Unit, spec: Spec) -> dict[int, tuple[object, ...]]:
    """Each stored nomination by pk: where it stands, what the core reads of it, and the text of
    every value it cannot read."""
    adapter = Adapter(spec)
    result = {}
    for nomination in stored_nominations(campaign.pk).filter(unit=unit):
        core = adapter.to_core(nomination)
        facts = {k: v for k, v in core.facts.items() if k not in NUMBERING}
        result[nomination.pk] = (
            nomination.award,
            nomination.kind,
            nomination.seq,
            nomination.alternate_of_id,
            facts,
            {p.column: nomination.cells.get(p.column) for p in core.problems},
        )
    return result


@pytest.fixture
def spec(campaign: Campaign) -> Spec:
    return campaign_spec(campaign)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 10_000),
    changes=st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 30), st.sampled_from(sorted(MUTATIONS))),
        max_size=8,
    ),
)
def test_a_units_summary_table_imports_back_unchanged(
    campaign: Campaign,
    spec: Spec,
    tmp_path: Path,
    seed: int,
    changes: list[tuple[int, int, str]],
) -> None:
    unit = campaign.units.get(name=UNIT_A)
    with transaction.atomic():
        clerk = make_persona(campaign, "clerk_a")
        generated = Generator(spec, seed=seed).rows()
        rows = {
            award.name: [r for r in generated[award.name] if r["推荐单位"] == UNIT_A]
            for award in spec.awards
        }
        for award_index, row_index, name in changes:
            award_rows = rows[spec.awards[award_index].name]
            applies, change = MUTATIONS[name]
            if award_rows and applies(award_rows[row_index % len(award_rows)]):
                at = row_index % len(award_rows)
                award_rows[at] = change(award_rows[at])
        store(campaign, unit, clerk, rows)
        before = state(campaign, unit, spec)

        for award in spec.awards:
            if not rows[award.name]:
                continue
            export = summary_export(campaign, award, unit, XLSX)
            path = tmp_path / f"{seed}-{award.short_name}.xlsx"
            path.write_bytes(export.content)
            preview = preview_import(
                campaign, unit, path, file_label=export.filename, actor=clerk, role="clerk"
            )
            assert preview.refusal is None
            assert preview.deleted == []
            assert [r.row.label for r in preview.rows if r.updates is None] == []
            result = import_workbook(
                campaign, unit, path, file_label=export.filename, actor=clerk, role="clerk"
            )
            assert (result.created, result.deleted) == (0, 0)

        assert state(campaign, unit, spec) == before
        transaction.set_rollback(True)  # the next example starts from the same data


def test_an_id_number_that_fails_its_check_is_printed_as_stored(
    campaign: Campaign, spec: Spec, tmp_path: Path
) -> None:
    """The QA's 付涛明: the table prints the ID as stored; the finding stays a finding."""
    unit = campaign.units.get(name=UNIT_A)
    clerk = make_persona(campaign, "clerk_a")
    medal = spec.award("五一劳动奖章")
    row = Generator(spec, seed=5).rows()[medal.name][0]
    row = {**row, "推荐单位": UNIT_A, "身份证号": _wrong_check(row["身份证号"]), "表彰类型": ""}
    assert id_number_problem(row["身份证号"]) is not None
    store(campaign, unit, clerk, {medal.name: [row]})

    export = summary_export(campaign, medal, unit, XLSX)

    path = tmp_path / "table.xlsx"
    path.write_bytes(export.content)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    printed = [cell.value for line in sheet.iter_rows() for cell in line]
    assert row["身份证号"] in printed


def test_a_table_exported_with_the_id_cell_empty_still_updates_that_nominee(
    campaign: Campaign, spec: Spec, tmp_path: Path
) -> None:
    """A 汇总表 exported before this fix has the cell of an ID number failing its check empty
    (/tmp/qa/dl/郑东新区-五一劳动奖章-汇总表.xlsx): the row is matched by the name instead."""
    unit = campaign.units.get(name=UNIT_A)
    clerk = make_persona(campaign, "clerk_a")
    medal = spec.award("五一劳动奖章")
    rows = [r for r in Generator(spec, seed=5).rows()[medal.name] if r["推荐单位"] == UNIT_A]
    rows[0] = {**rows[0], "身份证号": _wrong_check(rows[0]["身份证号"])}
    store(campaign, unit, clerk, {medal.name: rows})
    before = state(campaign, unit, spec)
    path = tmp_path / "old.xlsx"
    path.write_bytes(summary_export(campaign, medal, unit, XLSX).content)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    for line in sheet.iter_rows():
        for cell in line:
            if cell.value == rows[0]["身份证号"]:
                cell.value = None  # as the old export left it
    book.save(path)

    preview = preview_import(campaign, unit, path, file_label="old.xlsx", actor=clerk, role="clerk")

    assert preview.deleted == []
    assert [r.row.label for r in preview.rows if r.updates is None] == []
    result = import_workbook(campaign, unit, path, file_label="old.xlsx", actor=clerk, role="clerk")
    assert (result.created, result.deleted) == (0, 0)
    # The same nominees, by pk: their materials and honours stay. (The empty cell does clear
    # the stored ID, as an empty cell of any import does; the preview shows the row without it.)
    assert set(state(campaign, unit, spec)) == set(before)
