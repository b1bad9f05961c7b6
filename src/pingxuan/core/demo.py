"""A demo campaign made from a real notice: the same spec text under another id and title, its
deadlines moved to dates counted in working days from today.

The text is edited line by line rather than parsed and written again, so that the demo keeps the
notice's comments and layout; the result is parsed by the caller like any spec file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from pingxuan.core.calendar import WorkingCalendar

_DAY = timedelta(days=1)
_HEADER = re.compile(r"^\s*\[")
_KEY = re.compile(r'^\s*key\s*=\s*"([^"]*)"')
_AT = re.compile(r"^\s*at\s*=")
_LABEL = re.compile(r"^\s*label\s*=")


def add_working_days(calendar: WorkingCalendar, day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (before it when negative); 0 is ``day``.
    Raises ``CalendarUnknownYear`` when the way crosses a year the calendar lacks."""
    step = _DAY if count >= 0 else -_DAY
    left = abs(count)
    while left:
        day += step
        left -= calendar.is_working_day(day)
    return day


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _deadline_block(block: list[str], moments: Mapping[str, datetime]) -> list[str]:
    """One ``[[deadlines]]`` table with its ``at`` set when ``moments`` names its key."""
    key = next((m.group(1) for m in map(_KEY.match, block) if m), None)
    if key is None or key not in moments:
        return block
    at = f"at = {moments[key].isoformat()}"
    if any(_AT.match(line) for line in block):
        return [at if _AT.match(line) else line for line in block]
    # After the label, where the notice writes it when it has a date.
    where = next((i + 1 for i, line in enumerate(block) if _LABEL.match(line)), 1)
    return [*block[:where], at, *block[where:]]


def demo_source(
    source: str,
    *,
    campaign_id: str,
    title: str,
    moments: Mapping[str, datetime],
    parent: str | None = None,
) -> str:
    """``source`` with ``[campaign]``'s id and title replaced and each deadline named in
    ``moments`` set to its moment (an ``at`` line added where the notice has none); ``parent``
    replaces ``[parent]``'s campaign (a county round forwarding into a demo campaign)."""
    tables: list[list[str]] = [[]]
    for line in source.splitlines():
        if _HEADER.match(line):
            tables.append([])
        tables[-1].append(line)
    out: list[str] = []
    for table in tables:
        header = table[0].strip() if table and _HEADER.match(table[0]) else ""
        if header == "[[deadlines]]":
            table = _deadline_block(table, moments)
        elif header == "[campaign]":
            replaced = {"id": campaign_id, "title": title}
            for i, line in enumerate(table):
                name = re.match(r"^\s*(id|title)\s*=", line)
                if name and name.group(1) in replaced:
                    table[i] = f"{name.group(1)} = {_toml_string(replaced.pop(name.group(1)))}"
        elif header == "[parent]" and parent is not None:
            table = [
                f"campaign = {_toml_string(parent)}"
                if re.match(r"^\s*campaign\s*=", line)
                else line
                for line in table
            ]
        out.extend(table)
    return "\n".join(out) + "\n"
