"""The engine's run kept per process (``nominations.domain.evaluation``) is never stale: after any
sequence of writes, through every domain function that changes what the rules read (save,
delete, submit, return, review, materials, import, initial counts) and straight through the ORM,
the cached run equals a fresh one, finding for finding."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingxuan.core.spec.models import Spec
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.materials.domain import MaterialRefused, delete_material, upload
from pingxuan.web.materials.models import Material
from pingxuan.web.nominations.domain.compliance import finding_key, unit_compliance
from pingxuan.web.nominations.domain.edit import (
    NominationInput,
    NominationRefused,
    delete_nomination,
    save_nomination,
)
from pingxuan.web.nominations.domain.evaluation import Evaluation, evaluate, evaluate_uncached
from pingxuan.web.nominations.domain.importing import ImportRefused, import_workbook
from pingxuan.web.nominations.domain.submit import return_unit, set_initial_counts, submit_unit
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.nominations.models import Honour, Nomination
from pingxuan.web.review.domain.decisions import prepare, release
from pingxuan.web.review.enums import Outcome, ReviewStage
from tests.factories.campaign import Generator, write_workbook
from tests.web.materials.test_images import encode, picture
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, UNIT_B
from tests.web.review.conftest import DURING_REVIEW

pytestmark = pytest.mark.django_db

THIRD = "中原区"
PLEDGE = "推荐对象脱密情况承诺书"
# Cell edits that change findings: a leader without an alternate, a name the strokes table
# lacks, an ID number another unit already uses (a duplicate across units), a harmless phone.
EDITS = ("身份类别", "姓名", "身份证号", "联系电话")


def snapshot(evaluation: Evaluation) -> dict[str, Any]:
    checker = evaluation.checker
    return {
        "rows": [(n.pk, n.award, n.seq, n.unit_id, n.standing) for n in evaluation.nominations],
        "cores": [repr(core) for core in evaluation.cores],
        "units": list(checker.results),
        "results": {
            unit: (
                sorted(map(repr, result.findings)),
                repr(result.tallies),
                result.comprehensive,
                repr(result.seatings),
            )
            for unit, result in checker.results.items()
        },
        "city": sorted(map(repr, evaluation.city_findings)),
        "tallies": {
            ratio.id: (checker.tally(ratio.id).members, checker.tally(ratio.id).base)
            for ratio in evaluation.spec.ratios
            if ratio.group == "city"
        },
    }


class World:
    """The campaign, its three units' people and what each operation needs."""

    def __init__(self, campaign: Campaign, tmp_path: Path) -> None:
        self.campaign = campaign
        self.spec: Spec = campaign_spec(campaign)
        self.units = [campaign.units.get(name=name) for name in (UNIT_A, UNIT_B, THIRD)]
        self.clerk = User.objects.create_user("clerk")
        self.reviewer = User.objects.create_user("reviewer")
        self.tmp_path = tmp_path

    def nomination(self, unit: Unit, index: int) -> Nomination | None:
        rows = list(Nomination.objects.filter(unit=unit).order_by("award", "seq"))
        return rows[index % len(rows)] if rows else None

    def edit(self, unit: Unit, index: int, which: int) -> None:
        nomination = self.nomination(unit, index)
        if nomination is None or nomination.subject != "person":
            return
        column = EDITS[which % len(EDITS)]
        cells = dict(nomination.cells)
        if column == "身份类别":
            cells[column] = "企业负责人"
        elif column == "姓名":
            cells[column] = "龘靐"
        elif column == "身份证号":
            other = Nomination.objects.exclude(unit=unit).filter(award=nomination.award).first()
            if other is None:
                return
            cells[column] = other.cells.get(column, "")
        else:
            cells[column] = "13900000000"
        data = NominationInput(
            nomination.award,
            kind=nomination.kind,
            cells=cells,
            alternate_of=nomination.alternate_of,
        )
        save_nomination(
            self.campaign, unit, data, actor=self.clerk, role="clerk", nomination=nomination
        )

    def create(self, unit: Unit, seed: int) -> None:
        row = Generator(self.spec, seed=seed).person(unit.name, {"身份类别": "一线产业工人"})
        data = NominationInput("五一劳动奖章", cells=row)
        save_nomination(self.campaign, unit, data, actor=self.clerk, role="clerk")

    def delete(self, unit: Unit, index: int) -> None:
        nomination = self.nomination(unit, index)
        if nomination is not None and not nomination.alternates.exists():
            delete_nomination(nomination, actor=self.clerk, role="clerk")

    def submit(self, unit: Unit) -> None:
        warnings = unit_compliance(self.campaign, unit).warnings
        explanations = {finding_key(f): "已核实" for f in warnings}
        submit_unit(self.campaign, unit, explanations=explanations, actor=self.clerk, role="x")

    def return_(self, unit: Unit) -> None:
        return_unit(self.campaign, unit, note="请改正", actor=self.reviewer, role="reviewer")

    def review(self, unit: Unit, index: int, fail: bool) -> None:
        nomination = self.nomination(unit, index)
        if nomination is None:
            return
        outcome = Outcome.FAIL if fail else Outcome.PASS
        decision = prepare(
            self.campaign,
            nomination,
            ReviewStage.FIRST,
            outcome,
            "材料不实" if fail else "",
            actor=self.reviewer,
            role="reviewer",
        )
        release(
            self.campaign,
            ReviewStage.FIRST,
            [decision.pk],
            actor=self.reviewer,
            role="reviewer",
        )

    def pledge(self, unit: Unit) -> None:
        material = Material.objects.filter(unit=unit, requirement=PLEDGE).first()
        if material is not None:
            delete_material(material, actor=self.clerk, role="clerk")
            return
        upload(
            self.campaign,
            unit,
            requirement=PLEDGE,
            nomination=None,
            data=io.BytesIO(encode(picture(), "JPEG")),
            filename="承诺书.jpg",
            actor=self.clerk,
            role="clerk",
        )

    def import_(self, unit: Unit, seed: int) -> None:
        rows = Generator(self.spec, seed=seed).rows()
        mine = {
            a.name: [r for r in rows[a.name] if r["推荐单位"] == unit.name]
            for a in self.spec.awards
        }
        path = write_workbook(self.tmp_path / f"{unit.pk}-{seed}.xlsx", self.spec, mine)
        import_workbook(
            self.campaign, unit, path, file_label=path.name, actor=self.clerk, role="clerk"
        )

    def counts(self, unit: Unit, count: int) -> None:
        awards = {award.name: count for award in self.spec.awards}
        set_initial_counts(self.campaign, unit, awards, actor=self.clerk, role="clerk")

    def orm(self, unit: Unit, index: int, which: int) -> None:
        """Writes that bypass the domain functions: the triggers see them all the same."""
        nomination = self.nomination(unit, index)
        if which % 3 == 0 and nomination is not None:
            Nomination.objects.filter(pk=nomination.pk).update(
                cells={**nomination.cells, "姓名": "王"}
            )
        elif which % 3 == 1 and nomination is not None and nomination.subject == "person":
            Honour.objects.create(
                nomination=nomination,
                level="全国",
                name="全国劳动模范",
                year=2020,
                comprehensive=True,
            )
        else:
            Unit.objects.filter(pk=unit.pk).update(name=f"{unit.name}改")


OPERATIONS = (
    "edit",
    "create",
    "delete",
    "submit",
    "return_",
    "review",
    "pledge",
    "import_",
    "counts",
    "orm",
)


def run(world: World, name: str, unit: Unit, a: int, b: int) -> None:
    calls = {
        "edit": lambda: world.edit(unit, a, b),
        "create": lambda: world.create(unit, a),
        "delete": lambda: world.delete(unit, a),
        "submit": lambda: world.submit(unit),
        "return_": lambda: world.return_(unit),
        "review": lambda: world.review(unit, a, b % 2 == 0),
        "pledge": lambda: world.pledge(unit),
        "import_": lambda: world.import_(unit, 2024 + a % 3),
        "counts": lambda: world.counts(unit, a % 40),
        "orm": lambda: world.orm(unit, a, b),
    }
    try:
        calls[name]()
    except (NominationRefused, ImportRefused, MaterialRefused):
        pass  # a refused write changes nothing, and the cache must still agree


@pytest.fixture
def world(campaign: Campaign, tmp_path: Path, media: Path) -> World:
    world = World(campaign, tmp_path)
    with time_machine.travel(DURING_REVIEW, tick=False):
        fill_unit(campaign, world.units[0], world.clerk)
        fill_unit(campaign, world.units[1], world.clerk, seed=7)
    return world


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(OPERATIONS),
            st.integers(0, 2),
            st.integers(0, 60),
            st.integers(0, 11),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_cached_evaluation_equals_a_fresh_one_after_any_writes(
    world: World, steps: list[tuple[str, int, int, int]]
) -> None:
    campaign, spec = world.campaign, world.spec
    with time_machine.travel(DURING_REVIEW, tick=False), transaction.atomic():
        evaluate(campaign, spec)  # cached before the writes, as a running site has it
        for name, unit_index, a, b in steps:
            unit = Unit.objects.get(pk=world.units[unit_index].pk)
            run(world, name, unit, a, b)
            assert snapshot(evaluate(campaign, spec)) == snapshot(
                evaluate_uncached(campaign, spec)
            ), (name, unit.name)
        transaction.set_rollback(True)  # the next example starts from the same data


def test_a_write_inside_a_rolled_back_transaction_is_not_served(world: World) -> None:
    campaign, spec = world.campaign, world.spec
    before = snapshot(evaluate(campaign, spec))
    with time_machine.travel(DURING_REVIEW, tick=False):
        with transaction.atomic():
            people = Nomination.objects.filter(unit=world.units[0]).order_by("award", "seq")
            first_person = [n.subject for n in people].index("person")
            world.edit(world.units[0], first_person, 0)
            inside = snapshot(evaluate(campaign, spec))  # cached under the uncommitted token
            transaction.set_rollback(True)
    assert inside != before
    assert (
        snapshot(evaluate(campaign, spec)) == before == snapshot(evaluate_uncached(campaign, spec))
    )


def test_unchanged_campaign_is_served_from_the_cache(world: World) -> None:
    first = evaluate(world.campaign, world.spec)
    assert evaluate(world.campaign, world.spec) is first
    world.counts(world.units[2], 3)
    assert evaluate(world.campaign, world.spec) is not first


def test_live_check_sees_the_whole_campaign_and_leaves_the_cached_run_alone(world: World) -> None:
    from pingxuan.web.portal.live import check_draft

    campaign, unit = world.campaign, world.units[0]
    people = Nomination.objects.filter(unit=unit, subject="person", kind=Kind.COMPREHENSIVE)
    nomination = people.order_by("award", "seq").first()
    assert nomination is not None
    other = Nomination.objects.filter(unit=world.units[1], award=nomination.award).first()
    assert other is not None
    # A leader without an alternate, and an ID number unit B already uses: findings of the row
    # and of the whole campaign (a duplicate across units, seen only with the other units).
    cells = {**nomination.cells, "身份类别": "企业负责人", "身份证号": other.cells["身份证号"]}
    data = NominationInput(nomination.award, kind=nomination.kind, cells=cells)
    cached = evaluate(campaign, world.spec)
    before = snapshot(cached)

    draft = check_draft(campaign, unit, data, nomination)

    messages = [row.message for row in draft.findings]
    # In the unit's words: the other unit and its nominee are not named to it.
    assert "该身份证号已被其他推荐单位推荐，请与主办方核实" in messages
    assert not any(world.units[1].name in m for m in messages), messages
    assert any("未同时推荐备选" in m for m in messages), messages
    assert evaluate(campaign, world.spec) is cached
    assert snapshot(cached) == before == snapshot(evaluate_uncached(campaign, world.spec))


@pytest.mark.django_db(transaction=True)
def test_threads_of_a_process_bring_the_evaluation_up_to_date_once(world: World) -> None:
    """gunicorn's gthread workers: after a write, the threads that ask at once wait for one update
    and share its result instead of each redoing it."""
    campaign, spec = world.campaign, world.spec
    first = evaluate(campaign, spec)
    world.counts(world.units[2], 3)
    start = threading.Barrier(4)
    results: list[Evaluation] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            start.wait(30)
            results.append(evaluate(campaign, spec))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert not errors, errors
    assert len(results) == 4
    assert all(result is results[0] for result in results)
    assert results[0] is not first
    assert snapshot(results[0]) == snapshot(evaluate_uncached(campaign, spec))
