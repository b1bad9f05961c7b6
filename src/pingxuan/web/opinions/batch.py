"""Many signed opinion sheets at once (issue 14, 1): the office scans the departments' sheets and
uploads the folder (or a zip); each file is matched to a nominee and a department by its name
and recorded through ``answer`` as 同意, one by one. An objection needs its content written, so
it is recorded on the nominee's page, never in a batch.

The naming rule (docs/materials.md, 部门意见表): ``推荐对象-部门.jpg``; when two nominees of the
campaign share a name, ``推荐单位-推荐对象-部门.jpg``. 部门 is the department's name as the board
shows it, or a part of it only one department has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from django.utils.translation import gettext as _

from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.materials.batch import REFUSED, STORED, Incoming, Outcome
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.opinions.domain.board import Row, board
from pingxuan.web.opinions.domain.changes import OpinionRefused, answer
from pingxuan.web.opinions.models import OpinionState

_SEPARATORS = re.compile(r"\s*[-－—_]\s*")


def _department(text: str, departments: list[str]) -> str | None:
    if text in departments:
        return text
    found = [d for d in departments if text and text in d]
    return found[0] if len(found) == 1 else None


def _nominees(rows: list[Row]) -> dict[str, Nomination | None]:
    """名称 and 单位-名称 → the nominee; a name two nominees share maps to None."""
    names: dict[str, Nomination | None] = {}
    for row in rows:
        nomination = row.nomination
        for name in (nomination.display_name, f"{nomination.unit.name}-{nomination.display_name}"):
            names[name] = None if name in names else nomination
    return names


def _match(filename: str, rows: list[Row]) -> tuple[Nomination | None, str, str]:
    """(nominee, department, problem) for a file name."""
    stem = PurePosixPath(filename.split(" › ")[-1]).stem.strip()
    parts = _SEPARATORS.split(stem)
    if len(parts) < 2:
        return None, "", _("请命名为“推荐对象-部门.jpg”。")
    nominees = _nominees(rows)
    who, what = "-".join(parts[:-1]), parts[-1]
    if who not in nominees:
        return None, "", _("找不到推荐对象“%(who)s”（或其部门意见已不再登记）。") % {"who": who}
    nomination = nominees[who]
    if nomination is None:
        return (
            None,
            "",
            _("有两个推荐对象叫“%(who)s”，请命名为“推荐单位-推荐对象-部门.jpg”。") % {"who": who},
        )
    row = next(r for r in rows if r.nomination.pk == nomination.pk)
    required = [cell.department for cell in row.required]
    department = _department(what, required)
    if department is None:
        return (
            None,
            "",
            _("“%(what)s”不是%(who)s需要签署意见的部门；需要的有：%(names)s。")
            % {"what": what, "who": nomination.display_name, "names": "、".join(required)},
        )
    return nomination, department, ""


def batch_agree(
    campaign: Campaign, files: Iterable[Incoming], *, actor: Any, role: str
) -> list[Outcome]:
    """Record each matched sheet as the department's agreement; the outcome of every file."""
    rows = board(campaign).rows
    outcomes = []
    for incoming in files:
        nomination, department, problem = _match(incoming.name, rows)
        if nomination is None:
            outcomes.append(Outcome(incoming.name, REFUSED, message=problem, unmatched=True))
            continue
        owner = f"{nomination.unit.name} · {nomination.display_name}"
        try:
            answer(
                nomination,
                department,
                OpinionState.AGREED,
                sheet=incoming.data,
                actor=actor,
                role=role,
            )
        except OpinionRefused as refusal:
            outcomes.append(Outcome(incoming.name, REFUSED, owner, department, refusal.message))
            continue
        outcomes.append(Outcome(incoming.name, STORED, owner, department, _("已登记为同意")))
    return outcomes
