"""Asking departments for their opinion and recording what they answered (三（三）2).

A clerk sends one letter to a department for many nominees, so ``request_opinions`` marks a whole
batch at once. An answer (agreed or objected) needs the department's signed sheet: it is stored
only as a re-encoded JPEG under a random name, like every material image, and the uploaded bytes
are never kept. An objection notifies nobody by itself: the office decides what follows (a 复审
rejection goes through ``change_standing`` with its own reason). Every change is audited.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any, BinaryIO

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.materials.domain import read_upload, save_file
from pingxuan.web.materials.images import ImageRefused, storage_name, to_compliant_jpeg
from pingxuan.web.nominations.domain.adapt import Adapter
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.opinions.domain.required import required_for
from pingxuan.web.opinions.models import ANSWERS, SHEETS_DIR, Opinion, OpinionState

# Opinions are asked for nominations that passed 初审 (三（三）2 comes after 初审), and kept on
# record once 复审 has approved them.
OPEN_STANDINGS = frozenset({Standing.PASSED, Standing.APPROVED})


class OpinionRefused(Exception):
    """A change that cannot be made; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _check_open(nomination: Nomination) -> None:
    if nomination.standing not in OPEN_STANDINGS:
        raise OpinionRefused(
            _("“%(name)s”当前为“%(standing)s”，只有初审通过的推荐对象需要征求部门意见。")
            % {"name": nomination.display_name, "standing": nomination.get_standing_display()}
        )


def _check_required(nomination: Nomination, department: str, required: list[str]) -> None:
    if department not in required:
        raise OpinionRefused(
            _("“%(name)s”不需要征求“%(department)s”的意见。")
            % {"name": nomination.display_name, "department": department}
        )


def request_opinions(
    nominations: Iterable[Nomination], department: str, *, actor: Any, role: str
) -> list[Opinion]:
    """Mark ``department`` as asked for each nomination that needs its opinion and has neither
    been asked nor answered; the others are left as they are. Returns the opinions marked."""
    nominations = list(nominations)
    if not nominations:
        return []
    spec = campaign_spec(nominations[0].campaign)
    adapter = Adapter(spec)
    wanted = [
        n
        for n in nominations
        if n.standing in OPEN_STANDINGS and department in required_for(n, spec, adapter)
    ]
    marked = []
    now = timezone.now()
    with transaction.atomic():
        existing = {
            o.nomination_id: o
            for o in Opinion.objects.select_for_update().filter(
                nomination__in=wanted, department=department
            )
        }
        for nomination in wanted:
            opinion = existing.get(nomination.pk)
            if opinion is not None and (opinion.requested_at or opinion.state in ANSWERS):
                continue
            if opinion is None:
                opinion = Opinion(nomination=nomination, department=department)
            opinion.state = OpinionState.REQUESTED
            opinion.requested_at = now
            opinion.updated_by = actor if getattr(actor, "is_authenticated", False) else None
            opinion.save()
            record(
                "opinion.request",
                actor=actor,
                role=role,
                campaign=nomination.campaign,
                unit_name=nomination.unit.name,
                obj=opinion,
                changes={
                    "部门": [None, department],
                    "状态": [None, str(OpinionState.REQUESTED.label)],
                },
            )
            marked.append(opinion)
    return marked


def answer(
    nomination: Nomination,
    department: str,
    state: str,
    *,
    sheet: bytes | BinaryIO | None,
    note: str = "",
    actor: Any,
    role: str,
) -> Opinion:
    """Record the department's answer with its signed sheet; a later answer replaces an earlier
    one (its sheet file goes once the change is committed)."""
    if state not in ANSWERS:
        raise OpinionRefused(_("请选择部门的意见：同意或有异议。"))
    _check_open(nomination)
    spec = campaign_spec(nomination.campaign)
    _check_required(nomination, department, required_for(nomination, spec))
    note = note.strip()
    if state == OpinionState.OBJECTED and not note:
        raise OpinionRefused(_("部门有异议时，请写明异议的内容。"))
    if sheet is None:
        raise OpinionRefused(_("请上传部门签署的意见表（图片）：没有签署的意见表不能登记。"))
    try:
        # Decoding and encoding happen before any lock: they take the most time.
        jpeg = to_compliant_jpeg(read_upload(sheet), spec.image_rules)
    except ImageRefused as refusal:
        raise OpinionRefused(refusal.message) from None
    with Image.open(io.BytesIO(jpeg)) as image:  # reads the header only
        width, height = image.size
    name = storage_name()
    path = save_file(SHEETS_DIR, name, jpeg)
    try:
        with transaction.atomic():
            opinion, _created = Opinion.objects.select_for_update().get_or_create(
                nomination=nomination, department=department
            )
            before = {"状态": opinion.get_state_display() if not _created else None}
            before["说明"] = opinion.note
            old_sheet = opinion.sheet_path
            opinion.state = state
            opinion.answered_at = timezone.now()
            opinion.note = note
            opinion.sheet_name, opinion.sheet_width, opinion.sheet_height = name, width, height
            opinion.updated_by = actor if getattr(actor, "is_authenticated", False) else None
            opinion.save()
            record(
                "opinion.answer",
                actor=actor,
                role=role,
                campaign=nomination.campaign,
                unit_name=nomination.unit.name,
                obj=opinion,
                changes={
                    "部门": [department, department],
                    "状态": [before["状态"], opinion.get_state_display()],
                    "说明": [before["说明"], note],
                    "意见表": [old_sheet or None, opinion.sheet_path],
                },
            )
            if old_sheet:
                transaction.on_commit(lambda: default_storage.delete(old_sheet))
    except BaseException:
        default_storage.delete(path)
        raise
    return opinion
