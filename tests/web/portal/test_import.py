"""The unit's exchange template and workbook import: a preview with row-level findings before
anything is saved, an all-or-nothing save, and the unit's previous data kept on every refusal.

The upload starts a background job; the worker (run here for one batch, as ``db_worker`` would)
reads and checks the file, the job page shows the preview and takes the confirmation."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pingxuan.core.findings import RowRef
from pingxuan.core.identifiers import mask_id_number
from pingxuan.core.rules.engine import check
from pingxuan.core.spec.models import Spec
from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.jobs.enums import JobState
from pingxuan.web.jobs.models import Job
from pingxuan.web.materials.domain import upload
from pingxuan.web.materials.models import Material
from pingxuan.web.nominations.domain.compliance import unit_compliance
from pingxuan.web.nominations.domain.importing import ImportRefused, import_workbook
from pingxuan.web.nominations.enums import Kind, SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from tests.factories.campaign import Generator, Rows, build_nominations, write_workbook
from tests.jobs import run_worker
from tests.web.materials.test_images import encode, picture
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, UNIT_B

pytestmark = pytest.mark.django_db

MEDAL, CERTIFICATE, TEAM = "五一劳动奖章", "五一劳动奖状", "工人先锋号"


@pytest.fixture
def spec(campaign: Campaign) -> Spec:
    return campaign_spec(campaign)


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return campaign.units.get(name=UNIT_A)


def unit_rows(spec: Spec, *units: str, seed: int = 2024) -> Rows:
    """The generator's compliant rows of ``units`` (unit A by default), award by award."""
    wanted = units or (UNIT_A,)
    rows = Generator(spec, seed=seed).rows()
    return {a.name: [r for r in rows[a.name] if r["推荐单位"] in wanted] for a in spec.awards}


def workbook(tmp_path: Path, spec: Spec, rows: Rows, name: str = "book.xlsx") -> bytes:
    return write_workbook(tmp_path / name, spec, rows).read_bytes()


def url(name: str, campaign: Campaign) -> str:
    return reverse(f"portal:{name}", kwargs={"slug": campaign.slug})


def _then_job_page(client: Client, response):  # type: ignore[no-untyped-def]
    """A request that started a job (a redirect to its page): the worker runs it, then the page."""
    if response.status_code != 302 or not response["Location"].startswith("/jobs/"):
        return response
    run_worker()
    return client.get(response["Location"])


def preview(client: Client, campaign: Campaign, data: bytes, name: str = "郑东新区推荐.xlsx"):  # type: ignore[no-untyped-def]
    sent = client.post(url("import", campaign), {"file": SimpleUploadedFile(name, data)})
    return _then_job_page(client, sent)


def token_of(response: object) -> str:
    """The job page's confirmation: the address its form posts to."""
    found = re.search(r'action="(/jobs/\d+/confirm/)"', response.content.decode())  # type: ignore[attr-defined]
    assert found, "the preview offers no confirmation"
    return found[1]


def confirm(client: Client, campaign: Campaign, token: str):  # type: ignore[no-untyped-def]
    return _then_job_page(client, client.post(token))


def snapshot(unit: Unit) -> list[tuple[int, str, str, dict[str, str]]]:
    return [(n.pk, n.award, n.kind, n.cells) for n in unit.nominations.order_by("pk")]


def stashed(media: Path) -> list[str]:
    return sorted(p.name for p in (media / "imports").glob("*")) if media.exists() else []


# ── the template ────────────────────────────────────────────────────────────────────────────


def test_template_is_the_units_own_workbook(
    client_clerk_a: Client, campaign: Campaign, spec: Spec
) -> None:
    response = client_clerk_a.get(url("template", campaign))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('郑东新区-推荐交换模板.xlsx')}"
    )
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [a.name for a in spec.awards] == book.sheetnames[:3]
    lists = book["选项"]
    sheet = book[MEDAL]
    unit_column = next(c.column_letter for c in sheet[1] if c.value == "推荐单位")
    validation = next(
        v for v in sheet.data_validations.dataValidation if f"{unit_column}2" in v.sqref
    )
    letter = re.search(r"\$([A-Z]+)\$1:", validation.formula1)[1]  # type: ignore[index]
    assert [c.value for c in lists[letter] if c.value] == [UNIT_A]
    assert book["推荐单位情况"]["A2"].value == UNIT_A
    assert AuditEvent.objects.filter(action="export.template", unit_name=UNIT_A).count() == 1


# ── preview ─────────────────────────────────────────────────────────────────────────────────


def test_preview_shows_row_findings_before_saving_anything(
    client_clerk_a: Client, campaign: Campaign, spec: Spec, tmp_path: Path, media: Path
) -> None:
    rows = unit_rows(spec)
    broken = rows[MEDAL][2]  # sheet row 4
    broken["身份证号"] = broken["身份证号"][:-1] + ("0" if broken["身份证号"][-1] != "0" else "1")
    broken["涉敏"] = ""
    expected = [
        f for f in check(spec, build_nominations(spec, rows)[0]) if RowRef(MEDAL, 4) in f.rows
    ]
    assert len(expected) >= 2

    response = preview(client_clerk_a, campaign, workbook(tmp_path, spec, rows))

    page = response.content.decode()
    assert response.status_code == 200
    row_4 = page.split("第4行</td>", 1)[1].split("</tr>", 1)[0]
    for finding in expected:
        assert html.escape(finding.message) in row_4
    assert "导入将替换本单位“五一劳动奖状、五一劳动奖章、工人先锋号”的全部推荐对象" in page
    for row in rows[MEDAL]:
        assert row["身份证号"] not in page
    assert mask_id_number(rows[MEDAL][0]["身份证号"]) in page
    assert Nomination.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="nomination.").exists()
    assert len(stashed(media)) == 1
    assert "book.xlsx" not in stashed(media)[0] and "郑东新区" not in stashed(media)[0]


def test_confirm_saves_every_row(
    client_clerk_a: Client,
    campaign: Campaign,
    spec: Spec,
    unit_a: Unit,
    tmp_path: Path,
    media: Path,
) -> None:
    rows = unit_rows(spec)
    token = token_of(preview(client_clerk_a, campaign, workbook(tmp_path, spec, rows)))

    response = confirm(client_clerk_a, campaign, token)

    assert response.status_code == 200
    assert Job.objects.get().state == JobState.DONE
    saved = {a: list(unit_a.nominations.filter(award=a).order_by("seq")) for a in rows}
    assert {a: len(n) for a, n in saved.items()} == {a: len(r) for a, r in rows.items()}
    medal = saved[MEDAL]
    assert [n.cells["身份证号"] for n in medal] == [r["身份证号"] for r in rows[MEDAL]]
    assert [n.kind for n in medal][-2:] == [Kind.COMPREHENSIVE, Kind.ALTERNATE]
    assert medal[-1].alternate_of == medal[-2]
    assert all(isinstance(v, str) for n in medal for v in n.cells.values())
    assert "序号" not in medal[0].cells and "表彰类型" not in medal[0].cells
    assert unit_compliance(campaign, unit_a).errors == []
    event = AuditEvent.objects.get(action="import.workbook")
    assert (event.unit_name, event.changes["新增"], event.changes["删除"]) == (
        UNIT_A,
        [None, 13],
        [None, 0],
    )
    assert stashed(media) == []
    done = response.content.decode()
    assert "导入完成" in done and "新增 13 个" in done and 'action="/jobs/' not in done


def test_import_over_a_quota_saves_nothing_and_keeps_old_data(
    client_clerk_a: Client,
    campaign: Campaign,
    spec: Spec,
    unit_a: Unit,
    clerk_a: User,
    tmp_path: Path,
) -> None:
    fill_unit(campaign, unit_a, clerk_a, seed=1)
    before = snapshot(unit_a)
    rows = unit_rows(spec)
    extra = Generator(spec, seed=99).person(UNIT_A, {"身份类别": "一线产业工人"})
    rows[MEDAL].insert(0, extra)
    data = workbook(tmp_path, spec, rows)

    response = preview(client_clerk_a, campaign, data)

    page = response.content.decode()
    assert "不能导入" in page and "名额6个已全部占用" in page
    assert "/confirm/" not in page
    assert Job.objects.get().state == JobState.REFUSED
    # The red box and the table name the same row.
    named = re.search(r"五一劳动奖章第(\d+)行（[^）]*）：", html.unescape(page))
    marked = re.findall(r'<tr class="row-refused">.*?第(\d+)行', page, re.S)
    assert named is not None and marked == [named[1]]
    assert snapshot(unit_a) == before
    with pytest.raises(ImportRefused, match="名额6个已全部占用"):
        import_workbook(
            campaign,
            unit_a,
            tmp_path / "book.xlsx",
            file_label="book.xlsx",
            actor=clerk_a,
            role="clerk",
        )
    assert snapshot(unit_a) == before
    assert not AuditEvent.objects.filter(action="import.workbook").exists()


def test_confirm_refused_after_submission_keeps_old_data(
    client_clerk_a: Client,
    campaign: Campaign,
    spec: Spec,
    unit_a: Unit,
    clerk_a: User,
    tmp_path: Path,
    media: Path,
) -> None:
    fill_unit(campaign, unit_a, clerk_a, seed=1)
    before = snapshot(unit_a)
    token = token_of(preview(client_clerk_a, campaign, workbook(tmp_path, spec, unit_rows(spec))))
    Submission.objects.filter(campaign=campaign, unit=unit_a).update(
        state=SubmissionState.SUBMITTED
    )

    response = confirm(client_clerk_a, campaign, token)

    assert Job.objects.get().state == JobState.REFUSED
    assert "数据只读，不能导入" in response.content.decode()
    assert "未导入，本单位原有数据保持不变" in response.content.decode()
    assert response.content.decode().count("数据只读，不能导入") == 1  # said once, in the preview
    assert snapshot(unit_a) == before
    assert stashed(media) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"just some text", "郑东新区推荐.xlsx：不是 Excel 工作簿（.xlsx）"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
            "郑东新区推荐.xlsx：这是旧版 .xls 文件",
        ),
        (b"PK\x03\x04broken", "郑东新区推荐.xlsx："),
        (b"", "郑东新区推荐.xlsx："),
    ],
)
def test_file_that_is_not_a_workbook_gets_a_chinese_message(
    client_clerk_a: Client, campaign: Campaign, media: Path, data: bytes, message: str
) -> None:
    response = preview(client_clerk_a, campaign, data)

    page = response.content.decode()
    assert Job.objects.get().state == JobState.REFUSED
    assert message in page and "无法读取该文件" in page
    assert "Traceback" not in page and "/confirm/" not in page
    assert stashed(media) == []
    assert not re.search(r"[0-9a-f]{32}\.xlsx", page)


def test_workbook_missing_a_column_names_sheet_and_column(
    client_clerk_a: Client, campaign: Campaign, spec: Spec, tmp_path: Path
) -> None:
    path = write_workbook(tmp_path / "b.xlsx", spec, unit_rows(spec), drop_columns=["涉敏"])

    response = preview(client_clerk_a, campaign, path.read_bytes())

    assert Job.objects.get().state == JobState.REFUSED
    assert "工作表“五一劳动奖状”缺少列“涉敏”" in response.content.decode()


def test_oversized_upload_is_refused_before_reading(
    client_clerk_a: Client, campaign: Campaign, media: Path
) -> None:
    response = preview(client_clerk_a, campaign, b"PK" + b"\0" * (20 * 2**20))

    assert response.status_code == 400
    assert "文件超过 20 MB" in response.content.decode()
    assert stashed(media) == []


# ── rows of other units, re-imports, alternates ─────────────────────────────────────────────


def test_rows_of_another_unit_are_refused_and_never_imported(
    client_clerk_a: Client, campaign: Campaign, spec: Spec, unit_a: Unit, tmp_path: Path
) -> None:
    rows = unit_rows(spec, UNIT_A, UNIT_B)
    foreign = [r for r in rows[MEDAL] if r["推荐单位"] == UNIT_B]
    assert foreign

    response = preview(client_clerk_a, campaign, workbook(tmp_path, spec, rows))

    page = response.content.decode()
    assert "不属于本单位的行（不会导入）" in page
    assert page.count(f"不是“{UNIT_A}”，拒绝导入") == sum(
        1 for a in rows for r in rows[a] if r["推荐单位"] == UNIT_B
    )
    confirm(client_clerk_a, campaign, token_of(response))
    assert Nomination.objects.exclude(unit=unit_a).count() == 0
    assert unit_a.nominations.count() == sum(
        1 for a in rows for r in rows[a] if r["推荐单位"] == UNIT_A
    )


def test_blank_unit_cell_counts_as_the_units_own(
    client_clerk_a: Client, campaign: Campaign, spec: Spec, unit_a: Unit, tmp_path: Path
) -> None:
    rows = {MEDAL: unit_rows(spec)[MEDAL][:2]}
    rows[MEDAL][0]["推荐单位"] = ""

    confirm(
        client_clerk_a,
        campaign,
        token_of(preview(client_clerk_a, campaign, workbook(tmp_path, spec, rows))),
    )

    assert unit_a.nominations.count() == 2


def test_reimport_updates_the_same_people_and_keeps_their_materials(
    client_clerk_a: Client,
    campaign: Campaign,
    spec: Spec,
    unit_a: Unit,
    clerk_a: User,
    tmp_path: Path,
) -> None:
    rows = unit_rows(spec)
    confirm(
        client_clerk_a,
        campaign,
        token_of(preview(client_clerk_a, campaign, workbook(tmp_path, spec, rows))),
    )
    first = unit_a.nominations.get(award=MEDAL, cells__身份证号=rows[MEDAL][0]["身份证号"])
    material = upload(
        campaign,
        unit_a,
        requirement="简表",
        nomination=first,
        data=encode(picture(), "JPEG"),
        actor=clerk_a,
        role="clerk",
    )
    dropped = rows[CERTIFICATE].pop()
    rows[MEDAL][0]["简要事迹"] = "改写后的事迹。"
    del rows[TEAM]  # no sheet: the teams stay as they are
    teams = snapshot(unit_a)
    teams = [t for t in teams if t[1] == TEAM]

    response = preview(client_clerk_a, campaign, workbook(tmp_path, spec, rows, "second.xlsx"))
    page = response.content.decode()
    assert "“工人先锋号”不在工作簿中，保持不变" in page
    assert "将删除的已录入对象" in page and dropped["单位全称"] in page
    confirm(client_clerk_a, campaign, token_of(response))

    first.refresh_from_db()
    assert first.cells["简要事迹"] == "改写后的事迹。"
    assert Material.objects.get() == material and material.nomination == first
    assert not unit_a.nominations.filter(cells__单位全称=dropped["单位全称"]).exists()
    assert [t for t in snapshot(unit_a) if t[1] == TEAM] == teams
    event = AuditEvent.objects.filter(action="import.workbook").last()
    assert event is not None
    assert (event.changes["新增"], event.changes["更新"], event.changes["删除"]) == (
        [None, 0],
        [None, len(rows[CERTIFICATE]) + len(rows[MEDAL])],
        [None, 1],
    )


def test_alternate_without_its_leader_blocks_the_import(
    client_clerk_a: Client, campaign: Campaign, spec: Spec, tmp_path: Path
) -> None:
    rows = {MEDAL: unit_rows(spec)[MEDAL]}
    rows[MEDAL][-1]["备选对象序号"] = "999"

    page = preview(client_clerk_a, campaign, workbook(tmp_path, spec, rows)).content.decode()

    assert "备选对象序号“999”在本表本单位的行中找不到" in page
    assert "/confirm/" not in page
    marked = re.findall(r'<tr class="row-refused">.*?第(\d+)行', page, re.S)
    assert marked == [str(len(rows[MEDAL]) + 1)]  # the alternate's own row, under the header
    assert Nomination.objects.count() == 0


def test_id_number_typed_as_a_number_is_not_stored(
    client_clerk_a: Client, campaign: Campaign, spec: Spec, unit_a: Unit, tmp_path: Path
) -> None:
    rows = {MEDAL: unit_rows(spec)[MEDAL][:1]}
    path = write_workbook(tmp_path / "n.xlsx", spec, rows)
    book = openpyxl.load_workbook(path)
    sheet = book[MEDAL]
    column = next(c.column for c in sheet[1] if c.value == "身份证号")
    sheet.cell(row=2, column=column, value=int(rows[MEDAL][0]["身份证号"][:17] + "1"))
    book.save(path)

    response = preview(client_clerk_a, campaign, path.read_bytes())

    assert "“身份证号”不会导入（身份证号被存为数字，末几位可能已丢失）" in response.content.decode()
    confirm(client_clerk_a, campaign, token_of(response))
    assert "身份证号" not in unit_a.nominations.get().cells


# ── scope ───────────────────────────────────────────────────────────────────────────────────


def test_job_of_another_user_is_not_found_and_a_confirmation_is_used_once(
    client_clerk_a: Client,
    client_clerk_b: Client,
    client_approver_a: Client,
    campaign: Campaign,
    spec: Spec,
    tmp_path: Path,
) -> None:
    response = preview(client_clerk_a, campaign, workbook(tmp_path, spec, unit_rows(spec)))
    token = token_of(response)
    job = Job.objects.get()

    # Another unit's clerk, and even the same unit's approver: not their job.
    for other in (client_clerk_b, client_approver_a):
        assert other.post(token).status_code == 404
        assert other.get(reverse("jobs:job", args=[job.pk])).status_code == 404
        assert other.get(reverse("jobs:status", args=[job.pk])).status_code == 404
    assert client_clerk_a.post(f"/jobs/{job.pk + 1}/confirm/").status_code == 404
    assert Nomination.objects.count() == 0
    assert confirm(client_clerk_a, campaign, token).status_code == 200
    assert Job.objects.get().state == JobState.DONE
    again = client_clerk_a.post(token)
    assert again.status_code == 409 and "这次导入已经完成" in again.content.decode()


def test_city_staff_get_404_and_anonymous_is_sent_to_login(
    client_clerk_a: Client,
    client_reviewer: Client,
    client_admin: Client,
    anonymous: Client,
    campaign: Campaign,
    spec: Spec,
    tmp_path: Path,
) -> None:
    token = token_of(preview(client_clerk_a, campaign, workbook(tmp_path, spec, unit_rows(spec))))
    for client in (client_reviewer, client_admin):
        assert client.get(url("import", campaign)).status_code == 404
        assert client.get(url("template", campaign)).status_code == 404
        assert client.post(token).status_code == 404
    login = reverse("accounts:login")
    for response in (
        anonymous.get(url("import", campaign)),
        anonymous.get(url("template", campaign)),
        anonymous.post(token),
    ):
        assert response.status_code == 302 and response["Location"].startswith(login)


def test_import_keeps_the_units_initial_counts(
    campaign: Campaign, spec: Spec, unit_a: Unit, clerk_a: User, tmp_path: Path
) -> None:
    rows = unit_rows(spec)
    generated = Generator(spec).rows()
    rows["推荐单位情况"] = [r for r in generated["推荐单位情况"] if r["推荐单位"] == UNIT_A]
    path = write_workbook(tmp_path / "带推荐单位情况.xlsx", spec, rows)
    import_workbook(
        campaign, unit_a, path, file_label="带推荐单位情况.xlsx", actor=clerk_a, role="clerk"
    )
    submission = Submission.objects.get(campaign=campaign, unit=unit_a)
    assert submission.initial_counts == {MEDAL: 8, CERTIFICATE: 4, TEAM: 6}
    rules = {f.rule for f in unit_compliance(campaign, unit_a).findings}
    assert "process.differential_unknown" not in rules
