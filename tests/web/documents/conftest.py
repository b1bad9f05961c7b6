"""One generated campaign for the document tests, every document rendered once per module.

The data is built once per module in a transaction rolled back at its end: two units filled
with the generator's compliant rows, eight nominees renamed after a published list (in shuffled
order), two more with traditional characters (``RARE``), one 涉敏 nominee, three
notices (unit, county, city), the final list approved. Rendering each kind once keeps the suite
fast; the tests then read the files, their text (pdftotext) and their pages as PNG (pdftoppm,
kept under var/screenshots/documents/).
"""

from __future__ import annotations

import hashlib
import random
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from pingxuan.core.documents.procedure import KINDS as PROCEDURE_KINDS
from pingxuan.web.campaigns.domain.specs import campaign_spec, load_campaign_file
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.documents.interfaces import exports
from pingxuan.web.materials.images import storage_name, to_compliant_jpeg
from pingxuan.web.materials.models import Material, Stage
from pingxuan.web.materials.models.material import MATERIALS_DIR
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.notices import NoticeInput, create_notice, publish
from pingxuan.web.notices.models import Notice
from pingxuan.web.opinions.domain.required import required_for
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.materials.test_images import encode, picture
from tests.web.nominations.helpers import fill_unit
from tests.web.notices.helpers import PERIODS
from tests.web.personas import UNIT_A, UNIT_B, make_persona

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots" / "documents"
# 全国劳动模范（名单按姓氏笔画排序）, as published: the order every list must reproduce.
PUBLISHED = ["王填", "成新湘", "向文波", "刘习明", "刘令安", "李涛", "唐纯玉", "黄小玲"]
# Names the stroke data of 2024 refused (issue 13, 3.): traditional forms order as their
# simplified form (劉 as 刘, 鍾 as 钟). Unit A gets the first, unit B the second. (A character
# without any data is placed in test_pages.py.)
RARE = ["劉德華", "鍾漢良"]
ORDERED = [
    "王填",
    "成新湘",
    "向文波",
    "刘习明",
    "刘令安",
    "劉德華",
    "李涛",
    "鍾漢良",
    "唐纯玉",
    "黄小玲",
]
SENSITIVE_NAME = "郝保密"
# What no public notice may show (三（三）1): the columns, by their values in the data.
PRIVATE_COLUMNS = ("身份证号", "出生年月", "民族", "政治面貌")


@dataclass
class World:
    campaign: Campaign
    unit_a: Unit
    unit_b: Unit
    renamed: list[Nomination]
    sensitive: Nomination
    notices: dict[str, Notice]
    private_values: set[str]
    departments: list[str]  # what the opinion sheet of renamed[0] must list
    rare: list[Nomination] = field(default_factory=list)  # named after RARE
    files: dict[str, bytes] = field(default_factory=dict)


def pdf_text(content: bytes, tmp: Path, name: str) -> str:
    path = tmp / f"{name}.pdf"
    path.write_bytes(content)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return done.stdout


def to_png(content: bytes, name: str) -> list[Path]:
    """The PDF's pages as PNG at 60 dpi, kept under var/screenshots/documents/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob(f"{name}-*.png"):
        old.unlink()
    pdf = SCREENSHOTS / f"{name}.pdf"
    pdf.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(SCREENSHOTS / name)], check=True)
    return sorted(SCREENSHOTS.glob(f"{name}-*.png"))


def bare(text: str) -> str:
    """Text without any whitespace (padding and layout spaces), for finding names in order."""
    return "".join(text.split())


def _notice(campaign: Campaign, level: str, unit: Unit | None, title: str) -> Notice:
    start, end = PERIODS[level]
    frame = NoticeInput(
        level=level,
        unit=unit,
        title=title,
        start=start,
        end=end,
        contact_person="杨柳琳",
        contact_phone="0371-67883217",
        channel_phone="0371-67883217",
        channel_mailbox="zzgh67883217@163.com",
        channel_address="郑州市总工会劳动和经济工作部",
    )
    notice = create_notice(campaign, frame, actor=None, role="reviewer")
    return publish(notice, actor=None, role="reviewer")


def portrait(campaign: Campaign, nomination: Nomination) -> Material:
    """A 近期免冠照片 as the materials pipeline stores one (re-encoded, random name). The 2024
    spec asks for no portrait, so the row is made here rather than through an upload."""
    spec = campaign_spec(campaign)
    data = to_compliant_jpeg(encode(picture((300, 400)), "PNG"), spec.image_rules)
    name = storage_name()
    path = Path(settings.MEDIA_ROOT) / MATERIALS_DIR / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Material.objects.create(
        campaign=campaign,
        unit=nomination.unit,
        nomination=nomination,
        requirement="近期免冠照片",
        stage=Stage.FIRST,
        title="照片",
        stored_name=name,
        width=300,
        height=400,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def build_world() -> World:
    campaign = load_campaign_file(CAMPAIGN_FILE)
    unit_a = Unit.objects.get(campaign=campaign, name=UNIT_A)
    unit_b = Unit.objects.get(campaign=campaign, name=UNIT_B)
    fill_unit(campaign, unit_a, make_persona(campaign, "clerk_a"))
    fill_unit(campaign, unit_b, make_persona(campaign, "clerk_b"), seed=7)
    medals = Nomination.objects.filter(campaign=campaign, award="五一劳动奖章").order_by("seq")
    of_a, of_b = list(medals.filter(unit=unit_a)), list(medals.filter(unit=unit_b))
    shuffled = PUBLISHED[:]
    random.Random(5).shuffle(shuffled)
    renamed = of_a[:4] + of_b[:4]
    for nomination, name in zip(renamed, shuffled, strict=True):
        nomination.cells = {**nomination.cells, "姓名": name}
        nomination.save(update_fields=["cells"])
    rare = of_a[5:6] + of_b[4:5]
    assert len(rare) == len(RARE)
    for nomination, name in zip(rare, RARE, strict=True):
        nomination.cells = {**nomination.cells, "姓名": name}
        nomination.save(update_fields=["cells"])
    sensitive = of_a[4]
    sensitive.cells = {**sensitive.cells, "姓名": SENSITIVE_NAME, "涉敏": "是"}
    sensitive.save(update_fields=["cells"])
    # Arranged directly: the review procedure has its own tests; these only need the outcome.
    Nomination.objects.filter(campaign=campaign).update(standing=Standing.APPROVED)
    # 巩义市's own notices come before the city's, which lists its nominees too.
    _notice(campaign, "unit", unit_b, "巩义市推荐对象所在单位公示")
    _notice(campaign, "county", unit_b, "巩义市推荐对象公示")
    notices = {
        "unit": _notice(campaign, "unit", unit_a, "郑东新区推荐对象所在单位公示"),
        "county": _notice(campaign, "county", unit_a, "郑东新区推荐对象公示"),
        "city": _notice(campaign, "city", None, "2024年郑州市五一劳动奖和工人先锋号推荐对象公示"),
    }
    private = {
        str(n.cells.get(column) or "")
        for n in Nomination.objects.filter(campaign=campaign, unit=unit_a)
        for column in PRIVATE_COLUMNS
    }
    portrait(campaign, renamed[1])
    # 汉族 is everyone's, so it says nothing; the other values are each nominee's own.
    private -= {"", "汉族"}
    departments = required_for(renamed[0])
    return World(
        campaign, unit_a, unit_b, renamed, sensitive, notices, private, departments, rare=rare
    )


def render_all(world: World) -> None:
    """Every kind of document, each once, into ``world.files`` by a short key."""
    spec = campaign_spec(world.campaign)
    leader = world.renamed[0]
    jobs: dict[str, Any] = {}
    for kind in ("brief", "approval", "opinions"):
        for fmt in ("pdf", "docx"):
            jobs[f"{kind}.{fmt}"] = lambda k=kind, f=fmt: exports.nomination_export(leader, k, f)
    for level, notice in world.notices.items():
        for fmt in ("pdf", "docx"):
            jobs[f"notice-{level}.{fmt}"] = lambda n=notice, f=fmt: exports.notice_export(n, f)
    for fmt in ("pdf", "docx"):
        jobs[f"final-list.{fmt}"] = lambda f=fmt: exports.final_list_export(world.campaign, f)
        jobs[f"decision.{fmt}"] = lambda f=fmt: exports.decision_export(world.campaign, f)
    for award in spec.awards:
        short = award.short_name
        for fmt in ("pdf", "xlsx"):
            jobs[f"summary-unit-{short}.{fmt}"] = lambda a=award, f=fmt: exports.summary_export(
                world.campaign, a, world.unit_a, f
            )
            jobs[f"summary-city-{short}.{fmt}"] = lambda a=award, f=fmt: exports.summary_export(
                world.campaign, a, None, f
            )
    for kind in PROCEDURE_KINDS:
        jobs[f"procedure-{kind}.docx"] = lambda k=kind: exports.procedure_export(
            world.campaign, world.unit_a, k
        )
    photographed = world.renamed[1]
    for fmt in ("pdf", "docx"):
        jobs[f"brief-photo.{fmt}"] = lambda f=fmt: exports.nomination_export(
            photographed, "brief", f
        )
    for key, job in jobs.items():
        export = job()
        world.files[key] = export.content
        world.files[f"{key}:name"] = export.filename.encode()


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            built = build_world()
            render_all(built)
            transaction.set_rollback(True)
    yield built
    shutil.rmtree(media, ignore_errors=True)
