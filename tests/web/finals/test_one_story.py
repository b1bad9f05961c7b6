"""One story (published means frozen): once released, the page's heading and table, the PDF,
the DOCX, the exchange workbook and the 表彰决定 read the same rows in the same order, and keep
reading them after a revocation and an edit. ``pingxuan check --stage final`` reads the
workbook back without an error. The PDFs are rendered to PNG under var/screenshots/documents/."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from pingxuan.core.cli import main
from pingxuan.core.columns import NAME_COLUMN
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.finals.models import FinalList
from tests.jobs import through_job
from tests.web.documents.conftest import bare, pdf_text, to_png
from tests.web.finals.helpers import BADGE, MEDAL, approved, listed, release, revoke_by_complaint
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.notices.helpers import set_cell
from tests.web.personas import signed_in

pytestmark = pytest.mark.django_db


def download(client: Client, name: str, campaign: Campaign, fmt: str) -> bytes:
    response = through_job(client, reverse(name, kwargs={"slug": campaign.slug}), {"format": fmt})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def in_order(text: str, names: list[str]) -> bool:
    """Every name found in ``text`` after the one before it (whitespace ignored)."""
    text, at = bare(text), 0
    for name in names:
        found = text.find(bare(name), at)
        if found < 0:
            return False
        at = found + len(bare(name))
    return True


@pytest.fixture
def released(campaign: Campaign) -> tuple[User, FinalList]:
    reviewer = approved(campaign)
    secret = next(n for n in listed(campaign) if n.award == MEDAL)
    set_cell(secret, "涉敏", "是")  # answered before release: frozen as 涉敏
    return reviewer, release(campaign, reviewer)


def test_the_released_list_reads_the_same_everywhere_after_later_changes(
    campaign: Campaign,
    released: tuple[User, FinalList],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    reviewer, final = released
    client = signed_in(reviewer)
    page = client.get(reverse("office:final_list", kwargs={"slug": campaign.slug}))
    before = [(row.pk, row.name) for item in page.context["lists"]
              for row in item["rows"] + item["special"]]  # fmt: skip
    # Afterwards: a revocation and an edit of a listed nominee's 职务 and name.
    revoke_by_complaint(next(n for n in listed(campaign) if n.award == BADGE), reviewer)
    edited = [n for n in listed(campaign) if n.award == MEDAL][1]
    set_cell(edited, "职务", "新职务")
    set_cell(edited, "姓名", "改名字")

    page = client.get(reverse("office:final_list", kwargs={"slug": campaign.slug}))
    lists = page.context["lists"]
    rows = [(row.pk, row.name) for item in lists for row in item["rows"] + item["special"]]
    assert rows == before
    assert page.context["count"] == len(rows) == final.rows.count()
    assert "发布后有变化" in page.content.decode()
    by_award = {item["award"].name: [row.name for row in item["rows"]] for item in lists}
    secret = {row.name for item in lists for row in item["rows"] if row.sensitive}
    assert len(secret) == 1

    pdf = pdf_text(download(client, "office:document_final_list", campaign, "pdf"), tmp_path, "l")
    document = Document(
        io.BytesIO(download(client, "office:document_final_list", campaign, "docx"))
    )
    workbook = load_workbook(
        io.BytesIO(download(client, "office:document_final_list", campaign, "xlsx"))
    )
    decision_pdf = download(client, "office:document_decision", campaign, "pdf")
    decision = pdf_text(decision_pdf, tmp_path, "d")
    decision_docx = Document(
        io.BytesIO(download(client, "office:document_decision", campaign, "docx"))
    )
    spec = campaign_spec(campaign)
    docx_names = [[row.cells[1].text for row in table.rows[1:]] for table in document.tables]
    for index, award in enumerate(spec.awards):
        names = by_award[award.name]
        measure = "名" if award.subject == "person" else "个"
        assert f"{award.name}（{len(names)}{measure}）" in bare(pdf)
        assert in_order(pdf, names), award.name
        printed = [name.removesuffix("（涉敏，不公开）") for name in docx_names[index]]
        assert printed == names
        sheet = workbook[award.name]
        header = [cell.value for cell in sheet[1]]
        column = header.index(NAME_COLUMN[award.subject])
        values = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
        # A team's name is printed with its organisation; the sheet has the team alone.
        assert len(values) == len(names)
        assert all(bare(n).endswith(bare(v)) for n, v in zip(names, values, strict=True))
        public = [name for name in names if name not in secret]
        assert in_order(decision, public), award.name
    assert not any(bare(name) in bare(decision) for name in secret)
    assert "郑工〔2024〕8号" in decision and "2024年4月28日" in decision
    assert "（草稿）" not in decision
    paragraphs = [p.text for p in decision_docx.paragraphs]
    assert paragraphs[0] == "郑工〔2024〕8号"
    assert "改名字" not in pdf + decision + "".join(paragraphs)
    # The revoked organisation and the old name are still there: the list as released.
    to_png(decision_pdf, "final-released-decision")
    to_png(download(client, "office:document_final_list", campaign, "pdf"), "final-released-list")

    path = tmp_path / "最终名单.xlsx"
    path.write_bytes(download(client, "office:document_final_list", campaign, "xlsx"))
    capsys.readouterr()
    arguments = ["check", "--stage", "final", "--campaign", str(CAMPAIGN_FILE), "--format", "json"]
    status = main([*arguments, str(path)])
    report = json.loads(capsys.readouterr().out)
    assert (status, report["summary"]["errors"]) == (0, 0), report["findings"]


def test_before_release_the_documents_are_drafts(campaign: Campaign, tmp_path: Path) -> None:
    reviewer = approved(campaign)
    client = signed_in(reviewer)

    decision = pdf_text(
        download(client, "office:document_decision", campaign, "pdf"), tmp_path, "d"
    )
    pdf = pdf_text(download(client, "office:document_final_list", campaign, "pdf"), tmp_path, "l")

    assert "（草稿）" in decision and "年月日" in bare(decision)
    assert "（草稿，未发布）" in pdf
