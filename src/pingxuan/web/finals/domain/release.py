"""Releasing the final list (发布最终名单) and correcting a released one (更正): one domain
function, under the campaign's lock, audited.

A release freezes what the office previewed: the live lines (``content.live_lines``) whose
fingerprint the preview showed, the 表彰决定's text with its 文号 and 印发日期. It is refused
while the final-stage check has an error (in the engine's words), when the list changed since
the preview, and when someone else released (or corrected) in between: a release names the
list it builds on (none for the first), and only the current list may be built on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pingxuan.core.findings import Finding, Severity
from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.finals.domain.content import (
    Line,
    current_list,
    differences,
    digest,
    frame,
    frozen_lines,
    live_lines,
)
from pingxuan.web.finals.models import FinalList, FinalListRow
from pingxuan.web.limits import FINAL_NUMBER, FINAL_REASON, refusal
from pingxuan.web.nominations.domain.citywide import CityCheck, final_check

SHOWN_ERRORS = 5  # a refusal names this many of the engine's errors, then counts the rest


class ReleaseRefused(Exception):
    """A release that cannot be made; ``message`` says why and what to do, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Preview:
    """What a release would freeze now, and against what it stands."""

    check: CityCheck
    lines: list[Line]
    digest: str
    current: FinalList | None
    changes: list[str]  # against the current list; empty for a first release

    @property
    def errors(self) -> list[Finding]:
        return self.check.errors

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.check.findings if f.severity == Severity.WARNING]

    @property
    def blocker(self) -> str | None:
        """Why this cannot be released as it stands (the page shows it instead of the form)."""
        return _blocker(self.check, self.lines, self.current, self.changes)


def preview(campaign: Campaign) -> Preview:
    check = final_check(campaign)
    lines = live_lines(campaign, check)
    current = current_list(campaign)
    changes = differences(frozen_lines(current), lines) if current is not None else []
    return Preview(check, lines, digest(lines), current, changes)


def _blocker(
    check: CityCheck, lines: list[Line], current: FinalList | None, changes: list[str]
) -> str | None:
    errors = check.errors
    if errors:
        named = "；".join(f.message for f in errors[:SHOWN_ERRORS])
        more = len(errors) - SHOWN_ERRORS
        rest = _("等%(n)s个错误") % {"n": len(errors)} if more > 0 else ""
        return ngettext(
            "名单还有%(n)s个错误，须改正后才能发布：%(named)s%(rest)s。",
            "名单还有%(n)s个错误，须改正后才能发布：%(named)s%(rest)s。",
            len(errors),
        ) % {"n": len(errors), "named": named, "rest": rest}
    if not lines:
        return _("还没有复审通过的推荐对象，名单不能发布。")
    if current is not None and not changes:
        return _("现行名单与当前数据一致，无需更正。")
    return None


def _checked_text(limit: Any, text: str, missing: str) -> str:
    text = text.strip()
    if not text:
        raise ReleaseRefused(missing)
    if (too_long := refusal(limit, text)) is not None:
        raise ReleaseRefused(too_long)
    return text


def release_final_list(
    campaign: Campaign,
    *,
    number: str,
    issued_on: date,
    shown: str,
    based_on: int | None,
    reason: str = "",
    actor: Any,
    role: str,
) -> FinalList:
    """Release the live list the office previewed (``shown`` is its fingerprint) as the first
    final list (``based_on`` None) or as the correction of the current one (``based_on`` its
    pk, with a ``reason``). Returns the new list, frozen."""
    number = _checked_text(FINAL_NUMBER, number, _("请填写表彰决定的文号，如 郑工〔2024〕8号。"))
    if based_on is not None:
        reason = _checked_text(FINAL_REASON, reason, _("请写明更正的原因。"))
    try:
        with transaction.atomic():
            # Two releases at once: the second waits here, then finds the first's list current.
            Campaign.objects.select_for_update(no_key=True).only("pk").get(pk=campaign.pk)
            current = current_list(campaign)
            if (current.pk if current is not None else None) != based_on:
                raise ReleaseRefused(
                    _("最终名单刚刚已由他人发布或更正，请查看现行名单后重新预览。")
                )
            if current is not None and issued_on < current.issued_on:
                raise ReleaseRefused(
                    _("更正的印发日期不能早于被更正名单的印发日期（%(day)s）。")
                    % {"day": current.issued_on.isoformat()}
                )
            found = preview(campaign)
            problem = found.blocker
            if problem:
                raise ReleaseRefused(problem)
            if found.digest != shown:
                raise ReleaseRefused(_("名单在预览之后有变化，请核对重新预览的名单后再发布。"))
            return _freeze(campaign, found, number, issued_on, reason, actor=actor, role=role)
    except IntegrityError:
        # The database's own guard (one first release, one correction per list).
        raise ReleaseRefused(
            _("最终名单刚刚已由他人发布或更正，请查看现行名单后重新预览。")
        ) from None


def _freeze(
    campaign: Campaign,
    found: Preview,
    number: str,
    issued_on: date,
    reason: str,
    *,
    actor: Any,
    role: str,
) -> FinalList:
    spec = campaign_spec(campaign)
    corrects = found.current
    data = frame(
        spec, found.lines, number=number, issued_on=issued_on, corrects=corrects, reason=reason
    )
    with transaction.atomic():  # a savepoint: a refused insert leaves the outer lock usable
        final = FinalList.objects.create(
            campaign=campaign,
            number=number,
            issued_on=issued_on,
            title=data["title"],
            name_order=data["name_order"],
            awards=data["awards"],
            decision=data["decision"],
            corrects=corrects,
            reason=reason,
            changes=found.changes,
            released_by=actor if getattr(actor, "is_authenticated", False) else None,
            released_at=timezone.now(),
        )
    FinalListRow.objects.bulk_create(
        FinalListRow(
            final_list=final,
            position=position,
            award=line.award,
            kind=line.kind,
            nomination_id=line.nomination_id,
            name=line.name,
            detail=line.detail,
            unit=line.unit,
            sensitive=line.sensitive,
            note=line.note,
            cells=line.cells,
        )
        for position, line in enumerate(found.lines, start=1)
    )
    changes: dict[str, list[Any]] = {
        "文号": [None, number],
        "印发日期": [None, issued_on.isoformat()],
        "名单行数": [0, len(found.lines)],
    }
    if corrects is not None:
        changes["更正的名单"] = [None, corrects.pk]
        changes["更正原因"] = [None, reason]
        changes["更正内容"] = [None, found.changes]
    record(
        "final_list.correct" if corrects is not None else "final_list.release",
        actor=actor,
        role=role,
        campaign=campaign,
        obj=final,
        changes=changes,
    )
    return final
