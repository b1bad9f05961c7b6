"""序号: the number a unit gives each of its nominations of one award, 1..n in the unit's order.

This is the one place that decides a number. A unit's clerk recognises the numbers of the
unit's own workbook (1–4, not the 14–17 a city-wide count would give), so a number is per
campaign, unit and award; it is contiguous (a deletion closes the gap) and the same on every
page, document and export, all of which read ``Nomination.seq`` as this module left it. Whatever
names a nomination by number (scores, the optimiser's ``--must``, the 备选对象序号 of an
alternate) names it by 奖项, 推荐单位 and 序号 together: ``number_key``.

Callers hold the campaign and unit lock (``edit.lock_unit``), the lock the quota uses, so two
clerks adding at once never take the same number.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Max

from pingxuan.core.cells import whole_number
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.models import Nomination

# Numbers are moved out of the way through this offset while a unit's list is renumbered, so
# the unique (campaign, unit, award, seq) constraint holds after every single UPDATE.
_PARKING = 1_000_000


def next_number(campaign: Campaign, unit: Unit, award: str) -> int:
    """The number a new nomination of ``unit`` and ``award`` takes: after the unit's last."""
    last = Nomination.objects.filter(campaign=campaign, unit=unit, award=award).aggregate(
        Max("seq")
    )["seq__max"]
    return (last or 0) + 1


def renumber(campaign: Campaign, unit: Unit, award: str) -> None:
    """Close the gaps of ``unit``'s numbers of ``award``, keeping their order."""
    ordered = list(
        Nomination.objects.filter(campaign=campaign, unit=unit, award=award)
        .order_by("seq", "pk")
        .values_list("pk", "seq")
    )
    _assign(ordered, list(range(1, len(ordered) + 1)))


def assign_numbers(campaign: Campaign, unit: Unit, award: str, order: Sequence[int]) -> None:
    """Number ``unit``'s nominations of ``award`` 1..n in ``order`` (primary keys), the ones
    not in ``order`` after them in their present order: the import's workbook order."""
    current = list(
        Nomination.objects.filter(campaign=campaign, unit=unit, award=award)
        .order_by("seq", "pk")
        .values_list("pk", "seq")
    )
    seqs = dict(current)
    wanted = [pk for pk in dict.fromkeys(order) if pk in seqs]
    placed = set(wanted)
    wanted += [pk for pk, _seq in current if pk not in placed]
    _assign([(pk, seqs[pk]) for pk in wanted], list(range(1, len(wanted) + 1)))


def workbook_order(seqs: Sequence[str]) -> list[int]:
    """The order in which rows of one award and unit take 1..n, given their 序号 as the workbook
    has them (in row order): by that number, rows without a usable one after them in row order.
    A workbook numbered 1..n keeps its numbers; one with gaps closes them in its own order."""

    def key(index: int) -> tuple[int, int]:
        number = whole_number(seqs[index])
        return (_PARKING if number is None else number, index)

    return sorted(range(len(seqs)), key=key)


def _assign(rows: list[tuple[int, int]], numbers: list[int]) -> None:
    moving = [(pk, new) for (pk, old), new in zip(rows, numbers, strict=True) if old != new]
    if not moving:
        return
    for pk, new in moving:
        Nomination.objects.filter(pk=pk).update(seq=new + _PARKING)
    for pk, new in moving:
        Nomination.objects.filter(pk=pk).update(seq=new)


def number_key(nomination: Nomination) -> tuple[str, str, str]:
    """How a nomination is named by number anywhere: (奖项, 推荐单位, 序号)."""
    return (nomination.award, nomination.unit.name, str(nomination.seq))


def number_label(nomination: Nomination) -> str:
    """The number as a person reads it across units: 五一劳动奖章 郑东新区 3号."""
    return f"{nomination.award} {nomination.unit.name} {nomination.seq}号"
