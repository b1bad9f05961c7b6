"""Field limits on the unit's and the public's forms (issue 11): text over its limit is refused
with the count and the limit named, and the page shows what was typed again; a name loses its
zero-width characters in a form as in an import, so both store the same string."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.complaints.models import Complaint
from pingxuan.web.materials.models import Material
from pingxuan.web.nominations.domain.compliance import finding_key, unit_compliance
from pingxuan.web.nominations.models import Nomination, Submission
from tests.web.materials.test_images import encode, picture
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, make_persona, signed_in
from tests.web.portal.form_data import person_row, post_of
from tests.web.portal.test_import import confirm, preview, token_of, unit_rows, workbook

pytestmark = pytest.mark.django_db

MEDAL = "五一劳动奖章"
NOON_ON_THE_LAST_DAY = "2024-03-20T12:00:00+08:00"
ZWSP = "\u200b"


@pytest.fixture
def clerk_a(campaign: Campaign) -> User:
    return make_persona(campaign, "clerk_a")


@pytest.fixture
def clerk(clerk_a: User) -> Client:
    return signed_in(clerk_a)


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return campaign.units.get(name=UNIT_A)


def page_of(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


# ── the nomination form ─────────────────────────────────────────────────────────────────────


def test_deeds_over_the_limit_are_refused_and_shown_again(
    campaign: Campaign, unit_a: Unit, clerk: Client
) -> None:
    deeds = "事" * 4001
    data = post_of("person", person_row(campaign, UNIT_A), 简要事迹=deeds)

    response = clerk.post(f"/portal/{campaign.slug}/new/person/", data)

    page = page_of(response)
    assert response.status_code == 200
    assert "“简要事迹”共4001字，超过上限4000字，请删减到4000字以内。" in page
    assert f"{deeds}</textarea>" in page
    assert 'maxlength="4000"' in page
    assert not unit_a.nominations.exists()


def test_a_name_over_its_limit_is_refused_in_the_cores_words(
    campaign: Campaign, unit_a: Unit, clerk: Client
) -> None:
    name = "张" * 51
    data = post_of("person", person_row(campaign, UNIT_A), 姓名=name)

    page = page_of(clerk.post(f"/portal/{campaign.slug}/new/person/", data))

    assert "“姓名”共51字，超过上限50字，请删减到50字以内。" in page
    assert f'value="{name}"' in page
    assert not unit_a.nominations.exists()


def test_an_honour_name_over_its_limit_is_refused(
    campaign: Campaign, unit_a: Unit, clerk: Client
) -> None:
    honour = "荣" * 201
    data = post_of("person", person_row(campaign, UNIT_A))
    data.update(
        {
            "honours-TOTAL_FORMS": "1",
            "honours-0-level": campaign_spec(campaign).vocabulary.honour_levels[0],
            "honours-0-name": honour,
            "honours-0-year": "2020",
            "honours-0-comprehensive": "on",
        }
    )

    page = page_of(clerk.post(f"/portal/{campaign.slug}/new/person/", data))

    assert "“荣誉名称”共201字，超过上限200字，请删减到200字以内。" in page
    assert f'value="{honour}"' in page
    assert not unit_a.nominations.exists()


def test_a_typed_name_is_stored_without_zero_width_characters(
    campaign: Campaign, unit_a: Unit, clerk: Client
) -> None:
    data = post_of("person", person_row(campaign, UNIT_A), 姓名=f"张{ZWSP}三\ufeff")

    response = clerk.post(f"/portal/{campaign.slug}/new/person/", data)

    assert response.status_code == 302
    assert Nomination.objects.get(unit=unit_a).cells["姓名"] == "张三"


def test_a_name_of_zero_width_characters_only_is_missing(
    campaign: Campaign, unit_a: Unit, clerk: Client
) -> None:
    data = post_of("person", person_row(campaign, UNIT_A), 姓名=ZWSP * 3)

    response = clerk.post(f"/portal/{campaign.slug}/new/person/", data)

    assert response.status_code == 200
    assert not unit_a.nominations.exists()


# ── the import: the same string as the form, and no cell over its limit ─────────────────────


def test_an_imported_name_is_stored_as_the_form_stores_it(
    campaign: Campaign, unit_a: Unit, clerk: Client, tmp_path: Path
) -> None:
    spec = campaign_spec(campaign)
    rows = unit_rows(spec)
    rows[MEDAL][0]["姓名"] = f"张{ZWSP}三"
    rows[MEDAL][1]["简要事迹"] = "事" * 4001
    kept_deeds = rows[MEDAL][0]["简要事迹"]

    response = preview(clerk, campaign, workbook(tmp_path, spec, rows))
    page = page_of(response)
    confirm(clerk, campaign, token_of(response))

    first, second = unit_a.nominations.filter(award=MEDAL).order_by("seq")[:2]
    assert first.cells["姓名"] == "张三"
    assert first.cells["简要事迹"] == kept_deeds
    assert "简要事迹" not in second.cells
    assert "“简要事迹”不会导入（“简要事迹”共4001字，超过上限4000字）" in page


# ── materials and submission ────────────────────────────────────────────────────────────────


def test_an_image_title_over_its_limit_is_refused_beside_its_item(
    campaign: Campaign, clerk: Client
) -> None:
    title = "图" * 81
    jpeg = encode(picture(), "JPEG")

    response = clerk.post(
        f"/portal/{campaign.slug}/materials/",
        {
            "requirement": "推荐评选领导机构名单",
            "title": title,
            "file": SimpleUploadedFile("a.jpg", jpeg, content_type="image/jpeg"),
        },
    )

    page = page_of(response)
    assert response.status_code == 400
    assert "“图片名称”共81字，超过上限80字，请删减到80字以内。" in page
    assert f'value="{title}"' in page
    assert not Material.objects.exists()


def test_a_warning_explanation_over_its_limit_is_refused_and_kept(
    campaign: Campaign, unit_a: Unit, clerk_a: User
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    keys = sorted({finding_key(f) for f in unit_compliance(campaign, unit_a).warnings})
    assert keys, "the filled unit should have warnings to explain"
    long = "说" * 2001
    typed = {key: long if index == 0 else "已核实" for index, key in enumerate(keys)}
    approver = signed_in(make_persona(campaign, "approver_a"))

    with time_machine.travel(NOON_ON_THE_LAST_DAY, tick=False):
        response = approver.post(f"/portal/{campaign.slug}/submit/", typed)

    page = page_of(response)
    assert "“警告说明”共2001字，超过上限2000字，请删减到2000字以内。" in page
    assert f">{long}</textarea>" in page
    assert not Submission.objects.filter(unit=unit_a, state="submitted").exists()


# ── the public complaint form ───────────────────────────────────────────────────────────────


def complaint_post(**overrides: str) -> dict[str, str]:
    return {
        "kind": "person",
        "person_name": "王实名",
        "contact": "13912345678",
        "about": "某推荐对象",
        "content": "该推荐对象实为企业负责人，却按一线产业工人申报，隐瞒了身份。",
        **overrides,
    }


def test_complaint_content_over_its_limit_is_refused_and_shown_again(
    campaign: Campaign,
) -> None:
    content = "举" * 5001

    response = Client().post(
        f"/campaigns/{campaign.slug}/complaints/new/", complaint_post(content=content)
    )

    page = page_of(response)
    assert "“举报内容”共5001字，超过上限5000字，请删减到5000字以内。" in page
    assert f"{content}</textarea>" in page
    assert 'maxlength="5000"' in page
    assert not Complaint.objects.exists()


def test_complainant_name_loses_zero_width_characters(campaign: Campaign) -> None:
    response = Client().post(
        f"/campaigns/{campaign.slug}/complaints/new/",
        complaint_post(person_name=f"王{ZWSP}实名", about=f"某{ZWSP}推荐对象"),
    )

    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.name, complaint.about) == ("王实名", "某推荐对象")
