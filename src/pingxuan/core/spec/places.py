"""Places of a unit as the 附件 writes them: ``4（企业班组3，其中非公2）``.

A cell is a number of places; its parenthesis reserves some of them for an identity, and
``其中`` narrows the reservation before it (2 of the 3 企业班组 places are for 非公 teams). We read
the notice's own words so that the spec can be checked against the paper line by line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_CELL = re.compile(r"^(\d+)(?:（(.*)）)?$")
_ITEM = re.compile(r"^(其中)?(.+?)(\d+)$")


class PlacesError(ValueError):
    """A cell of the allocation table that cannot be read."""


@dataclass(frozen=True, slots=True)
class Reservation:
    label: str
    count: int
    children: tuple[Reservation, ...] = ()


@dataclass(frozen=True, slots=True)
class Places:
    text: str
    total: int
    reserved: tuple[Reservation, ...] = ()

    def slots(self) -> list[tuple[tuple[str, ...], int]]:
        """Leaf places as (labels that all must hold, how many); () is an open place."""
        leaves: list[tuple[tuple[str, ...], int]] = []

        def walk(node: Reservation, path: tuple[str, ...]) -> None:
            here = (*path, node.label)
            own = node.count - sum(child.count for child in node.children)
            if own:
                leaves.append((here, own))
            for child in node.children:
                walk(child, here)

        for reservation in self.reserved:
            walk(reservation, ())
        open_places = self.total - sum(r.count for r in self.reserved)
        if open_places:
            leaves.append(((), open_places))
        return leaves

    def labels(self) -> set[str]:
        found: set[str] = set()
        stack = list(self.reserved)
        while stack:
            node = stack.pop()
            found.add(node.label)
            stack.extend(node.children)
        return found


@functools.lru_cache(maxsize=1024)  # an allocation table repeats a few cells thousands of times
def parse_places(text: str) -> Places:
    cleaned = "".join(str(text).split()).replace("(", "（").replace(")", "）")
    match = _CELL.match(cleaned)
    if not match:
        raise PlacesError(f"名额“{text}”无法识别：应写作“6”或“6（一线产业工人4、一线科教1）”")
    total = int(match.group(1))
    inner = match.group(2)
    if not inner:
        return Places(cleaned, total)
    top: list[Reservation] = []
    for raw in re.split(r"[、，,；;]", inner):
        if not raw:
            continue
        item = _ITEM.match(raw)
        if not item:
            raise PlacesError(f"名额“{text}”中的“{raw}”无法识别：应写作“身份+人数”，如“一线科教1”")
        nested, label, count = bool(item.group(1)), item.group(2), int(item.group(3))
        reservation = Reservation(label, count)
        if nested:
            if not top:
                raise PlacesError(f"名额“{text}”中的“{raw}”前面没有可细分的预留名额")
            parent = top[-1]
            top[-1] = _add_child(parent, reservation)
        else:
            top.append(reservation)
    places = Places(cleaned, total, tuple(top))
    _check_sums(places)
    return places


def _add_child(parent: Reservation, child: Reservation) -> Reservation:
    return Reservation(parent.label, parent.count, (*parent.children, child))


def _check_sums(places: Places) -> None:
    reserved = sum(r.count for r in places.reserved)
    if reserved > places.total:
        raise PlacesError(
            f"名额“{places.text}”中预留名额合计{reserved}个，超过总数{places.total}个"
        )
    for reservation in places.reserved:
        inner = sum(child.count for child in reservation.children)
        if inner > reservation.count:
            raise PlacesError(
                f"名额“{places.text}”中“{reservation.label}{reservation.count}”的“其中”合计"
                f"{inner}个，超过{reservation.count}个"
            )
