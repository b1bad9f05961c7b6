"""Hostile workbooks uploaded to the site (issue 11): the portal import (its job, run by the
worker) and the office's scores upload (400) end with the Chinese refusal naming the file, sheet
and bound, keep nothing in media/imports, and never parse the file in the web or worker process:
a child process of ``core.isolate`` reads it."""

from __future__ import annotations

import html
import resource
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pingxuan.core.xlsx_guard import MAX_TEXT
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.jobs.enums import JobState
from pingxuan.web.jobs.models import Job
from pingxuan.web.review.models import Score
from tests.core.helpers import add_cells, hand_workbook, sheet_xml
from tests.core.test_workbook_bounds import BEYOND, MEDAL_BOUND, MEDAL_SHEET, _flood
from tests.factories.campaign import Generator, write_workbook
from tests.jobs import run_worker
from tests.web.personas import UNIT_A, make_persona, signed_in

pytestmark = pytest.mark.django_db

FAR_CELL = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def _unit_workbook(tmp_path: Path, campaign: Campaign) -> Path:
    spec = campaign_spec(campaign)
    rows = Generator(spec).rows()
    mine = {a.name: [r for r in rows[a.name] if r["推荐单位"] == UNIT_A] for a in spec.awards}
    return write_workbook(tmp_path / "book.xlsx", spec, mine)


def _import(client: Client, campaign: Campaign, data: bytes, name: str = "郑东新区推荐.xlsx"):  # type: ignore[no-untyped-def]
    """The upload, the worker's run of its job, and the job page it ends on."""
    url = reverse("portal:import", kwargs={"slug": campaign.slug})
    sent = client.post(url, {"file": SimpleUploadedFile(name, data)})
    assert sent.status_code == 302
    run_worker()
    return client.get(sent["Location"])


def _refused() -> bool:
    return Job.objects.get().state == JobState.REFUSED


def _stashed(media: Path) -> list[str]:
    return sorted(p.name for p in (media / "imports").glob("*")) if media.exists() else []


def _page_text(response: object) -> str:
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]


@pytest.fixture
def clerk(campaign: Campaign) -> Client:
    return signed_in(make_persona(campaign, "clerk_a"))


# ── the portal import ───────────────────────────────────────────────────────────────────────


def test_import_far_cell_is_refused_in_chinese_and_leaves_nothing(
    clerk: Client, campaign: Campaign, tmp_path: Path, media: Path
) -> None:
    path = add_cells(_unit_workbook(tmp_path, campaign), MEDAL_SHEET, FAR_CELL)

    response = _import(clerk, campaign, path.read_bytes())

    assert _refused()
    assert (
        "郑东新区推荐.xlsx：工作表“五一劳动奖章”的单元格 XFD1048576 超出范围" + MEDAL_BOUND + BEYOND
    ) in _page_text(response)
    assert _stashed(media) == []
    assert Unit.objects.get(campaign=campaign, name=UNIT_A).nominations.count() == 0


def test_import_huge_used_range_is_refused(
    clerk: Client, campaign: Campaign, tmp_path: Path, media: Path
) -> None:
    path = _unit_workbook(tmp_path, campaign)
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[MEDAL_SHEET] = members[MEDAL_SHEET].replace(
        b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)

    response = _import(clerk, campaign, path.read_bytes())

    assert _refused()
    assert (
        "郑东新区推荐.xlsx：工作表“五一劳动奖章”的使用区域 A1:XFD1048576 超出范围"
    ) in _page_text(response)
    assert _stashed(media) == []


def test_import_shared_string_flood_is_refused_and_the_server_stays_small(
    clerk: Client, campaign: Campaign, tmp_path: Path, media: Path
) -> None:
    path = hand_workbook(
        tmp_path / "flood.xlsx",
        {"五一劳动奖章": sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')},
        shared_strings=_flood(MAX_TEXT),
    )
    data = path.read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    response = _import(clerk, campaign, data)

    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert len(data) < 20 << 20
    assert _refused()
    assert "郑东新区推荐.xlsx：共享字符串共超过 16,000,000 个字符的上限，已拒绝读取" in (
        _page_text(response)
    )
    assert _stashed(media) == []
    assert grown_kib < 200 * 1024  # the upload itself is in memory; nothing is parsed here


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        (
            b"\x89PNG\r\n\x1a\n" + bytes(4000),
            "不是 Excel 工作簿（.xlsx），请上传用 Excel 保存的 .xlsx 文件",
        ),
        (
            b"PK\x03\x04" + bytes(4000),
            "不是 Excel 工作簿（.xlsx），请上传用 Excel 保存的 .xlsx 文件",
        ),
    ],
    ids=["renamed picture", "truncated zip"],
)
def test_import_file_that_is_no_workbook_is_refused(
    clerk: Client, campaign: Campaign, media: Path, data: bytes, refusal: str
) -> None:
    response = _import(clerk, campaign, data)

    assert _refused()
    assert f"郑东新区推荐.xlsx：{refusal}" in _page_text(response)
    assert _stashed(media) == []


# ── the office's scores upload ──────────────────────────────────────────────────────────────


@pytest.fixture
def reviewer(campaign: Campaign) -> User:
    return make_persona(campaign, "reviewer")


def test_scores_upload_far_cell_is_refused_with_400(
    campaign: Campaign, reviewer: User, tmp_path: Path
) -> None:
    path = hand_workbook(
        tmp_path / "scores.xlsx",
        {"分数": sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>奖项</t></is></c></row>')},
    )
    add_cells(path, "xl/worksheets/sheet1.xml", FAR_CELL)
    url = reverse("office:selection_scores", kwargs={"slug": campaign.slug})

    response = signed_in(reviewer).post(
        url, {"scores": SimpleUploadedFile("评审分数.xlsx", path.read_bytes())}
    )

    assert response.status_code == 400
    assert (
        "分数表未导入：评审分数.xlsx：工作表“分数”的单元格 XFD1048576 超出范围（最多 15,000 行、"
        "68 列，即 A1:BP15000），请删除表格下方和右侧多余的内容与格式后另存，已拒绝读取"
    ) in _page_text(response)
    assert Score.objects.count() == 0
