"""The documents of a unit's 差额 round on the site: the unit takes its own from its rounds page,
the office of the (county) campaign takes every unit's from /office/<slug>/rounds/; anyone else,
and an award without a record, gets a 404. The Word files pass through headless LibreOffice with
every character on the page; the PDF and LibreOffice pages are kept as PNG to look at."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from docx import Document

from pingxuan.core.documents.round_docs import INITIAL_LIST, KINDS, ROUND_RESOLUTION, TALLY
from pingxuan.web.accounts.enums import Role
from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.rounds.models import CampaignLink
from tests.web.documents.conftest import SCREENSHOTS, bare, pdf_text, to_png
from tests.web.documents.test_word_files import _docx_characters, _text, _words_outside_the_page
from tests.web.personas import signed_in
from tests.web.rounds.conftest import MEDAL, member, record, vote_for

pytestmark = pytest.mark.django_db
COUNTY = "zhongmu-2024"
PORTAL = f"/portal/{COUNTY}/rounds/documents"


def portal_url(kind: str, award: str = MEDAL, fmt: str = "pdf") -> str:
    return f"{PORTAL}/{kind}/{quote(award)}/?format={fmt}"


def office_url(unit: Unit, kind: str, award: str = MEDAL, fmt: str = "pdf", slug: str = COUNTY):
    return f"/office/{slug}/rounds/units/{unit.pk}/{kind}/{quote(award)}/?format={fmt}"


@pytest.fixture
def voted(county: Campaign, town: Unit, town_clerk: User) -> Unit:
    record(county, town, vote_for(["张三", "李四"], seats=2), town_clerk)
    return town


def test_the_rounds_page_offers_the_documents_of_a_recorded_award(voted: Unit, town_clerk: User):
    page = signed_in(town_clerk).get(f"/portal/{COUNTY}/rounds/").content.decode()

    for kind in KINDS:
        assert f"{PORTAL}/{kind}/{quote(MEDAL)}/?format=pdf" in page
        assert f"{PORTAL}/{kind}/{quote('工人先锋号')}/" not in page  # nothing recorded there


def test_clerk_takes_the_tally_prefilled_and_the_download_is_audited(
    voted: Unit, town_clerk: User, tmp_path: Path
):
    response = signed_in(town_clerk).get(portal_url(TALLY))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        quote("城关镇总工会-五一劳动奖章-差额表决计票结果.pdf") in response["Content-Disposition"]
    )
    text = bare(pdf_text(response.content, tmp_path, "tally"))
    assert "城关镇总工会五一劳动奖章差额表决计票结果" in text
    assert "1张三8088.9%当选" in text  # 80 votes of the 90 present
    assert "3落选甲1011.1%未当选" in text
    assert "表决结果：张三、李四当选" in text
    event = AuditEvent.objects.filter(action="document.export").latest("pk")
    assert event.changes["文件"][1] == "城关镇总工会-五一劳动奖章-差额表决计票结果.pdf"


def test_word_resolution_names_the_meeting_and_the_picks(voted: Unit, town_clerk: User):
    response = signed_in(town_clerk).get(portal_url(ROUND_RESOLUTION, fmt="docx"))

    assert response.status_code == 200
    paragraphs = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert "城关镇总工会职代会决议" in paragraphs
    assert "会议同意推荐张三、李四为五一劳动奖章推荐对象，报中牟县总工会。" in paragraphs


def test_an_award_without_a_record_another_unit_and_another_campaign_are_404(
    voted: Unit, county: Campaign, link: CampaignLink, town_clerk: User
):
    neighbour = Unit.objects.get(campaign=county, name="韩寺镇总工会")
    other_clerk = member("neighbour_clerk", county, Role.CLERK, neighbour)
    city_clerk = member("city_clerk", link.parent, Role.CLERK, link.unit)

    assert signed_in(town_clerk).get(portal_url(TALLY, "工人先锋号")).status_code == 404
    assert signed_in(town_clerk).get(portal_url("summary")).status_code == 404
    assert signed_in(other_clerk).get(portal_url(TALLY)).status_code == 404
    assert signed_in(city_clerk).get(portal_url(TALLY)).status_code == 404
    assert signed_in(town_clerk).get(portal_url(TALLY, fmt="xlsx")).status_code == 404


def test_county_office_sees_every_units_round_and_takes_its_documents(
    voted: Unit, county_staff: User
):
    client = signed_in(county_staff)

    page = client.get(f"/office/{COUNTY}/rounds/")
    response = client.get(office_url(voted, INITIAL_LIST, fmt="docx"))

    assert page.status_code == 200
    assert "张三、李四" in page.content.decode()
    assert response.status_code == 200
    rows = [[c.text for c in r.cells] for t in Document(io.BytesIO(response.content)).tables
            for r in t.rows]  # fmt: skip
    assert [row[1] for row in rows[1:]] == ["张三", "李四", "落选甲", "落选乙"]


def test_the_city_office_cannot_reach_the_county_rounds(
    voted: Unit, link: CampaignLink, county_staff: User
):
    city_reviewer = member("city_reviewer", link.parent, Role.REVIEWER)
    city_unit = link.unit

    assert signed_in(city_reviewer).get(f"/office/{COUNTY}/rounds/").status_code == 404
    assert signed_in(city_reviewer).get(office_url(voted, TALLY)).status_code == 404
    # The county's office asking for the city's unit through its own campaign: not its unit.
    assert signed_in(county_staff).get(office_url(city_unit, TALLY)).status_code == 404


def test_libreoffice_lays_out_the_round_documents(voted: Unit, town_clerk: User, tmp_path: Path):
    soffice = shutil.which("soffice")
    assert soffice, "缺少 LibreOffice（soffice）：make install 会安装 libreoffice-writer-nogui"
    client = signed_in(town_clerk)
    files = {}
    for kind in KINDS:
        files[kind] = client.get(portal_url(kind, fmt="docx")).content
        (tmp_path / f"round-{kind}.docx").write_bytes(files[kind])
        to_png(client.get(portal_url(kind)).content, f"round-{kind}-weasyprint")
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path),
         *[str(tmp_path / f"round-{kind}.docx") for kind in KINDS]],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        pdf = tmp_path / f"round-{kind}.pdf"
        assert _words_outside_the_page(pdf) == [], kind
        lost = _docx_characters(files[kind]) - Counter(bare(_text(pdf)))
        assert not lost, f"{kind}：LibreOffice 版面里少了 {''.join(lost.elements())[:40]}"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "50",
                "-png",
                str(pdf),
                str(SCREENSHOTS / f"round-{kind}-libreoffice"),
            ],
            check=True,
        )
