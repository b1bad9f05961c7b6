"""A unit's material images: the checklist the campaign's stage asks for, and every change to it.

An upload is judged by ``images.inspect_upload`` before anything is stored. What cannot become an
image is refused with a Chinese message and leaves nothing behind. Everything else is re-encoded at
once (so EXIF, GPS and trailing bytes never reach the disk): a compliant JPEG becomes a material;
anything else (PNG, too large, EXIF-rotated) waits, already converted, as a ``PendingUpload`` until
the clerk accepts the conversion with one click. The uploaded bytes themselves are never kept: a
rotated phone photo usually carries its GPS position too. Changes lock the unit like nomination
edits do, so nothing changes after the unit has submitted.
"""

from __future__ import annotations

import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from pingxuan.core.findings import Finding, Scope, Severity
from pingxuan.core.spec.expressions import parse
from pingxuan.core.spec.models import Material as Requirement
from pingxuan.core.spec.models import Spec
from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.domain.deadlines import Gate, closed_refusal
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.materials.images import (
    MAX_UPLOAD_BYTES,
    ImageRefused,
    display_name,
    inspect_upload,
    storage_name,
    to_compliant_jpeg,
)
from pingxuan.web.materials.models import Material, PendingUpload, Stage
from pingxuan.web.materials.models.material import MATERIALS_DIR, PENDING_DIR
from pingxuan.web.nominations.domain.adapt import Adapter, stored_nominations
from pingxuan.web.nominations.domain.edit import lock_unit
from pingxuan.web.nominations.enums import Standing, SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission


class MaterialRefused(Exception):
    """An upload or change that cannot be made; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ── the checklist ───────────────────────────────────────────────────────────────────────────


@dataclass
class ChecklistItem:
    """One material the stage asks for: of the unit, or of one of its nominations."""

    requirement: Requirement
    nomination: Nomination | None = None
    materials: list[Material] = field(default_factory=list)
    pending: list[PendingUpload] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.key_for(self.requirement.name, self.nomination)

    @staticmethod
    def key_for(requirement: str, nomination: Nomination | None) -> str:
        """Names an item in a page (an HTML id, so no spaces or brackets from the name)."""
        digest = hashlib.sha256(requirement.encode()).hexdigest()[:10]
        return f"m{nomination.pk if nomination else 0}-{digest}"

    @property
    def done(self) -> bool:
        return bool(self.materials)


ON_SECOND_REVIEW_STANDINGS = (Standing.PASSED, Standing.APPROVED, Standing.REJECTED)


def _applies(requirement: Requirement, award: str, facts: dict[str, Any]) -> bool:
    if requirement.awards and award not in requirement.awards:
        return False
    return parse(requirement.when)(facts)


def _stage_requirements(spec: Spec, stage: str) -> list[Requirement]:
    return [item for item in spec.materials if item.stage == stage]


def checklist(campaign: Campaign, unit: Unit, stage: str = Stage.FIRST) -> list[ChecklistItem]:
    """The unit's items first, then each nomination's, with what is uploaded or waiting."""
    spec = campaign_spec(campaign)
    requirements = _stage_requirements(spec, stage)
    stored: dict[tuple[int | None, str], list[Material]] = defaultdict(list)
    for material in Material.objects.filter(campaign=campaign, unit=unit, stage=stage):
        stored[material.nomination_id, material.requirement].append(material)
    waiting: dict[tuple[int | None, str], list[PendingUpload]] = defaultdict(list)
    for pending in PendingUpload.objects.filter(campaign=campaign, unit=unit, stage=stage):
        waiting[pending.nomination_id, pending.requirement].append(pending)

    def item(requirement: Requirement, nomination: Nomination | None) -> ChecklistItem:
        key = (nomination.pk if nomination else None, requirement.name)
        return ChecklistItem(requirement, nomination, stored[key], waiting[key])

    items = [item(r, None) for r in requirements if r.scope == "unit"]
    per_nomination = [r for r in requirements if r.scope == "nomination"]
    if per_nomination:
        adapter = Adapter(spec)
        nominations = stored_nominations(campaign.pk).filter(unit=unit)
        if stage == Stage.SECOND:
            # 复审 is for those who passed 初审: a failed or revoked nominee needs nothing more.
            nominations = nominations.filter(standing__in=ON_SECOND_REVIEW_STANDINGS)
        for nomination in nominations:
            facts = adapter.to_core(nomination).facts
            items.extend(
                item(r, nomination) for r in per_nomination if _applies(r, nomination.award, facts)
            )
    return items


MISSING_RULE = "materials.missing"
NAMED = 5  # nominees named in one warning; the rest are counted


def missing_findings(campaign: Campaign, unit: Unit, stage: str = Stage.FIRST) -> list[Finding]:
    """What the unit has not uploaded yet, as warnings, one per material: the checklist above is
    the one source, so the unit page, the submit page and the office's 初审 page (✗ 未上传) agree.

    Warnings, not errors (clause 四): the notice lists the 初审 materials with an "等" and answers a
    missing one at 初审 ("初审未通过不再另行通知，不再补报"), not by refusing the submission; so the
    approver submits with a written reason for each gap, and the office decides."""
    waiting: dict[str, list[ChecklistItem]] = defaultdict(list)
    for item in checklist(campaign, unit, stage):
        if not item.done:
            waiting[item.requirement.name].append(item)
    findings = []
    for name, items in waiting.items():
        requirement = items[0].requirement
        nominees = [item.nomination.display_name for item in items if item.nomination]
        if nominees:
            listed = "、".join(nominees[:NAMED])
            message = _("%(stage)s材料“%(name)s”未上传：%(who)s") % {
                "stage": stage,
                "name": name,
                "who": listed
                if len(nominees) <= NAMED
                else _("%(listed)s等 %(n)s 个推荐对象") % {"listed": listed, "n": len(nominees)},
            }
        else:
            message = _("%(stage)s材料“%(name)s”未上传") % {"stage": stage, "name": name}
        findings.append(
            Finding(
                rule=MISSING_RULE,
                clause=requirement.clause,
                severity=Severity.WARNING,
                scope=Scope.UNIT,
                award=None,
                unit=unit.name,
                message=message,
                hint=_(
                    "请在“上传材料”页上传（jpg 图片）。报送时缺少的材料，初审时可能不予通过，"
                    "且不再补报；确实无法提供的，请在报送时写明理由。"
                ),
            )
        )
    return findings


def _requirement(spec: Spec, stage: str, name: str, nomination: Nomination | None) -> Requirement:
    """The spec's item called ``name`` for this stage and scope, or a refusal."""
    scope = "unit" if nomination is None else "nomination"
    for requirement in _stage_requirements(spec, stage):
        if requirement.name != name or requirement.scope != scope:
            continue
        if nomination is not None:
            facts = Adapter(spec).to_core(nomination).facts
            if not _applies(requirement, nomination.award, facts):
                break
        return requirement
    raise MaterialRefused(_("“%(name)s”不是本阶段需要上传的材料。") % {"name": name})


# ── changes ─────────────────────────────────────────────────────────────────────────────────


def _lock_editable(campaign: Campaign, unit: Unit, stage: str = Stage.FIRST) -> Submission:
    """Lock the unit; its 初审 materials change only while it drafts, its 复审 materials (四:
    报送复审材料) only once it has handed in for 初审."""
    submission = lock_unit(campaign, unit)
    if stage == Stage.SECOND:
        if submission.state != SubmissionState.SUBMITTED:
            raise MaterialRefused(_("复审材料在报送初审、初审通过之后提交。"))
        # Judged after the lock, as submission is: the unit's own window, extensions included.
        if (closed := closed_refusal(campaign, unit, Gate.REVIEW_MATERIALS)) is not None:
            raise MaterialRefused(closed)
        return submission
    if not submission.editable:
        raise MaterialRefused(
            _("本单位已报送初审，材料只读；如需修改，请联系%(federation)s退回。")
            % {"federation": campaign_spec(campaign).campaign.federation_short}
        )
    return submission


def save_file(directory: str, name: str, data: bytes) -> str:
    """Store ``data`` under MEDIA_ROOT as ``directory/name``; the stored path is returned."""
    path = f"{directory}/{name}"
    saved = default_storage.save(path, ContentFile(data))
    # FileSystemStorage renames rather than overwrites; a random name never collides, and a
    # renamed file would not be the one the row names.
    if saved != path:
        default_storage.delete(saved)
        raise RuntimeError(f"storage renamed {path} to {saved}")
    return path


def _material(
    campaign: Campaign,
    unit: Unit,
    nomination: Nomination | None,
    *,
    requirement: str,
    stage: str,
    title: str,
    jpeg: bytes,
    actor: Any,
) -> Material:
    """A new Material row for re-encoded JPEG bytes; its file is written by the caller's
    transaction (and removed again if the transaction fails)."""
    with Image.open(io.BytesIO(jpeg)) as image:  # reads the header only
        width, height = image.size
    name = storage_name()
    path = save_file(MATERIALS_DIR, name, jpeg)
    try:
        return Material.objects.create(
            campaign=campaign,
            unit=unit,
            nomination=nomination,
            requirement=requirement,
            stage=stage,
            title=title,
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


def read_upload(data: bytes | BinaryIO) -> bytes:
    """The uploaded bytes, at most one byte past the limit (so a too-large file is told apart)."""
    if isinstance(data, bytes):
        return data[: MAX_UPLOAD_BYTES + 1]
    if data.seekable():
        data.seek(0)
    return data.read(MAX_UPLOAD_BYTES + 1)  # one byte more: enough to say "too large"


def _title(title: str, filename: str, requirement: str) -> str:
    if title.strip():
        return display_name(title, fallback=requirement)
    return display_name(filename, fallback=requirement)


def upload(
    campaign: Campaign,
    unit: Unit,
    *,
    requirement: str,
    nomination: Nomination | None,
    data: bytes | BinaryIO,
    filename: str = "",
    title: str = "",
    actor: Any,
    role: str,
    stage: str = Stage.FIRST,
) -> Material | PendingUpload:
    """Store an uploaded image for a checklist item: a ``Material`` when it complies (re-encoded
    all the same), a ``PendingUpload`` when it needs converting. ``filename`` is the browser's
    name for the file: it may become the title, never a path."""
    if nomination is not None and (nomination.campaign_id, nomination.unit_id) != (
        campaign.pk,
        unit.pk,
    ):
        raise MaterialRefused(_("该推荐对象不属于本单位。"))
    spec = campaign_spec(campaign)
    wanted = _requirement(spec, stage, requirement, nomination)
    raw = read_upload(data)
    try:
        inspection = inspect_upload(raw, spec.image_rules)
        # Decoding and encoding happen before the lock: they take the most time.
        jpeg = to_compliant_jpeg(raw, spec.image_rules)
    except ImageRefused as refusal:
        raise MaterialRefused(refusal.message) from None
    shown = _title(title, filename, wanted.name)
    with transaction.atomic():
        _lock_editable(campaign, unit, stage)
        if inspection.compliant:
            material = _material(
                campaign,
                unit,
                nomination,
                requirement=wanted.name,
                stage=stage,
                title=shown,
                jpeg=jpeg,
                actor=actor,
            )
            record(
                "material.upload",
                actor=actor,
                role=role,
                campaign=campaign,
                unit_name=unit.name,
                obj=material,
                changes={
                    "材料": [None, wanted.name],
                    "图片名称": [None, shown],
                    "推荐对象": [None, nomination.pk if nomination else None],
                },
            )
            return material
        # The converted image waits under a random name (never served) until accepted.
        name = storage_name()
        path = save_file(PENDING_DIR, name, jpeg)
        try:
            pending = PendingUpload.objects.create(
                campaign=campaign,
                unit=unit,
                nomination=nomination,
                requirement=wanted.name,
                stage=stage,
                title=shown,
                stored_name=name,
                problems=list(inspection.problems),
                created_by=actor,
            )
        except BaseException:
            default_storage.delete(path)
            raise
        record(
            "material.pending",
            actor=actor,
            role=role,
            campaign=campaign,
            unit_name=unit.name,
            obj=pending,
            changes={
                "材料": [None, wanted.name],
                "图片名称": [None, shown],
                "不合格之处": [None, list(inspection.problems)],
            },
        )
        return pending


def convert(pending: PendingUpload, *, actor: Any, role: str) -> Material:
    """The one-click conversion: the waiting converted image becomes a material."""
    campaign, unit = pending.campaign, pending.unit
    try:
        with default_storage.open(pending.path, "rb") as handle:
            jpeg = handle.read()
    except FileNotFoundError:  # converted or discarded by a request that just committed
        raise MaterialRefused(_("该图片已转换或已删除。")) from None
    with transaction.atomic():
        _lock_editable(campaign, unit, pending.stage)
        # Locked first, then looked up again: a double click converts once, the second is a 404.
        locked = PendingUpload.objects.select_for_update().filter(pk=pending.pk).first()
        if locked is None:
            raise MaterialRefused(_("该图片已转换或已删除。"))
        pending = locked
        material = _material(
            campaign,
            unit,
            pending.nomination,
            requirement=pending.requirement,
            stage=pending.stage,
            title=pending.title,
            jpeg=jpeg,
            actor=actor,
        )
        record(
            "material.convert",
            actor=actor,
            role=role,
            campaign=campaign,
            unit_name=unit.name,
            obj=material,
            changes={
                "材料": [None, pending.requirement],
                "图片名称": [None, pending.title],
                "已转换": [list(pending.problems), None],
            },
        )
        pending.delete()
    return material


def delete_material(material: Material, *, actor: Any, role: str) -> None:
    with transaction.atomic():
        _lock_editable(material.campaign, material.unit, material.stage)
        record(
            "material.delete",
            actor=actor,
            role=role,
            campaign=material.campaign,
            unit_name=material.unit.name,
            obj=material,
            changes={"材料": [material.requirement, None], "图片名称": [material.title, None]},
        )
        material.delete()


def discard_pending(pending: PendingUpload, *, actor: Any, role: str) -> None:
    """The clerk declines the conversion: the original is removed, nothing is stored."""
    with transaction.atomic():
        _lock_editable(pending.campaign, pending.unit, pending.stage)
        record(
            "material.discard",
            actor=actor,
            role=role,
            campaign=pending.campaign,
            unit_name=pending.unit.name,
            obj=pending,
            changes={"材料": [pending.requirement, None], "图片名称": [pending.title, None]},
        )
        pending.delete()


def unit_editable(campaign: Campaign, unit: Unit, stage: str = Stage.FIRST) -> bool:
    """For pages: whether upload buttons are worth showing (the domain checks again)."""
    submission = Submission.objects.filter(campaign=campaign, unit=unit).first()
    if stage == Stage.SECOND:
        return (
            submission is not None
            and submission.state == SubmissionState.SUBMITTED
            and closed_refusal(campaign, unit, Gate.REVIEW_MATERIALS) is None
        )
    return submission is None or submission.editable
