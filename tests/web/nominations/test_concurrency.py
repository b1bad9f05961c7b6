"""Places and 序号 hold when clerks write at the same moment (issue 3, 报送): threads on their own
database connections, released together, as the requests of a threaded server would be.

The tests run outside a test transaction (``transaction=True``) so that every thread sees what
the others committed; on SQLite the test database is a file for the same reason (tests/conftest.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from functools import partial
from typing import TypeVar

import pytest
from django.contrib.auth.models import User
from django.db import connection

from pingxuan.web.accounts.enums import Role
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.edit import (
    NominationInput,
    NominationRefused,
    delete_nomination,
    save_nomination,
)
from pingxuan.web.nominations.enums import Kind
from pingxuan.web.nominations.models import Nomination
from tests.factories.campaign import Generator
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import make_persona, signed_in
from tests.web.portal.form_data import post_of

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "zhengzhou-2024"
MEDAL = "五一劳动奖章"
CLERKS = 50
FREE = 4
ROUNDS = 20
SEQ_ROUNDS = 5
FULL = "本单位五一劳动奖章名额6个已全部占用，不能再增加；可修改或删除已有推荐对象。"
# Long enough for 50 writers queueing on one lock, short enough that a deadlock fails the test
# instead of hanging the suite.
PATIENCE = 60

T = TypeVar("T")


@pytest.fixture
def clerk(db: None) -> User:
    return User.objects.create_user("clerk-a")


@pytest.fixture
def unit(campaign: Campaign) -> Unit:
    return campaign.units.get(name="郑东新区")


def race(calls: list[Callable[[], T]]) -> list[T | BaseException]:
    """Each call in its own thread on its own connection, all released at once; what each
    returned or raised, in the order of ``calls``."""
    barrier = threading.Barrier(len(calls), timeout=PATIENCE)
    outcomes: list[T | BaseException] = [TimeoutError("thread did not finish")] * len(calls)

    def run(index: int, call: Callable[[], T]) -> None:
        try:
            # Connect before the barrier: the race is for the places, not for the connections.
            connection.ensure_connection()
            barrier.wait()
            outcomes[index] = call()
        except BaseException as exc:  # every outcome is counted, server errors above all
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(PATIENCE)
    return outcomes


def people(campaign: Campaign, unit: Unit, seed: int = 3) -> Iterator[dict[str, str]]:
    """Generated 一线产业工人 of ``unit``, never two with the same ID number."""
    generator = Generator(campaign_spec(campaign), seed=seed)
    seen: set[str] = set()
    while True:
        row = generator.person(unit.name, {"身份类别": "一线产业工人"})
        if row["身份证号"] not in seen:
            seen.add(row["身份证号"])
            yield row


def add(campaign: Campaign, unit: Unit, row: dict[str, str], actor: User) -> Nomination:
    return save_nomination(
        campaign, unit, NominationInput(MEDAL, cells=row), actor=actor, role=Role.CLERK
    )


def medals(unit: Unit) -> int:
    return unit.nominations.filter(award=MEDAL, kind=Kind.COMPREHENSIVE).count()


def free_places(unit: Unit, count: int, actor: User) -> None:
    """Withdraw ``count`` comprehensive medal nominations, the leaders' alternates untouched."""
    withdrawn = unit.nominations.filter(
        award=MEDAL, kind=Kind.COMPREHENSIVE, alternates__isnull=True
    ).order_by("-seq")[:count]
    for nomination in withdrawn:
        delete_nomination(nomination, actor=actor, role=Role.CLERK)


def test_fifty_clerks_racing_for_four_places_fill_exactly_four(
    campaign: Campaign, unit: Unit, clerk: User
) -> None:
    fill_unit(campaign, unit, clerk)
    free_places(unit, FREE, clerk)
    capacity = campaign_spec(campaign).capacity(unit.name, MEDAL)
    crowd = people(campaign, unit)

    rounds = []
    for _ in range(ROUNDS):
        calls = [partial(add, campaign, unit, next(crowd), clerk) for _ in range(CLERKS)]
        outcomes = race(calls)
        saved = [o for o in outcomes if isinstance(o, Nomination)]
        refusals = {str(o) for o in outcomes if isinstance(o, NominationRefused)}
        errors = [repr(o) for o in outcomes if not isinstance(o, Nomination | NominationRefused)]
        refused = CLERKS - len(saved) - len(errors)
        rounds.append((len(saved), refused, refusals, errors, medals(unit)))
        for nomination in saved:  # the places are free again for the next round
            delete_nomination(nomination, actor=clerk, role=Role.CLERK)

    assert rounds == [(FREE, CLERKS - FREE, {FULL}, [], capacity)] * ROUNDS


def test_clerks_adding_at_once_get_the_units_own_contiguous_numbers(
    campaign: Campaign, unit: Unit, clerk: User
) -> None:
    # Every place of 郑东新区 taken at once by as many clerks, while every other unit adds one:
    # each unit's numbers are its own 1..n, none taken twice, and a deletion closes its gap.
    spec = campaign_spec(campaign)
    others = [
        u for u in campaign.units.all() if spec.capacity(u.name, MEDAL) > 0 and u.pk != unit.pk
    ]
    places = spec.capacity(unit.name, MEDAL)
    crowds = {u.pk: people(campaign, u, seed=u.position) for u in [unit, *others]}

    def numbers() -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for name, seq in Nomination.objects.filter(campaign=campaign, award=MEDAL).values_list(
            "unit__name", "seq"
        ):
            found.setdefault(name, []).append(seq)
        return {name: sorted(seqs) for name, seqs in found.items()}

    rounds = []
    for _ in range(SEQ_ROUNDS):
        calls = [partial(add, campaign, unit, next(crowds[unit.pk]), clerk) for _ in range(places)]
        calls += [partial(add, campaign, u, next(crowds[u.pk]), clerk) for u in others]
        outcomes = race(calls)
        errors = [repr(o) for o in outcomes if not isinstance(o, Nomination)]
        after_adding = numbers()
        mine = [o for o in outcomes[:places] if isinstance(o, Nomination)]
        delete_nomination(mine[1], actor=clerk, role=Role.CLERK)  # the 2nd: a gap to close
        after_deleting = numbers()[unit.name]
        rounds.append((errors, after_adding, after_deleting))
        for nomination in Nomination.objects.filter(campaign=campaign, award=MEDAL):
            delete_nomination(nomination, actor=clerk, role=Role.CLERK)

    expected = {u.name: [1] for u in others} | {unit.name: list(range(1, places + 1))}
    assert rounds == [([], expected, list(range(1, places)))] * SEQ_ROUNDS


def test_two_clerks_posting_the_last_place_at_once(campaign: Campaign, unit: Unit) -> None:
    clerk_a = make_persona(campaign, "clerk_a")
    colleague = User.objects.create_user("clerk_a2")
    Membership.objects.create(user=colleague, campaign=campaign, role=Role.CLERK, unit=unit)
    fill_unit(campaign, unit, clerk_a)
    free_places(unit, 1, clerk_a)
    clients = [signed_in(clerk_a), signed_in(colleague)]
    crowd = people(campaign, unit)

    rounds = []
    for _ in range(ROUNDS):
        posts = [
            partial(client.post, f"/portal/{SLUG}/new/person/", post_of("person", next(crowd)))
            for client in clients
        ]
        responses = race(posts)
        statuses = sorted((getattr(r, "status_code", repr(r)) for r in responses), key=str)
        refused = [r for r in responses if getattr(r, "status_code", None) == 200]
        rounds.append((statuses, [FULL in r.content.decode() for r in refused], medals(unit)))
        free_places(unit, 1, clerk_a)

    assert rounds == [([200, 302], [True], 6)] * ROUNDS
