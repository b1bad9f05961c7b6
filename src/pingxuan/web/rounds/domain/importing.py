"""Importing 差额 rounds from the round workbook (``core.rounds_workbook``), for units that vote on
paper: the file is bounded (size here, ``xlsx_guard`` in the core) and read in ``core.isolate``'s
child process; every sheet is recorded through ``record_round``, all or none."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from django.db import transaction
from django.utils.translation import gettext as _

from pingxuan.core.isolate import IsolationFailed, run_isolated
from pingxuan.core.rounds_workbook import RoundSheet, read_round_workbook, round_template
from pingxuan.core.xlsx_guard import WorkbookError
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.rounds.domain.records import RoundInput, RoundRefused, record_round, round_rules
from pingxuan.web.rounds.models import Round

MAX_ROUND_BYTES = 2 * 1024 * 1024  # a sheet of 500 candidates is about 20 KB


def unit_awards(campaign: Campaign, unit: Unit) -> dict[str, int]:
    """The awards the unit has places for, with the places."""
    spec = campaign_spec(campaign)
    places = {award.name: spec.capacity(unit.name, award.name) for award in spec.awards}
    return {award: count for award, count in places.items() if count}


def template(campaign: Campaign, unit: Unit) -> bytes:
    rules = round_rules(campaign_spec(campaign))
    return round_template(unit_awards(campaign, unit), rules.bodies)


def _read(upload: BinaryIO, size: int, awards: tuple[str, ...], label: str) -> list[RoundSheet]:
    if size > MAX_ROUND_BYTES:
        raise RoundRefused(
            [
                _("%(file)s：文件超过 %(mb)s MB。差额表决工作簿每个奖项一张表，通常只有几十 KB。")
                % {"file": label, "mb": MAX_ROUND_BYTES // 2**20}
            ]
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rounds.xlsx"
        with path.open("wb") as handle:
            for chunk in iter(lambda: upload.read(1 << 16), b""):
                handle.write(chunk)
        try:
            sheets: list[RoundSheet] = run_isolated(read_round_workbook, path, awards)
        except WorkbookError as error:
            message = str(error).removeprefix(f"{path.name}：")
            raise RoundRefused([f"{label}：{message}"]) from None
        except IsolationFailed as failure:
            raise RoundRefused(
                [
                    _("%(file)s：%(reason)s，已拒绝读取。请另存为新的 .xlsx 再上传。")
                    % {"file": label, "reason": failure.message}
                ]
            ) from None
    return sheets


def import_rounds(
    campaign: Campaign,
    unit: Unit,
    upload: BinaryIO,
    size: int,
    label: str,
    *,
    actor: Any,
    role: str,
) -> list[Round]:
    """Record every award sheet of the workbook, or none; refusals name the sheet."""
    round_rules(campaign_spec(campaign))
    awards = unit_awards(campaign, unit)
    sheets = _read(upload, size, tuple(awards), label)
    problems = [f"{sheet.award}：{problem}" for sheet in sheets for problem in sheet.problems]
    if problems:
        raise RoundRefused(problems)
    stored = []
    with transaction.atomic():
        for sheet in sheets:
            found = sheet.round
            assert found is not None
            data = RoundInput(
                award=sheet.award,
                body=found.body,
                held_on=found.held_on,
                members=found.members,
                present=found.present,
                seats=found.seats,
                resolution=found.resolution,
                ballots=[(b.candidate, b.votes) for b in found.ballots],
            )
            try:
                stored.append(
                    record_round(campaign, unit, data, actor=actor, role=role, source="工作簿")
                )
            except RoundRefused as exc:
                problems.extend(f"{sheet.award}：{p}" for p in exc.problems)
        if problems:
            # Nothing of this file is kept: a second sheet's error rolls back the first.
            transaction.set_rollback(True)
    if problems:
        raise RoundRefused(problems)
    return stored
