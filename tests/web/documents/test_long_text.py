"""The forms at the longest text allowed (issue 11, issue 13 (2)): the front page keeps every box,
what does not fit continues on a headed 续页, the 汇总表 row runs on under its repeated header.

Pages are read with ``pdftotext -f N -l N`` one page at a time and kept as PNG under
var/screenshots/documents/long-*.png. Timing is bench/documents.py's, not a test's.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from pingxuan.core.documents.flow import CONTINUED, SEE_CONTINUATION
from pingxuan.web.campaigns.domain.specs import campaign_spec, load_campaign_file
from pingxuan.web.campaigns.models import Unit
from pingxuan.web.documents.domain.form_layout import layout
from pingxuan.web.documents.domain.sheets import TITLE_WORDS, Box, Sheet
from pingxuan.web.documents.interfaces import exports, sheet_files
from pingxuan.web.nominations.models import Nomination
from tests.web.documents.conftest import bare, to_png
from tests.web.documents.longest import longest_of_each_subject, longest_text
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, make_persona

pytestmark = pytest.mark.django_db

OPINION_BOXES = {
    "approval": ("所在单位意见", "推荐单位意见", "市总工会意见", "年月日"),
    "brief": ("基层工会意见", "基层工会（盖章）", "年月日"),
}
TITLES = {"approval": "推荐审批表（续页）", "brief": "推荐对象简表（续页）"}


def pages(content: bytes, tmp: Path, name: str) -> list[str]:
    """The text of each page, whitespace removed."""
    path = tmp / f"{name}.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    count = int(info.stdout.split("Pages:")[1].split()[0])
    texts = []
    for number in range(1, count + 1):
        done = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        texts.append(bare(done.stdout))
    return texts


def text_bottom(path: Path, number: int) -> float:
    """How far down page ``number`` its body text reaches, as a share of the page's height (the
    page number in the footer not counted)."""
    done = subprocess.run(
        ["pdftotext", "-f", str(number), "-l", str(number), "-bbox", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', done.stdout)[1])
    words = re.findall(r'yMax="([\d.]+)">([^<]*)</word>', done.stdout)
    body = [float(y) for y, word in words if word.strip("—-0123456789 ")]
    return max(body) / height


@pytest.fixture(scope="module")
def longest(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """Each subject's longest nomination and its files; and a medal with 1,078 characters."""
    media = tmp_path_factory.mktemp("media")
    files: dict[str, Any] = {}
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            campaign = load_campaign_file(CAMPAIGN_FILE)
            unit = Unit.objects.get(campaign=campaign, name=UNIT_A)
            fill_unit(campaign, unit, make_persona(campaign, "clerk_a"))
            spec = campaign_spec(campaign)
            for subject, nomination in longest_of_each_subject(campaign, unit).items():
                files[subject] = nomination.cells
                for kind in ("approval", "brief", "opinions"):
                    for fmt in ("pdf", "docx"):
                        export = exports.nomination_export(nomination, kind, fmt)
                        files[f"{subject}.{kind}.{fmt}"] = export.content
                award = spec.award(nomination.award)
                files[f"{subject}.summary.pdf"] = exports.summary_export(
                    campaign, award, unit, "pdf"
                ).content
            medals = Nomination.objects.filter(
                campaign=campaign, unit=unit, award="五一劳动奖章"
            ).order_by("-seq")
            # Facts as typed, the deeds alone long.
            for length, medal in zip((1078, 300), medals, strict=False):
                medal.cells = {**medal.cells, "简要事迹": longest_text(length)}
                medal.save(update_fields=["cells"])
                export = exports.nomination_export(medal, "approval", "pdf")
                files[f"{length}.approval.pdf"] = export.content
            transaction.set_rollback(True)
    yield files
    shutil.rmtree(media, ignore_errors=True)


@pytest.mark.parametrize("subject", ["person", "organisation", "team"])
@pytest.mark.parametrize("kind", ["approval", "brief"])
def test_longest_form_keeps_every_box_on_its_front_page(
    longest: dict[str, Any], tmp_path: Path, subject: str, kind: str
) -> None:
    content = longest[f"{subject}.{kind}.pdf"]
    to_png(content, f"long-{subject}-{kind}")
    front, *rest = pages(content, tmp_path, kind)
    for box in OPINION_BOXES[kind]:
        assert box in front, box
    assert bare(CONTINUED) in front
    assert rest, "没有续页"
    assert TITLES[kind] in rest[0]
    # Every character of the deeds is printed once: on the front page or on the 续页.
    deeds = bare(longest[subject]["简要事迹"])
    printed = "".join([front, *rest]).replace(bare(CONTINUED), "")
    assert deeds[:200] in printed and deeds[-200:] in printed
    # No page of the 续页 is left half empty but the last: its text runs to the bottom margin.
    path = tmp_path / f"{kind}.pdf"
    for number in range(2, len(rest) + 1):
        assert text_bottom(path, number) > 0.85, number


@pytest.mark.parametrize("subject", ["person", "organisation", "team"])
def test_longest_opinion_sheet_prints_every_fact_and_department(
    longest: dict[str, Any], tmp_path: Path, subject: str
) -> None:
    content = longest[f"{subject}.opinions.pdf"]
    to_png(content, f"long-{subject}-opinions")
    printed = "".join(pages(content, tmp_path, "opinions"))
    name_column = {"person": "姓名", "organisation": "单位全称", "team": "集体名称"}[subject]
    assert bare(longest[subject][name_column]) in printed
    assert "意见（盖章）" in printed and "需签署意见的部门" in printed


def test_1078_characters_keep_the_a3_sheet_whole(longest: dict[str, Any], tmp_path: Path) -> None:
    # The case of issue 13: the sheet broke in two, its first half empty, the opinions pushed
    # to the second. Now the front sheet is full and whole, and the rest is on the 续页.
    content = longest["1078.approval.pdf"]
    to_png(content, "long-1078-approval")
    front, *rest = pages(content, tmp_path, "1078")
    for box in OPINION_BOXES["approval"]:
        assert box in front, box
    deeds = bare(longest_text(1078))
    assert deeds[:900] in front and bare(CONTINUED) in front
    assert len(rest) <= 1 and all(TITLES["approval"] in page for page in rest)


def test_short_deeds_need_no_continuation(longest: dict[str, Any], tmp_path: Path) -> None:
    texts = pages(longest["300.approval.pdf"], tmp_path, "short")
    assert len(texts) == 1
    assert bare(CONTINUED) not in texts[0] and SEE_CONTINUATION not in texts[0]


@pytest.mark.parametrize("subject", ["person", "organisation", "team"])
def test_long_fact_reads_see_continuation_and_is_printed_whole(
    longest: dict[str, Any], tmp_path: Path, subject: str
) -> None:
    front, *rest = pages(longest[f"{subject}.approval.pdf"], tmp_path, "facts")
    assert SEE_CONTINUATION in front
    name_column = {"person": "姓名", "organisation": "单位全称", "team": "集体名称"}[subject]
    assert bare(longest[subject][name_column]) in "".join(rest)


@pytest.mark.parametrize("subject", ["person", "organisation", "team"])
def test_summary_row_runs_on_under_its_header(
    longest: dict[str, Any], tmp_path: Path, subject: str
) -> None:
    content = longest[f"{subject}.summary.pdf"]
    to_png(content, f"long-{subject}-summary")
    texts = pages(content, tmp_path, "summary")
    deeds = bare(longest[subject]["简要事迹"])
    # The long row starts on the first page, under the header, instead of jumping to the next.
    assert deeds[:100] in texts[0]
    for page in texts[1:]:
        assert "简要事迹" in page and "序号" in page


@pytest.fixture(scope="module")
def word_as_pdf(longest: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The longest forms' Word files laid out by headless LibreOffice, in one run."""
    soffice = shutil.which("soffice")
    assert soffice, "缺少 LibreOffice（soffice）：make install 会安装 libreoffice-writer-nogui"
    folder = tmp_path_factory.mktemp("long-libreoffice")
    names = []
    for subject in ("person", "organisation", "team"):
        for kind in ("approval", "brief"):
            path = folder / f"{subject}-{kind}.docx"
            path.write_bytes(longest[f"{subject}.{kind}.docx"])
            names.append(str(path))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *names,
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return folder


@pytest.mark.parametrize("subject", ["person", "organisation", "team"])
@pytest.mark.parametrize("kind", ["approval", "brief"])
def test_longest_word_form_keeps_its_front_page_in_libreoffice(
    word_as_pdf: Path, tmp_path: Path, subject: str, kind: str
) -> None:
    content = (word_as_pdf / f"{subject}-{kind}.pdf").read_bytes()
    to_png(content, f"long-{subject}-{kind}-libreoffice")
    front, *rest = pages(content, tmp_path, kind)
    for box in OPINION_BOXES[kind]:
        assert box in front, box
    assert bare(CONTINUED) in front
    assert rest and TITLES[kind] in rest[0]


# Texts that strain the line model: no punctuation, a closing mark every other character (each
# line loses one to the rule that it may not start a line), wide Latin letters and digits, long
# Latin words that go down whole, and one-character paragraphs (a whole line each).
STRAINS = {
    "plain": "劳动创造幸福实干成就伟业" * 400,
    "marks": "一，二。" * 1200,
    "latin": "WMW 1234567890 Qualität ABCDEFG mmm " * 160,
    "words": "Internationalization ISO9001:2015-certified 13700000000 " * 80,
    "paragraphs": "\n".join("奖" for _ in range(800)),
}


@pytest.mark.parametrize("strain", sorted(STRAINS))
@pytest.mark.parametrize("kind", ["approval", "brief"])
def test_the_deeds_box_never_overflows(tmp_path: Path, strain: str, kind: str) -> None:
    """What the model puts in the box stays on the front page, with its mark, whatever the text."""
    sheet = Sheet(
        kind=kind,
        title=f"2024年郑州市五一劳动奖章{TITLE_WORDS[kind]}",
        award="五一劳动奖章",
        subject="person",
        unit="郑东新区",
        name="王填",
        facts=[("姓名", "王填"), ("性别", "男"), ("工作单位", "郑州宇通客车股份有限公司")],
        honours=[],
        areas=[],
        deeds=STRAINS[strain],
        boxes=[Box("基层工会意见", "基层工会（盖章）")]
        if kind == "brief"
        else [Box(label, "（盖章）") for label in ("所在单位意见", "推荐单位意见", "市总工会意见")],
    )
    form = layout(sheet)
    content = sheet_files.sheet_pdf(sheet)
    to_png(content, f"strain-{strain}-{kind}")
    front, *rest = pages(content, tmp_path, strain)
    box = bare(form.deeds)
    assert box in front, "正面的事迹框没有放下模型算给它的字"
    assert OPINION_BOXES[kind][0] in front
    assert rest and TITLES[kind] in rest[0]
