"""Many material images at once (issue 14, 1): a clerk scans a stack of papers into a folder and
uploads the folder, or a zip of it. Each file is matched to its checklist item by its name and
then goes through ``upload`` like a single file: the same checks, the same re-encoding, stored
or refused on its own. A file that fails leaves nothing; it never stops the others.

The naming rule (docs/materials.md, 批量上传): ``推荐对象-材料名.jpg`` for a nomination's material,
``材料名.jpg`` for the unit's own; a trailing ``-2`` (or ``（2）``) numbers a second image of the
same item. 推荐对象 is the name the checklist shows (姓名, 单位全称 or 集体名称); 材料名 may be
the whole name of the item or a part of it only one item has (``荣誉证书`` for
``基础荣誉证书（或表彰决定）``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pingxuan.core.columns import NAME_COLUMN
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.materials.domain import ChecklistItem, MaterialRefused, checklist, upload
from pingxuan.web.materials.images import MAX_UPLOAD_BYTES
from pingxuan.web.materials.models import Material, Stage

MAX_FILES = 100  # per upload, a zip's images included; Django's own DATA_UPLOAD_MAX_NUMBER_FILES
MAX_ZIP_BYTES = 200 * 1024 * 1024  # what a zip may unpack to, in all
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp"})
_SEPARATORS = re.compile(r"\s*[-－—_]\s*")
_COPY = re.compile(r"^(.*?)\s*(?:[-－—_]\s*(\d{1,2})|[（(]\s*(\d{1,2})\s*[）)])$")
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")

STORED, WAITING, REFUSED = "stored", "waiting", "refused"
OUTCOME_LABELS = {
    STORED: gettext_lazy("已保存"),
    WAITING: gettext_lazy("待转换"),
    REFUSED: gettext_lazy("未保存"),
}


@dataclass(frozen=True)
class Tally:
    """What became of a batch, counted as the clerk must act on it."""

    total: int
    stored: int  # saved: nothing more to do
    waiting: int  # converted, saved only once confirmed on the materials page
    unmatched: int  # no checklist item found for the name: rename and upload again
    refused: int  # matched but not accepted (not a picture, too large…): fix and upload again


def tally(outcomes: Iterable[Outcome]) -> Tally:
    listed = list(outcomes)
    refused = [o for o in listed if o.outcome == REFUSED]
    unmatched = sum(1 for o in refused if o.unmatched)
    return Tally(
        total=len(listed),
        stored=sum(1 for o in listed if o.outcome == STORED),
        waiting=sum(1 for o in listed if o.outcome == WAITING),
        unmatched=unmatched,
        refused=len(refused) - unmatched,
    )


@dataclass(frozen=True)
class Incoming:
    name: str  # the browser's (or the zip's) file name, never a path we use
    data: bytes


@dataclass(frozen=True)
class Outcome:
    name: str
    outcome: str
    owner: str = ""  # the nominee, or 本单位
    requirement: str = ""
    message: str = ""
    unmatched: bool = False  # refused because its name matched nothing

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])


# ── reading what was sent ───────────────────────────────────────────────────────────────────


def _zip_name(info: zipfile.ZipInfo) -> str:
    """An entry's name. Without the UTF-8 flag a zip does not say how it names its files: Info-ZIP
    on Linux and macOS write UTF-8 without the flag, a Chinese Windows writes GBK. Python read
    the bytes as cp437; they are tried as UTF-8 first (strict: GBK text is almost never valid
    UTF-8), then GB18030 (GBK's superset), and left as cp437 when neither fits."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def unpack(name: str, data: bytes | BinaryIO) -> tuple[list[Incoming], list[Outcome]]:
    """The images inside a zip, bounded in number and size before anything is read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
        entries = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        return [], [Outcome(name, REFUSED, message=_("压缩包已损坏或不是 zip 文件。"))]
    found: list[Incoming] = []
    refused: list[Outcome] = []
    total = 0
    for info in entries:
        inner = PurePosixPath(_zip_name(info).replace("\\", "/")).name
        if not inner or inner.startswith(".") or "__MACOSX" in info.filename:
            continue
        shown = f"{name} › {inner}"
        if PurePosixPath(inner).suffix.lower() not in IMAGE_SUFFIXES:
            refused.append(Outcome(shown, REFUSED, message=_("不是图片文件，已跳过。")))
            continue
        if len(found) >= MAX_FILES:
            refused.append(
                Outcome(shown, REFUSED, message=_("一次最多 %(n)s 个文件。") % {"n": MAX_FILES})
            )
            continue
        if info.file_size > MAX_UPLOAD_BYTES or total + info.file_size > MAX_ZIP_BYTES:
            refused.append(Outcome(shown, REFUSED, message=_("文件过大，未解压。")))
            continue
        try:
            with archive.open(info) as handle:
                content = handle.read(MAX_UPLOAD_BYTES + 1)  # the header may understate it
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
            refused.append(Outcome(shown, REFUSED, message=_("无法解压（已损坏或加密）。")))
            continue
        total += len(content)
        found.append(Incoming(shown, content))
    return found, refused


def is_zip(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() == ".zip"


def received_files(files: Iterable[Any]) -> tuple[list[Incoming], list[Outcome]]:
    """The uploaded files (Django's), zips unpacked, each bounded before it is read."""
    incoming: list[Incoming] = []
    refused: list[Outcome] = []
    for file in files:
        name = PurePosixPath((file.name or "").replace("\\", "/")).name or _("未命名文件")
        if is_zip(name):
            if (file.size or 0) > MAX_ZIP_BYTES:
                refused.append(Outcome(name, REFUSED, message=_("压缩包过大。")))
                continue
            found, skipped = unpack(name, file)
            incoming += found
            refused += skipped
            continue
        incoming.append(Incoming(name, file.read(MAX_UPLOAD_BYTES + 1)))
    if len(incoming) > MAX_FILES:
        too_many = _("一次最多 %(n)s 个文件。") % {"n": MAX_FILES}
        refused += [Outcome(i.name, REFUSED, message=too_many) for i in incoming[MAX_FILES:]]
        incoming = incoming[:MAX_FILES]
    return incoming, refused


# ── matching a name to a checklist item ─────────────────────────────────────────────────────


def _core(name: str) -> str:
    """``基础荣誉证书（或表彰决定）`` → ``基础荣誉证书``: what a clerk would type."""
    return _BRACKETED.sub("", name).strip()


def _requirement(text: str, items: list[ChecklistItem]) -> ChecklistItem | None:
    exact = [
        item for item in items if text in (item.requirement.name, _core(item.requirement.name))
    ]
    if len(exact) == 1:
        return exact[0]
    partial = [item for item in items if text and text in item.requirement.name]
    return partial[0] if len(partial) == 1 else None


def _owner_names(items: list[ChecklistItem]) -> dict[str, set[int]]:
    """Every name a nominee may go by in a file name → the pks of the nominees so named."""
    names: dict[str, set[int]] = {}
    for item in items:
        nomination = item.nomination
        if nomination is None:
            continue
        own = str(nomination.cells.get(NAME_COLUMN.get(nomination.subject, ""), "") or "")
        for name in {nomination.display_name, own.strip()}:
            if name:
                names.setdefault(name, set()).add(nomination.pk)
    return names


def _one_each(items: list[ChecklistItem]) -> list[ChecklistItem]:
    """One item per requirement: which materials a nominee has, whoever the nominee."""
    return list({item.requirement.name: item for item in items}.values())


@dataclass(frozen=True)
class Match:
    item: ChecklistItem | None
    title: str
    problem: str = ""


def match(filename: str, items: list[ChecklistItem]) -> Match:
    stem = PurePosixPath(filename.split(" › ")[-1]).stem.strip()
    copy = _COPY.match(stem)
    number = ""
    if copy and (copy[2] or copy[3]):
        stem, number = copy[1], copy[2] or copy[3]
    names = _owner_names(items)
    owners = {name: next(iter(pks)) for name, pks in names.items() if len(pks) == 1}
    owner_pk: int | None = None
    what = stem
    parts = _SEPARATORS.split(stem, maxsplit=1)
    if len(parts) == 2 and parts[0] in owners:
        owner_pk, what = owners[parts[0]], parts[1]
    elif stem in owners:
        return Match(None, "", _("只有推荐对象名称，缺少材料名：请命名为“推荐对象-材料名.jpg”。"))
    elif len(parts) == 2 and parts[0] in names:
        return Match(
            None,
            "",
            _(
                "本单位有不止一个名为“%(name)s”的推荐对象，无法按文件名区分：请在材料清单里逐个上传。"
            )
            % {"name": parts[0]},
        )
    elif (
        len(parts) == 2
        and _requirement(stem, [i for i in items if i.nomination is None]) is None
        and _requirement(parts[1], _one_each([i for i in items if i.nomination])) is not None
    ):
        # “某某-简表”: a nominee's material, but no nominee goes by that name.
        return Match(
            None,
            "",
            _(
                "找不到名为“%(name)s”的推荐对象：请按材料清单上显示的名称（姓名、单位全称或"
                "集体名称）命名，如“%(example)s-%(what)s.jpg”。"
            )
            % {"name": parts[0], "example": next(iter(owners), _("张三")), "what": parts[1]},
        )
    candidates = [
        item for item in items if (item.nomination.pk if item.nomination else None) == owner_pk
    ]
    chosen = _requirement(what, candidates)
    if chosen is None:
        names = "、".join(dict.fromkeys(_core(i.requirement.name) for i in candidates))
        whose = _("该推荐对象") if owner_pk else _("本单位（文件名没有推荐对象名称）")
        return Match(
            None,
            "",
            _("认不出材料名“%(what)s”；%(whose)s的材料有：%(names)s。")
            % {"what": what, "whose": whose, "names": names},
        )
    title = chosen.requirement.name + (f"-{number}" if number else "")
    return Match(chosen, title)


# ── storing ─────────────────────────────────────────────────────────────────────────────────


def batch_upload(
    campaign: Campaign,
    unit: Unit,
    files: Iterable[Incoming],
    *,
    actor: Any,
    role: str,
    stage: str = Stage.FIRST,
) -> list[Outcome]:
    """Match and store each file on its own; the outcome of every file, in the order sent."""
    items = checklist(campaign, unit, stage)
    outcomes: list[Outcome] = []
    for incoming in files:
        found = match(incoming.name, items)
        if found.item is None:
            outcomes.append(Outcome(incoming.name, REFUSED, message=found.problem, unmatched=True))
            continue
        nomination = found.item.nomination
        owner = nomination.display_name if nomination else _("本单位")
        requirement = found.item.requirement.name
        try:
            stored = upload(
                campaign,
                unit,
                requirement=requirement,
                nomination=nomination,
                data=incoming.data,
                filename=incoming.name,
                title=found.title,
                actor=actor,
                role=role,
                stage=stage,
            )
        except MaterialRefused as refusal:
            outcomes.append(Outcome(incoming.name, REFUSED, owner, requirement, refusal.message))
            continue
        if isinstance(stored, Material):
            outcomes.append(Outcome(incoming.name, STORED, owner, requirement))
        else:
            why = "；".join(stored.problems)
            note = _("不符合要求（%(why)s），已转换，请在材料页确认。") % {"why": why}
            outcomes.append(Outcome(incoming.name, WAITING, owner, requirement, note))
    return outcomes
