"""序号 a unit recognises (issue 14, 4): each unit numbers its nominations of an award 1..n, a
deletion closes the gap, the import keeps the workbook's numbering, the data migration turns the
old city-wide numbers into the units' own, and the unit page, the office page, the exported
汇总表 and its PDF print the same numbers."""

from __future__ import annotations

import importlib
import io
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from pingxuan.core.documents.summary_xlsx import sheet_name
from pingxuan.core.spec.models import Spec
from pingxuan.web.accounts.enums import Role
from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.edit import (
    NominationInput,
    delete_nomination,
    save_nomination,
)
from pingxuan.web.nominations.domain.numbering import number_key
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.nominations.models import Nomination
from tests.factories.campaign import Generator, Rows, write_workbook
from tests.jobs import through_job
from tests.web.personas import UNIT_A, UNIT_B
from tests.web.portal.test_import import confirm as confirm_job
from tests.web.portal.test_import import preview as job_preview
from tests.web.portal.test_import import token_of

pytestmark = pytest.mark.django_db

MEDAL = "五一劳动奖章"


@pytest.fixture
def spec(campaign: Campaign) -> Spec:
    return campaign_spec(campaign)


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return campaign.units.get(name=UNIT_A)


@pytest.fixture
def unit_b(campaign: Campaign) -> Unit:
    return campaign.units.get(name=UNIT_B)


def workers(spec: Spec, unit: Unit, count: int, seed: int = 7) -> list[dict[str, str]]:
    generator = Generator(spec, seed=seed)
    return [generator.person(unit.name, {"身份类别": "一线产业工人"}) for _ in range(count)]


def add(campaign: Campaign, unit: Unit, row: dict[str, str], actor: User, **kw) -> Nomination:  # type: ignore[no-untyped-def]
    return save_nomination(
        campaign, unit, NominationInput(MEDAL, cells=row, **kw), actor=actor, role=Role.CLERK
    )


def numbers(unit: Unit) -> list[tuple[int, str]]:
    return [(n.seq, n.cells["姓名"]) for n in unit.nominations.filter(award=MEDAL).order_by("seq")]


# ── create and delete ───────────────────────────────────────────────────────────────────────


def test_each_unit_numbers_its_own_nominations_from_1(
    campaign: Campaign, spec: Spec, unit_a: Unit, unit_b: Unit, clerk_a: User, clerk_b: User
) -> None:
    for row in workers(spec, unit_a, 3):
        add(campaign, unit_a, row, clerk_a)
    for row in workers(spec, unit_b, 2, seed=8):
        add(campaign, unit_b, row, clerk_b)

    assert [seq for seq, _ in numbers(unit_a)] == [1, 2, 3]
    assert [seq for seq, _ in numbers(unit_b)] == [1, 2]


def test_deleting_closes_the_gap_and_keeps_the_order(
    campaign: Campaign, spec: Spec, unit_a: Unit, clerk_a: User
) -> None:
    rows = workers(spec, unit_a, 4)
    saved = [add(campaign, unit_a, row, clerk_a) for row in rows]
    leader = saved[3]
    alternate = add(
        campaign,
        unit_a,
        workers(spec, unit_a, 1, seed=9)[0],
        clerk_a,
        kind=Kind.ALTERNATE,
        alternate_of=leader,
    )

    delete_nomination(saved[1], actor=clerk_a, role=Role.CLERK)

    names = [r["姓名"] for r in rows]
    assert numbers(unit_a) == [
        (1, names[0]),
        (2, names[2]),
        (3, names[3]),
        (4, alternate.cells["姓名"]),
    ]
    alternate.refresh_from_db()
    assert alternate.alternate_of is not None and alternate.alternate_of.seq == 3
    event = AuditEvent.objects.filter(action="nomination.delete").latest("seq")
    assert (event.changes["序号"], event.changes["其后序号前移"]) == ([2, None], [None, 3])
    assert add(campaign, unit_a, workers(spec, unit_a, 1, seed=10)[0], clerk_a).seq == 5


def test_number_key_names_unit_and_award(
    campaign: Campaign, spec: Spec, unit_a: Unit, unit_b: Unit, clerk_a: User, clerk_b: User
) -> None:
    mine = add(campaign, unit_a, workers(spec, unit_a, 1)[0], clerk_a)
    theirs = add(campaign, unit_b, workers(spec, unit_b, 1, seed=8)[0], clerk_b)

    assert (number_key(mine), number_key(theirs)) == ((MEDAL, UNIT_A, "1"), (MEDAL, UNIT_B, "1"))


# ── the data migration ──────────────────────────────────────────────────────────────────────


def test_migration_turns_city_wide_numbers_into_each_units_own(
    campaign: Campaign, spec: Spec, unit_a: Unit, unit_b: Unit, clerk_a: User, clerk_b: User
) -> None:
    # As stored before: one count across the city, with gaps after deletions.
    a = [add(campaign, unit_a, row, clerk_a) for row in workers(spec, unit_a, 4)]
    b = [add(campaign, unit_b, row, clerk_b) for row in workers(spec, unit_b, 2, seed=8)]
    for nomination, old in zip([*a, *b], [14, 15, 17, 19, 3, 9], strict=True):
        Nomination.objects.filter(pk=nomination.pk).update(seq=old)
    migration = importlib.import_module("pingxuan.web.nominations.migrations.0004_seq_per_unit")

    migration.renumber_per_unit(apps, connection.schema_editor())

    assert [seq for seq, _ in numbers(unit_a)] == [1, 2, 3, 4]
    assert [n.pk for n in unit_a.nominations.order_by("seq")] == [n.pk for n in a]
    assert [seq for seq, _ in numbers(unit_b)] == [1, 2]


# ── the import ──────────────────────────────────────────────────────────────────────────────


def medal_rows(spec: Spec, seqs: list[str]) -> Rows:
    rows = [
        {**row, "序号": seq}
        for row, seq in zip(workers(spec, Unit(name=UNIT_A), len(seqs)), seqs, strict=True)
    ]
    return {MEDAL: rows}


def preview(client: Client, campaign: Campaign, path: Path):  # type: ignore[no-untyped-def]
    """The job page once the worker has read the workbook."""
    return job_preview(client, campaign, path.read_bytes(), name="文教卫.xlsx")


def confirm(client: Client, campaign: Campaign, response) -> None:  # type: ignore[no-untyped-def]
    confirm_job(client, campaign, token_of(response))


def shown_numbers(page: str) -> list[tuple[str, str]]:
    """(row, 导入后序号) of the preview table."""
    return re.findall(
        r'data-label="行">第(\d+)行</td>\s*<td class="num" data-label="导入后序号">(\d+)</td>', page
    )


def test_import_keeps_the_workbooks_numbering(
    client_clerk_a: Client,
    campaign: Campaign,
    spec: Spec,
    unit_a: Unit,
    clerk_a: User,
    tmp_path: Path,
) -> None:
    # Numbers already taken by the web form do not push the workbook's own aside.
    for row in workers(spec, unit_a, 2, seed=11):
        add(campaign, unit_a, row, clerk_a)
    rows = medal_rows(spec, ["3", "1", "4", "2"])
    path = write_workbook(tmp_path / "文教卫.xlsx", spec, rows)

    response = preview(client_clerk_a, campaign, path)
    assert shown_numbers(response.content.decode()) == [
        ("2", "3"),
        ("3", "1"),
        ("4", "4"),
        ("5", "2"),
    ]
    confirm(client_clerk_a, campaign, response)

    assert numbers(unit_a) == [
        (int(r["序号"]), r["姓名"]) for r in sorted(rows[MEDAL], key=lambda r: int(r["序号"]))
    ]


def test_import_closes_the_workbooks_gaps_in_its_own_order(
    client_clerk_a: Client, campaign: Campaign, spec: Spec, unit_a: Unit, tmp_path: Path
) -> None:
    # City-wide numbers from an old export (14–17 with a gap), and one row left blank.
    rows = medal_rows(spec, ["17", "", "14", "15"])
    path = write_workbook(tmp_path / "文教卫.xlsx", spec, rows)

    response = preview(client_clerk_a, campaign, path)
    assert shown_numbers(response.content.decode()) == [
        ("2", "3"),
        ("3", "4"),
        ("4", "1"),
        ("5", "2"),
    ]
    confirm(client_clerk_a, campaign, response)

    names = [r["姓名"] for r in rows[MEDAL]]
    assert numbers(unit_a) == [(1, names[2]), (2, names[3]), (3, names[0]), (4, names[1])]


# ── the same numbers everywhere ─────────────────────────────────────────────────────────────


def test_unit_page_office_page_export_and_pdf_print_the_same_numbers(
    client_clerk_a: Client,
    client_reviewer: Client,
    campaign: Campaign,
    spec: Spec,
    unit_a: Unit,
    unit_b: Unit,
    clerk_a: User,
    clerk_b: User,
    tmp_path: Path,
) -> None:
    # Another unit adds first: its numbers never show up in 郑东新区's.
    for row in workers(spec, unit_b, 3, seed=8):
        add(campaign, unit_b, row, clerk_b)
    saved = [add(campaign, unit_a, row, clerk_a) for row in workers(spec, unit_a, 4)]
    delete_nomination(saved[0], actor=clerk_a, role=Role.CLERK)
    expected = {n.cells["姓名"]: str(i) for i, n in enumerate(saved[1:], start=1)}

    unit_page = client_clerk_a.get(reverse("portal:unit", kwargs={"slug": campaign.slug}))
    office_page = client_reviewer.get(
        reverse("office:review_unit", kwargs={"slug": campaign.slug, "pk": unit_a.pk})
    )
    summary = reverse("portal:document_summary", args=[campaign.slug, "person"])
    xlsx = through_job(client_clerk_a, summary, {"format": "xlsx"}).content
    pdf = through_job(client_clerk_a, summary, {"format": "pdf"}).content

    listed = re.findall(
        r'<td class="num" data-label="序号">(\d+)</td>\s*<td[^>]*>.*?>([^<>]+)</a>',
        unit_page.content.decode(),
        re.S,
    )
    assert {name: seq for seq, name in listed if name in expected} == expected
    office = re.findall(r"<h3>(\d+)\. ([^<]+?) <span", office_page.content.decode())
    assert {name: seq for seq, name in office} == expected
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))[sheet_name(spec.award(MEDAL))]
    printed = {
        str(row[1]).replace("\u3000", ""): str(row[0])
        for row in sheet.iter_rows(min_row=4, values_only=True)
        if isinstance(row[0], int)
    }
    assert printed == expected
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    for name, seq in expected.items():
        spaced = r"\s*".join(name)
        assert re.search(rf"^\s*{seq}\s+{spaced}\s", text, re.M), (name, seq)
