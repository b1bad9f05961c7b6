"""When a unit's window closes: the notice's deadline moved by the office's extensions (延期).

An extension names a deadline of the spec, a new moment and a reason; it holds for one unit or,
without a unit, for the whole campaign. A unit's window closes at the latest of the notice's
moment and every extension that applies to it, so a campaign-wide extension never shortens one
granted to a single unit and the other way round. A deadline the notice leaves open (另行通知)
stays open until the office sets a moment for it by an extension.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pingxuan.core.spec.models import Deadline, Spec


class Gate(StrEnum):
    """What a deadline closes: the values of ``Deadline.gates`` in the spec."""

    SUBMISSION = "初审材料"
    REVIEW_MATERIALS = "复审材料"


def gated_deadline(spec: Spec, gate: Gate) -> Deadline | None:
    """The spec's deadline that closes ``gate``. Submission falls back to eligibility's reference
    deadline (specs written before ``gates`` existed); 复审 materials have none then."""
    for deadline in spec.deadlines:
        if deadline.gates == gate.value:
            return deadline
    if gate is Gate.SUBMISSION:
        return spec.deadline(spec.eligibility.reference_deadline)
    return None


@dataclass(frozen=True, slots=True)
class Extension:
    """One grant: ``unit`` None for the whole campaign."""

    deadline: str
    unit: str | None
    at: datetime
    reason: str
    granted_at: datetime


@dataclass(frozen=True, slots=True)
class Window:
    """A unit's window for one deadline: the notice's moment, the one in force and why."""

    original: datetime | None
    closes_at: datetime | None  # None: the notice says 另行通知 and nobody has set a moment
    extension: Extension | None  # the grant that set ``closes_at``, when one did

    @property
    def extended(self) -> bool:
        return self.extension is not None

    def is_open(self, now: datetime) -> bool:
        """Open up to and including the closing moment itself."""
        return self.closes_at is None or now <= self.closes_at


def effective_window(
    deadline: Deadline, extensions: Iterable[Extension], unit: str | None
) -> Window:
    """The window of ``deadline`` for ``unit`` (None: the campaign as a whole, which only
    campaign-wide extensions move). Of two grants to the same moment, the later one explains it."""
    closes_at, chosen = deadline.at, None
    for extension in sorted(extensions, key=lambda e: e.granted_at):
        if extension.deadline != deadline.key:
            continue
        if extension.unit is not None and extension.unit != unit:
            continue
        if closes_at is None or extension.at >= closes_at:
            closes_at, chosen = extension.at, extension
    return Window(deadline.at, closes_at, chosen)
