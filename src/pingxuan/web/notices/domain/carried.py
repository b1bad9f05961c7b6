"""The notices a forwarded nomination carries up (三（二）: 自下而上、层层选拔): the lower
campaign's published notices that stand for the upper campaign's lower levels
(``pingxuan.core.publicity.carried_levels``), snapshotted when the nomination is forwarded.

The snapshot is the notice's frame, the nominee's frozen line and the evidence images, each image
decoded and re-encoded by the materials' image pipeline under the upper spec's rules, so the upper
campaign owns its own files. The order gates (``order.noticed_before``) count a carried notice at
the level it stands for exactly as they count one of the campaign's own.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from django.core.files.storage import default_storage
from PIL import Image

from pingxuan.core.spec.models import Spec
from pingxuan.web.materials.domain import read_upload, save_file
from pingxuan.web.materials.images import ImageRefused, storage_name, to_compliant_jpeg
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.notices import level_name, publisher
from pingxuan.web.notices.models import (
    CarriedEvidence,
    CarriedNotice,
    Notice,
    NoticeEvidence,
    NoticeRow,
    NoticeState,
)
from pingxuan.web.notices.models.notice import EVIDENCE_DIR


def _own_row(source: Nomination, key: str) -> NoticeRow | None:
    """The nominee's line in the latest published notice at ``key`` of its own campaign."""
    return (
        NoticeRow.objects.filter(
            nomination=source,
            notice__campaign_id=source.campaign_id,
            notice__level=key,
            notice__state=NoticeState.PUBLISHED,
        )
        .select_related("notice__campaign", "notice__unit")
        .order_by("-notice__end", "-notice__pk")
        .first()
    )


def _reencoded(path: str, rules: Any) -> bytes | None:
    """The stored image decoded and written again under the upper spec's rules; None when the
    file is gone or no longer passes (the gap then shows on the 复审 checklist)."""
    try:
        with default_storage.open(path, "rb") as handle:
            data = read_upload(handle.read())
        return to_compliant_jpeg(data, rules)
    except (FileNotFoundError, ImageRefused):
        return None


def _copy_image(
    carried: CarriedNotice,
    *,
    path: str,
    kind: str,
    title: str,
    uploaded_at: Any,
    rules: Any,
    actor: Any,
) -> bool:
    jpeg = _reencoded(path, rules)
    if jpeg is None:
        return False
    with Image.open(io.BytesIO(jpeg)) as image:  # the header only
        width, height = image.size
    name = storage_name()
    stored = save_file(EVIDENCE_DIR, name, jpeg)
    try:
        CarriedEvidence.objects.create(
            carried=carried,
            kind=kind,
            title=title,
            stored_name=name,
            width=width,
            height=height,
            size=len(jpeg),
            sha256=hashlib.sha256(jpeg).hexdigest(),
            uploaded_at=uploaded_at,
            carried_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    except BaseException:
        default_storage.delete(stored)
        raise
    return True


def _from_own(row: NoticeRow, target: Nomination, level: str) -> CarriedNotice:
    notice: Notice = row.notice
    return CarriedNotice.objects.create(
        nomination=target,
        level=level,
        source=notice,
        source_campaign=notice.campaign.title,
        source_level=level_name(notice.campaign, notice.level),
        title=notice.title,
        publisher=publisher(notice),
        start=notice.start,
        end=notice.end,
        published_at=notice.published_at,
        fields=row.fields,
        sensitive=row.sensitive,
    )


def _from_carried(earlier: CarriedNotice, target: Nomination, level: str) -> CarriedNotice:
    """A notice the source itself holds from further down, carried one level further up."""
    return CarriedNotice.objects.create(
        nomination=target,
        level=level,
        source=earlier.source,
        source_campaign=earlier.source_campaign,
        source_level=earlier.source_level,
        title=earlier.title,
        publisher=earlier.publisher,
        start=earlier.start,
        end=earlier.end,
        published_at=earlier.published_at,
        fields=earlier.fields,
        sensitive=earlier.sensitive,
    )


def carry_notices(
    source: Nomination, target: Nomination, levels: dict[str, str], parent: Spec, *, actor: Any
) -> tuple[int, int]:
    """Snapshot, for ``target`` (the forwarded nomination), the notices of ``source`` at each
    lower level of ``levels`` (its campaign's key → the upper key it stands for): its own latest
    published notice there, else one it carries itself. Returns (notices, images) carried."""
    notices = images = 0
    rules = parent.image_rules
    for key, upper in levels.items():
        row = _own_row(source, key)
        if row is not None:
            carried = _from_own(row, target, upper)
            originals: list[Any] = list(NoticeEvidence.objects.filter(notice=row.notice))
        else:
            earlier = (
                CarriedNotice.objects.filter(nomination=source, level=key)
                .order_by("-end", "-pk")
                .first()
            )
            if earlier is None:
                continue
            carried = _from_carried(earlier, target, upper)
            originals = list(earlier.evidence.all())
        notices += 1
        for original in originals:
            images += _copy_image(
                carried,
                path=original.path,
                kind=original.kind,
                title=original.title,
                uploaded_at=getattr(original, "uploaded_at", None) or carried.carried_at,
                rules=rules,
                actor=actor,
            )
    return notices, images
