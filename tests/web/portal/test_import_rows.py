"""The import preview names the rows the table marks (issue 14, 4), and the import reads the
workbook's 推荐单位情况 sheet so that its warnings' hints are true."""

from __future__ import annotations

import html
import re
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pingxuan.core.columns import UNIT_SHEET
from pingxuan.core.spec.models import Spec
from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.submit import set_initial_counts
from pingxuan.web.nominations.models import Submission
from tests.factories.campaign import Generator, Rows, write_workbook
from tests.web.personas import UNIT_A
from tests.web.portal.test_import import confirm
from tests.web.portal.test_import import preview as job_preview


def token_of_page(page: str) -> str:
    """The job page's confirmation: the address its form posts to."""
    found = re.search(r'action="(/jobs/\d+/confirm/)"', page)
    assert found, "the preview offers no confirmation"
    return found[1]


pytestmark = pytest.mark.django_db

MEDAL, CERTIFICATE, TEAM = "五一劳动奖章", "五一劳动奖状", "工人先锋号"


@pytest.fixture
def spec(campaign: Campaign) -> Spec:
    return campaign_spec(campaign)


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return campaign.units.get(name=UNIT_A)


def unit_rows(spec: Spec) -> Rows:
    rows = Generator(spec, seed=2024).rows()
    return {name: [r for r in sheet if r["推荐单位"] == UNIT_A] for name, sheet in rows.items()}


def preview(client: Client, campaign: Campaign, path: Path) -> str:
    """The job page once the worker has read the workbook."""
    response = job_preview(client, campaign, path.read_bytes(), name="推荐.xlsx")
    assert response.status_code == 200
    return response.content.decode()


def table_rows(page: str) -> dict[str, str]:
    """第N行 → that row's <tr>…</tr> in the table of the unit's rows."""
    table = page.split('class="data cards import-rows"', 1)[1].split("</table>", 1)[0]
    return {
        m[1]: m[0]
        for m in re.finditer(
            r"<tr[^>]*>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>第(\d+)行.*?</tr>", table, re.S
        )
    }


# ── the row the refusal names ───────────────────────────────────────────────────────────────


def test_over_quota_refusal_names_the_row_the_quota_finding_marks(
    client_clerk_a: Client, campaign: Campaign, spec: Spec, tmp_path: Path
) -> None:
    # 7 medals for 6 places, the extra one (row 5) with an unreadable birth month: the core
    # seats the valid rows first, so row 5 is the one without a place. The import used to
    # refuse at the 7th comprehensive row instead (第8行) while the table showed the quota
    # finding on 第5行.
    medals = unit_rows(spec)[MEDAL]
    extra = Generator(spec, seed=99).person(UNIT_A, {"身份类别": "一线产业工人"})
    extra["出生年月"] = "1985年13月"
    medals.insert(3, extra)
    path = write_workbook(tmp_path / "推荐.xlsx", spec, {MEDAL: medals})
    assert openpyxl.load_workbook(path)[MEDAL].cell(row=5, column=3).value == extra["姓名"]

    page = preview(client_clerk_a, campaign, path)

    boxes = [b.split("</div>")[0] for b in page.split('<div class="form-errors" role="alert">')]
    box = html.unescape(next(b for b in boxes[1:] if "不能导入" in b))
    named = re.findall(r"五一劳动奖章第(\d+)行（([^）]*)）：", box)
    rows = table_rows(page)
    marked = [n for n, tr in rows.items() if 'class="row-refused"' in tr]
    with_quota_finding = [n for n, tr in rows.items() if "名额6个，推荐了7个" in html.unescape(tr)]
    assert named == [("5", extra["姓名"])]
    assert marked == with_quota_finding == ["5"]


# ── 推荐单位情况 ────────────────────────────────────────────────────────────────────────────────


def with_unit_sheet(path: Path, counts: dict[str, object], pledge: str = "否") -> Path:
    book = openpyxl.load_workbook(path)
    sheet = book[UNIT_SHEET]
    header = [c.value for c in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == UNIT_A:
            for column, value in {**counts, "脱密承诺书": pledge}.items():
                sheet.cell(row=row, column=header.index(column) + 1).value = value
    book.save(path)
    return path


def test_import_reads_the_initial_counts_of_the_unit_sheet(
    client_clerk_a: Client,
    campaign: Campaign,
    spec: Spec,
    unit_a: Unit,
    clerk_a: User,
    tmp_path: Path,
) -> None:
    # 工人先锋号's count was typed on the 报送 page; the sheet leaves it blank, so it stays.
    set_initial_counts(campaign, unit_a, {TEAM: 9}, actor=clerk_a, role="clerk")
    rows = unit_rows(spec)
    path = write_workbook(tmp_path / "推荐.xlsx", spec, rows)
    with_unit_sheet(path, {"奖章初始提名人数": 6, "奖状初始提名数": 5, "先锋号初始提名数": None})

    page = html.unescape(preview(client_clerk_a, campaign, path))

    # 6 initial medal candidates for 6 put forward is no 差额: said before anything is saved,
    # on the counts the sheet gives.
    assert "五一劳动奖章：初始提名6个，推荐6个，未实行差额" in page
    assert "未提供初始提名数" not in page
    confirm(client_clerk_a, campaign, token_of_page(page))
    submission = Submission.objects.get(campaign=campaign, unit=unit_a)
    assert submission.initial_counts == {TEAM: 9, MEDAL: 6, CERTIFICATE: 5}
    event = AuditEvent.objects.filter(action="submission.initial_counts").latest("seq")
    assert event.changes == {CERTIFICATE: [None, 5], MEDAL: [None, 6]}


def test_pledge_hint_points_to_the_upload_not_the_sheet(
    client_clerk_a: Client, campaign: Campaign, spec: Spec, tmp_path: Path
) -> None:
    # A 是 in the sheet is no signed document: the portal asks for the upload, and says so.
    path = write_workbook(tmp_path / "推荐.xlsx", spec, unit_rows(spec))
    with_unit_sheet(path, {}, pledge="是")

    page = html.unescape(preview(client_clerk_a, campaign, path))

    assert "未签订推荐对象脱密情况承诺书" in page
    assert "请签订推荐对象脱密情况承诺书，在“报送材料”页上传签字盖章的承诺书图片" in page
    assert "“脱密承诺书”填“是”" not in page
    assert "表中填“是”不能代替" in html.unescape(
        client_clerk_a.get(
            reverse("portal:import", kwargs={"slug": campaign.slug})
        ).content.decode()
    )


def test_unreadable_count_in_the_unit_sheet_is_shown_in_the_preview(
    client_clerk_a: Client, campaign: Campaign, spec: Spec, tmp_path: Path
) -> None:
    path = write_workbook(tmp_path / "推荐.xlsx", spec, unit_rows(spec))
    with_unit_sheet(path, {"奖章初始提名人数": "七个"})

    page = html.unescape(preview(client_clerk_a, campaign, path))

    others = page.split("本单位的其他检查结果", 1)[1]
    assert re.search(rf"{UNIT_A}：[^<]*“七个”", others), others[:2000]
