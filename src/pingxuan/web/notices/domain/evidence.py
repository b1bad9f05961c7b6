"""Evidence that a notice was posted (三（三）1): screenshots of the web page and photos of the
board from near and far, re-encoded by the materials' image pipeline and kept.

Evidence is taken once a notice is published (there is nothing posted to prove before) and is
never deleted: it is the record that the notice was shown, asked for when a complaint says it was
not. A wrong upload stays, next to the right one, rather than leaving a gap in the record.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any, BinaryIO

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.materials.domain import read_upload, save_file
from pingxuan.web.materials.images import (
    ImageRefused,
    display_name,
    storage_name,
    to_compliant_jpeg,
)
from pingxuan.web.notices.domain.notices import NoticeRefused
from pingxuan.web.notices.models import EvidenceKind, Notice, NoticeEvidence, NoticeState
from pingxuan.web.notices.models.notice import EVIDENCE_DIR


def upload_evidence(
    notice: Notice,
    *,
    kind: str,
    data: bytes | BinaryIO,
    filename: str = "",
    title: str = "",
    actor: Any,
    role: str,
) -> NoticeEvidence:
    """Store an image of a posted notice, re-encoded (no EXIF or GPS reaches the disk)."""
    if kind not in EvidenceKind.values:
        raise NoticeRefused(_("请选择留证类型。"))
    rules = campaign_spec(notice.campaign).image_rules
    try:
        # The uploaded bytes are decoded only by the pipeline, and only its output is kept.
        jpeg = to_compliant_jpeg(read_upload(data), rules)
    except ImageRefused as refusal:
        raise NoticeRefused(refusal.message) from None
    shown = (
        display_name(title, fallback=kind)
        if title.strip()
        else display_name(filename, fallback=kind)
    )
    with Image.open(io.BytesIO(jpeg)) as image:  # the header only
        width, height = image.size
    name = storage_name()
    with transaction.atomic():
        # Looked up again under the lock: the caller's copy may predate the publication.
        state = Notice.objects.select_for_update().values_list("state", flat=True).get(pk=notice.pk)
        if state == NoticeState.DRAFT:
            raise NoticeRefused(_("公示发布后才能上传留证图片。"))
        path = save_file(EVIDENCE_DIR, name, jpeg)
        try:
            evidence = NoticeEvidence.objects.create(
                notice=notice,
                kind=kind,
                title=shown,
                stored_name=name,
                width=width,
                height=height,
                size=len(jpeg),
                sha256=hashlib.sha256(jpeg).hexdigest(),
                uploaded_by=actor,
            )
        except BaseException:
            default_storage.delete(path)
            raise
        record(
            "notice.evidence",
            actor=actor,
            role=role,
            campaign=notice.campaign,
            unit_name=notice.unit.name if notice.unit else "",
            obj=evidence,
            changes={"公示": [None, notice.pk], "类型": [None, kind], "图片名称": [None, shown]},
        )
    return evidence
