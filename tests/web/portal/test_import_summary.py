"""The portal import takes the project's own 汇总表 too, and tells its progress sheet by sheet;
its job page polls the job's status until the worker is done."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pingxuan.core.documents.summary_xlsx import write_summary_xlsx
from pingxuan.core.documents.tables import summary_table
from pingxuan.core.spec.models import Spec
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.adapt import Adapter, stored_nominations
from pingxuan.web.nominations.domain.importing import preview_import
from pingxuan.web.nominations.enums import Kind
from tests.factories.campaign import build_nominations, write_workbook
from tests.jobs import run_worker
from tests.web.personas import UNIT_A
from tests.web.portal.test_import import (
    MEDAL,
    confirm,
    preview,
    token_of,
    unit_rows,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(campaign: Campaign) -> Spec:
    return campaign_spec(campaign)


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return campaign.units.get(name=UNIT_A)


# Facts the table prints in its own way: the row's number, the leader's number, the unit.
NUMBERING = ("序号", "备选对象序号", "推荐单位")


def comparable(facts: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in facts.items() if k not in NUMBERING}


def test_a_units_summary_table_imports_back_to_the_same_nominations(
    client_clerk_a: Client, campaign: Campaign, spec: Spec, unit_a: Unit, tmp_path: Path
) -> None:
    rows = unit_rows(spec)
    originals = [n for n in build_nominations(spec, rows)[0] if n.award == MEDAL]
    out = tmp_path / "郑东新区-五一劳动奖章-汇总表.xlsx"
    write_summary_xlsx(summary_table(spec, MEDAL, originals, unit=UNIT_A), out)

    response = preview(client_clerk_a, campaign, out.read_bytes(), name=out.name)
    assert response.status_code == 200
    assert "导入将替换本单位“五一劳动奖章”的全部推荐对象" in response.content.decode()
    confirm(client_clerk_a, campaign, token_of(response))

    stored = list(stored_nominations(campaign.pk).filter(unit=unit_a, award=MEDAL))
    back = Adapter(spec).many(stored)
    by_id = {n.facts["身份证号"]: comparable(n.facts) for n in back}
    assert by_id == {n.facts["身份证号"]: comparable(n.facts) for n in originals}
    alternate = next(n for n in stored if n.kind == Kind.ALTERNATE)
    assert alternate.alternate_of is not None
    assert alternate.alternate_of.cells["身份类别"] == "企业负责人"


def test_preview_tells_each_sheet_as_it_is_read(
    campaign: Campaign,
    spec: Spec,
    unit_a: Unit,
    clerk_a,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    rows = unit_rows(spec)
    book = write_workbook(tmp_path / "book.xlsx", spec, rows)
    steps: list[str] = []

    preview_import(
        campaign, unit_a, book, file_label="book.xlsx", actor=clerk_a, role="clerk",
        progress=steps.append,
    )  # fmt: skip

    assert steps[0] == "正在检查文件"
    read = sorted(s for s in steps if s.startswith("已读取工作表"))
    assert read == sorted(f"已读取工作表“{a}”：{len(rows[a])} 行" for a in rows)
    assert steps[-1] == f"本单位 {sum(map(len, rows.values()))} 行，正在按通知规则检查并试导入"


def test_the_import_job_page_polls_its_status_until_the_worker_is_done(
    client_clerk_a: Client, client_clerk_b: Client, campaign: Campaign, spec: Spec, tmp_path: Path
) -> None:
    data = write_workbook(tmp_path / "book.xlsx", spec, unit_rows(spec)).read_bytes()
    sent = client_clerk_a.post(
        url("import", campaign), {"file": SimpleUploadedFile("b.xlsx", data)}
    )
    page = client_clerk_a.get(sent["Location"]).content.decode()
    status_url = re.search(r'data-status-url="([^"]+)"', page)[1]  # type: ignore[index]
    assert "pingxuan/jobs.js" in page and ">刷新</a>" in page

    queued = client_clerk_a.get(status_url).json()
    assert (queued["state"], queued["label"], queued["active"]) == ("queued", "排队中", True)
    assert client_clerk_b.get(status_url).status_code == 404  # another user's job
    run_worker()
    ready = client_clerk_a.get(status_url).json()
    page = client_clerk_a.get(sent["Location"]).content.decode()

    assert (ready["state"], ready["label"], ready["active"]) == ("awaiting", "待确认", False)
    assert "pingxuan/jobs.js" not in page and "<li>已读取工作表" not in page
    assert "导入将替换本单位" in page
