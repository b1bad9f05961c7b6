"""The core engine's view of a whole campaign at the nomination stage, computed once per change.

The unit page, its live check, the 初审 list and the office overview all need the engine's run
over every nomination of the campaign (city ratios and duplicates across units are only seen over
the whole campaign). Loading every row with its honours and records, adapting and checking them
cost about 45 ms of CPU per page at 37 full units; here that is done once and kept in the process.
Database triggers change a unit's ``EvaluationRevision`` token in the same transaction as any
write to what the rules read of it (nominations, honours, negative records, its submission, its
materials), and the token of unit 0 with the units themselves; the spec and the date are part of
the key as well. When only some units' tokens changed, only those units are read and checked
again (``Checker.update_unit`` on a copy).

The tokens are read before the rows, so an evaluation is never kept under newer tokens than the
rows it was made from; tokens are never reused, so one made inside a transaction that rolls back
is never served.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection

from pingxuan.core.findings import Finding
from pingxuan.core.nominations import Nomination as CoreNomination
from pingxuan.core.nominations import UnitReport
from pingxuan.core.rules.engine import Checker
from pingxuan.core.spec.models import Spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.adapt import Adapter, stored_nominations, unit_reports
from pingxuan.web.nominations.models import Nomination

# Only where migration materials 0002 installs the triggers.
_VENDORS = ("sqlite", "postgresql")
UNITS = 0  # the revision of the campaign's units themselves (names, units added or removed)


@dataclass(frozen=True)
class Evaluation:
    """Read-only: shared by every request of the process until the campaign changes."""

    spec: Spec
    nominations: list[Nomination]  # by award, 序号 and pk, with unit and alternate_of
    cores: list[CoreNomination]  # the same rows for the core, in the same order
    checker: Checker  # nomination stage, with the units' reports
    city_findings: list[Finding]
    reports: dict[str, UnitReport]  # by unit name, as the checker was given them


@dataclass(frozen=True)
class _Entry:
    spec: Spec
    today: date
    tokens: dict[int, int]  # unit pk (or UNITS) -> token
    names: dict[int, str]  # unit pk -> name, as the engine knows the unit
    # False when an alternate names a leader of another unit: a change to one unit could then
    # change another's rows (备选对象序号), and only a full run is sure.
    by_unit: bool
    evaluation: Evaluation


_cache: dict[int, _Entry] = {}
_lock = threading.Lock()
# One thread of a process brings an evaluation up to date at a time; the others (gunicorn's
# gthread workers) wait for it and take its result instead of each redoing the same work.
_computing = threading.Lock()


def revisions(campaign_id: int) -> dict[int, int] | None:
    """The campaign's current tokens by unit pk (UNITS for the units themselves), or None where
    they cannot be trusted (no triggers)."""
    if connection.vendor not in _VENDORS:
        return None
    from pingxuan.web.materials.models import EvaluationRevision  # materials builds on this

    return dict(
        EvaluationRevision.objects.filter(campaign_id=campaign_id).values_list("unit_id", "token")
    )


def evaluate(campaign: Campaign, spec: Spec) -> Evaluation:
    """The engine's run over every stored nomination of ``campaign``: from the process's cache
    when nothing it reads has changed since, brought up to date unit by unit when only some
    units' rows have changed, run afresh otherwise."""
    tokens = revisions(campaign.pk)
    if not tokens:  # no triggers, or nothing of the campaign written since the tables were made
        return evaluate_uncached(campaign, spec)
    today = date.today()
    with _lock:
        entry = _cache.get(campaign.pk)
    if entry is not None and _current(entry, spec, today, tokens):
        return entry.evaluation
    with _computing:
        with _lock:
            entry = _cache.get(campaign.pk)
        if entry is not None and _current(entry, spec, today, tokens):
            return entry.evaluation  # another thread has just brought it up to date
        return _update(campaign, spec, today, tokens, entry)


def _current(entry: _Entry, spec: Spec, today: date, tokens: dict[int, int]) -> bool:
    return entry.spec is spec and entry.today == today and entry.tokens == tokens


def _update(
    campaign: Campaign, spec: Spec, today: date, tokens: dict[int, int], entry: _Entry | None
) -> Evaluation:
    if (
        entry is None
        or entry.spec is not spec
        or entry.today != today
        or entry.tokens.get(UNITS) != tokens.get(UNITS)
        or not entry.tokens.keys() <= tokens.keys()
    ):
        entry = _full(campaign, spec, today, tokens)
    else:
        changed = {unit for unit, token in tokens.items() if entry.tokens.get(unit) != token}
        if entry.by_unit and changed <= entry.names.keys():
            entry = _by_unit(campaign, entry, tokens, changed)
        else:
            entry = _full(campaign, spec, today, tokens)
    with _lock:
        _cache[campaign.pk] = entry
    return entry.evaluation


def evaluate_uncached(campaign: Campaign, spec: Spec) -> Evaluation:
    nominations = _ordered(stored_nominations(campaign.pk))
    cores = Adapter(spec).many(nominations)
    reports = unit_reports(campaign.pk, spec)
    checker = Checker(spec).load(cores, reports)
    by_unit = {report.unit: report for report in reports}
    return Evaluation(spec, nominations, cores, checker, checker.city_findings(), by_unit)


def _ordered(nominations: Iterable[Nomination]) -> list[Nomination]:
    # Python's order rather than the database's collation: the rows kept and the rows read
    # again after a change are merged in the same order a fresh run puts them in.
    return sorted(nominations, key=lambda n: (n.award, n.seq, n.pk))


def _full(campaign: Campaign, spec: Spec, today: date, tokens: dict[int, int]) -> _Entry:
    # The tokens were read before the rows: a write in between leaves newer rows under older
    # tokens, which the next request sees as changed; never the other way round.
    names = dict(Unit.objects.filter(campaign=campaign).values_list("pk", "name"))
    evaluation = evaluate_uncached(campaign, spec)
    return _Entry(spec, today, tokens, names, _by_unit_safe(evaluation.nominations), evaluation)


def _by_unit(
    campaign: Campaign, entry: _Entry, tokens: dict[int, int], changed: set[int]
) -> _Entry:
    """The cached run with the changed units' rows read again and re-checked (``update_unit``
    on a copy: requests holding the old evaluation keep a consistent one)."""
    old = entry.evaluation
    spec = old.spec
    fresh = _ordered(stored_nominations(campaign.pk).filter(unit_id__in=changed))
    fresh_cores = Adapter(spec).many(fresh)
    reports = {report.unit: report for report in unit_reports(campaign.pk, spec)}
    checker = old.checker.copy()
    for unit_pk in sorted(changed):
        name = entry.names[unit_pk]
        checker.update_unit(
            name,
            [core for core in fresh_cores if core.unit == name],
            reports.get(name),
        )
    # In the order a fresh run leaves them (load checks the units by name).
    checker.results = dict(sorted(checker.results.items()))
    kept = [
        (n, core)
        for n, core in zip(old.nominations, old.cores, strict=True)
        if n.unit_id not in changed
    ]
    pairs = sorted(
        [*kept, *zip(fresh, fresh_cores, strict=True)],
        key=lambda pair: (pair[0].award, pair[0].seq, pair[0].pk),
    )
    nominations = [n for n, _ in pairs]
    evaluation = Evaluation(
        spec, nominations, [core for _, core in pairs], checker, checker.city_findings(), reports
    )
    return _Entry(spec, entry.today, tokens, entry.names, _by_unit_safe(nominations), evaluation)


def _by_unit_safe(nominations: list[Nomination]) -> bool:
    return all(n.alternate_of is None or n.alternate_of.unit_id == n.unit_id for n in nominations)


def forget() -> None:
    """Drop every cached evaluation (for tests that compare with and without the cache)."""
    with _lock:
        _cache.clear()
