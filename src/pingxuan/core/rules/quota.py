"""Unit places (附件): nominations sit in places as a matching; the 奖状 pool; award totals.

A unit's places are grouped into kinds (leaf reservations of the 附件 cell and the open places).
Seating is a maximum matching between nominations and places in which reserved places are filled
before open ones, most specific first; because places of one kind are interchangeable we match
kinds against groups of nominations with the same qualifications (a tiny flow problem) instead of
person against place. Greedy-by-priority on this transversal matroid fills as many reserved
places as any maximum matching can.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from operator import attrgetter

from pingxuan.core.findings import Finding, Scope
from pingxuan.core.nominations import Nomination
from pingxuan.core.rules.context import Context
from pingxuan.core.spec.expressions import Expression
from pingxuan.core.spec.places import Places

_row = attrgetter("ref")


@dataclass
class SeatKind:
    labels: tuple[str, ...]  # () is an open place
    capacity: int
    holders: list[Nomination] = field(default_factory=list)

    @property
    def name(self) -> str:
        if not self.labels:
            return "非预留"
        head, *narrower = self.labels
        return head + "".join(f"（其中{label}）" for label in narrower)

    @property
    def empty(self) -> int:
        return self.capacity - len(self.holders)


@dataclass
class Seating:
    award: str
    unit: str
    total: int
    kinds: list[SeatKind]
    unplaced: list[Nomination]


def seat_kind_predicate(ctx: Context, labels: tuple[str, ...]) -> Expression:
    return ctx.reservation(labels)


def seat(
    ctx: Context, unit: str, award: str, places: Places | None, nominations: Sequence[Nomination]
) -> Seating:
    """Sit comprehensive nominations (in row order) in the unit's places for one award."""
    slots = places.slots() if places else []
    # Most specific reservations first; the open places last.
    order = sorted(range(len(slots)), key=lambda i: (-len(slots[i][0]), not slots[i][0], i))
    kinds = [SeatKind(slots[i][0], slots[i][1]) for i in order]
    predicates = [ctx.reservation_predicate(kind.labels) for kind in kinds]

    # Groups of interchangeable nominations: same qualifications, and whether their data are
    # readable. Readable rows are seated first so that a row with a data error, not a valid one,
    # is the one left without a place; augmenting paths never unseat anybody already seated.
    groups: dict[tuple[tuple[bool, ...], bool], list[Nomination]] = {}
    for nomination in nominations:
        fits = tuple([predicate(nomination.facts) for predicate in predicates])
        groups.setdefault((fits, nomination.readable), []).append(nomination)
    keys = list(groups)
    signatures = [fits for fits, _ in keys]
    flow = [[0] * len(keys) for _ in kinds]
    free = [len(groups[key]) if key[1] else 0 for key in keys]
    for readable_only in (True, False):
        if not readable_only:
            free = [free[i] if key[1] else len(groups[key]) for i, key in enumerate(keys)]
        for k, kind in enumerate(kinds):
            wanted = kind.capacity - sum(flow[k])
            wanted -= _take_free(k, signatures, flow, free, wanted)
            for _ in range(wanted):
                if not _augment(k, signatures, flow, free):
                    break

    unplaced: list[Nomination] = []
    for s, key in enumerate(keys):
        members = iter(groups[key])
        for k, kind in enumerate(kinds):
            kind.holders.extend(islice(members, flow[k][s]))
        unplaced.extend(members)
    unplaced.sort(key=_row)
    for kind in kinds:
        kind.holders.sort(key=_row)
    return Seating(award, unit, places.total if places else 0, kinds, unplaced)


def _take_free(
    kind: int,
    signatures: list[tuple[bool, ...]],
    flow: list[list[int]],
    free: list[int],
    wanted: int,
) -> int:
    """Fill places of ``kind`` from groups not yet seated, taking them in the order that
    ``_augment`` would one by one; only what is left needs augmenting paths."""
    taken = 0
    for s, signature in enumerate(signatures):
        if taken == wanted:
            break
        if signature[kind] and free[s]:
            step = min(wanted - taken, free[s])
            free[s] -= step
            flow[kind][s] += step
            taken += step
    return taken


def _augment(
    start: int, signatures: list[tuple[bool, ...]], flow: list[list[int]], free: list[int]
) -> bool:
    """Find one more nomination for a place of kind ``start``, moving others along if needed."""
    parent: dict[int, tuple[int, int] | None] = {start: None}  # kind -> (previous kind, signature)
    queue = deque([start])
    while queue:
        kind = queue.popleft()
        for s, signature in enumerate(signatures):
            if not signature[kind]:
                continue
            if free[s]:
                free[s] -= 1
                flow[kind][s] += 1
                step = parent[kind]
                while step is not None:  # shift each displaced nomination back along the path
                    previous, via = step
                    flow[kind][via] -= 1
                    kind = previous
                    flow[kind][via] += 1
                    step = parent[kind]
                return True
            for other in range(len(flow)):
                if other not in parent and flow[other][s] > 0:
                    parent[other] = (kind, s)
                    queue.append(other)
    return False


def check_unit_places(ctx: Context, seating: Seating) -> Iterator[Finding]:
    """Each nomination must sit in a place it qualifies for; reserved places should be used.

    Clause: 附件.
    """
    rule = ctx.spec.rules.quota
    placed = sum(len(kind.holders) for kind in seating.kinds)
    put_forward = placed + len(seating.unplaced)
    reserved_empty = [kind for kind in seating.kinds if kind.labels and kind.empty > 0]
    for nomination in seating.unplaced:
        if seating.total == 0:
            rule_id, message = "quota.no_places", f"本单位没有{seating.award}名额"
            hint = "请删除该推荐对象"
        elif put_forward > seating.total:
            rule_id = "quota.unit_over"
            message = f"本单位{seating.award}名额{seating.total}个，推荐了{put_forward}个"
            hint = f"请减少{put_forward - seating.total}个推荐对象"
        else:
            rule_id = "quota.unit_unplaced"
            message = "不符合本单位剩余名额的身份要求"
            wanted = "、".join(f"{kind.name}{kind.empty}个" for kind in reserved_empty)
            hint = (
                f"剩余名额预留给：{wanted}；请改为推荐符合预留身份的对象"
                if wanted
                else "请核对该对象的身份信息"
            )
        yield from ctx.report(
            rule,
            rule_id,
            scope=Scope.NOMINEE,
            award=seating.award,
            unit=seating.unit,
            rows=(nomination.ref,),
            message=f"{nomination.label}：{message}",
            hint=hint,
        )
    for kind in reserved_empty:
        yield from ctx.report(
            rule,
            "quota.reserved_unfilled",
            scope=Scope.UNIT,
            award=seating.award,
            unit=seating.unit,
            stages=rule.unfilled,
            message=f"{seating.award}：{kind.name}名额空缺{kind.empty}个",
            hint=f"还需 {kind.empty} 名{kind.name}；如无合适人选，该名额视为放弃",
        )


def check_pool_unit_max(
    ctx: Context, unit: str, award: str, maximum: int, nominations: Sequence[Nomination]
) -> Iterator[Finding]:
    """各推荐单位可推荐 1-2 个单位 (a pooled award). Clause: 附件."""
    if len(nominations) <= maximum:
        return
    for nomination in nominations[maximum:]:
        yield from ctx.report(
            ctx.spec.rules.pool,
            "quota.pool_unit_max",
            scope=Scope.NOMINEE,
            award=award,
            unit=unit,
            rows=(nomination.ref,),
            message=f"{nomination.label}：每个推荐单位最多推荐{maximum}个{award}对象，本单位推荐了{len(nominations)}个",
            hint=f"请保留{maximum}个，删除其余{len(nominations) - maximum}个",
        )


def check_award_totals(ctx: Context, counts: dict[str, int]) -> Iterator[Finding]:
    """The final list may not exceed the award's total. Clause: 一."""
    for award in ctx.spec.awards:
        count = counts.get(award.name, 0)
        if count > award.total:
            yield from ctx.report(
                ctx.spec.rules.totals,
                "quota.award_total",
                scope=Scope.CITY,
                award=award.name,
                unit=None,
                message=f"{award.name}共{count}个，超过总数{award.total}个",
                hint=f"需减少{count - award.total}个",
            )
