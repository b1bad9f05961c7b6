"""The materials pages: the checklist, uploads through the view (a hostile corpus among them), the
one-click conversion, and images served only to the unit's own people."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import ExifTags, Image

from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.materials.domain import ChecklistItem, upload
from pingxuan.web.materials.images import NOT_A_PICTURE
from pingxuan.web.materials.models import Material, PendingUpload
from pingxuan.web.nominations.domain.edit import NominationInput, save_nomination
from pingxuan.web.nominations.enums import SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from tests.factories.campaign import Generator
from tests.web.materials.test_images import (
    CORPUS,
    HTML,
    PAYLOAD_ZIP,
    SVG,
    TOO_MANY_PIXELS,
    Sample,
    encode,
    exif_with,
    params,
    picture,
    with_jpeg_size,
)
from tests.web.personas import UNIT_A

pytestmark = pytest.mark.django_db

TRAVERSAL = "../../etc/passwd.jpg"
PLAIN = encode(picture(), "JPEG")
LARGE = encode(picture((2000, 3000)), "JPEG")
GPS_JPEG = encode(picture(), "JPEG", exif=exif_with(gps=True))
# The files the issue names, each under the path-traversal name the browser may send.
NAMED = [
    pytest.param(SVG, id="svg-as-jpg"),
    pytest.param(HTML, id="html-as-jpg"),
    pytest.param(with_jpeg_size(PLAIN, 65500, 65500), id="65500x65500-header"),
    pytest.param(LARGE[: len(LARGE) // 2], id="truncated-jpeg"),
    pytest.param(PLAIN + PAYLOAD_ZIP, id="trailing-payload"),
    pytest.param(GPS_JPEG, id="exif-gps"),
    pytest.param(encode(picture(), "PNG"), id="png-as-jpg"),
]


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return campaign.units.get(name=UNIT_A)


@pytest.fixture
def nomination(campaign: Campaign, unit_a: Unit, clerk_a: User) -> Nomination:
    row = Generator(campaign_spec(campaign), seed=5).person(UNIT_A, {"身份类别": "一线产业工人"})
    return save_nomination(
        campaign, unit_a, NominationInput("五一劳动奖章", cells=row), actor=clerk_a, role="clerk"
    )


def url(name: str, campaign: Campaign, **kwargs: object) -> str:
    return reverse(f"portal:{name}", kwargs={"slug": campaign.slug, **kwargs})


def post_upload(
    client: Client,
    campaign: Campaign,
    data: bytes,
    *,
    name: str = "证书.jpg",
    requirement: str = "推荐评选领导机构名单",
    nomination: Nomination | None = None,
    title: str = "",
) -> object:
    fields = {
        "requirement": requirement,
        "title": title,
        "file": SimpleUploadedFile(name, data, content_type="image/jpeg"),
    }
    if nomination is not None:
        fields["nomination"] = str(nomination.pk)
    return client.post(url("materials", campaign), fields)


def stored_files(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file())


def assert_clean(media: Path, uploaded: bytes) -> None:
    """Every stored file is a JPEG of our making: not the upload, no EXIF, no GPS, no name."""
    for path in stored_files(media):
        data = path.read_bytes()
        assert data != uploaded
        assert data[:2] == b"\xff\xd8" and b"Exif" not in data and PAYLOAD_ZIP not in data
        assert ExifTags.IFD.GPSInfo not in Image.open(io.BytesIO(data)).getexif()
        assert "passwd" not in str(path) and "etc" not in path.relative_to(media).parts


# ── the checklist ───────────────────────────────────────────────────────────────────────────


def test_checklist_lists_unit_and_nomination_items(
    client_clerk_a: Client, campaign: Campaign, nomination: Nomination
) -> None:
    response = client_clerk_a.get(url("materials", campaign))

    assert response.status_code == 200
    page = response.content.decode()
    assert "推荐评选领导机构名单" in page and "推荐对象脱密情况承诺书" in page
    assert f"五一劳动奖章 · {nomination.display_name}" in page
    assert "0 / 8 项" in page


def test_upload_of_a_compliant_jpeg_stores_it_re_encoded(
    client_clerk_a: Client, campaign: Campaign, media: Path
) -> None:
    response = post_upload(client_clerk_a, campaign, GPS_JPEG, name=TRAVERSAL, title="领导小组名单")

    material = Material.objects.get()
    assert response.status_code == 302
    assert response["Location"] == (
        url("materials", campaign) + "#" + ChecklistItem.key_for("推荐评选领导机构名单", None)
    )
    assert material.title == "领导小组名单"
    assert_clean(media, GPS_JPEG)
    page = client_clerk_a.get(url("materials", campaign)).content.decode()
    assert url("material_file", campaign, pk=material.pk) in page
    assert "1 / 3 项" in page


def test_png_is_offered_a_conversion_and_converted(
    client_clerk_a: Client, campaign: Campaign, nomination: Nomination, media: Path
) -> None:
    png = encode(picture((1300, 900)), "PNG")
    post_upload(
        client_clerk_a, campaign, png, name="简表.png", requirement="简表", nomination=nomination
    )

    pending = PendingUpload.objects.get()
    page = client_clerk_a.get(url("materials", campaign)).content.decode()
    assert "图片为 PNG 格式" in page and "一键转换为合格 JPEG" in page
    assert url("material_convert", campaign, pk=pending.pk) in page

    response = client_clerk_a.post(url("material_convert", campaign, pk=pending.pk))

    assert response.status_code == 302
    material = Material.objects.get()
    assert (material.nomination, material.requirement, material.width) == (nomination, "简表", 850)
    assert PendingUpload.objects.count() == 0
    assert_clean(media, png)


def test_file_is_served_as_a_private_jpeg(
    client_clerk_a: Client,
    client_approver_a: Client,
    campaign: Campaign,
    unit_a: Unit,
    clerk_a: User,
) -> None:
    material = upload(
        campaign,
        unit_a,
        requirement="推荐评选领导机构名单",
        nomination=None,
        data=PLAIN,
        title="领导小组名单",
        actor=clerk_a,
        role="clerk",
    )

    for client in (client_clerk_a, client_approver_a):
        response = client.get(url("material_file", campaign, pk=material.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == (
            f"inline; filename*=utf-8''{quote('领导小组名单.jpg')}"
        )
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_upload_too_large_is_refused_in_chinese(
    client_clerk_a: Client, campaign: Campaign, media: Path
) -> None:
    response = post_upload(client_clerk_a, campaign, PLAIN + b"\0" * (10 * 2**20))

    assert response.status_code == 400
    assert "文件超过 10 MB" in response.content.decode()
    assert stored_files(media) == []


def test_submitted_unit_gets_no_upload_form_and_uploads_are_refused(
    client_clerk_a: Client, campaign: Campaign, unit_a: Unit, clerk_a: User
) -> None:
    Submission.objects.create(campaign=campaign, unit=unit_a, state=SubmissionState.SUBMITTED)

    page = client_clerk_a.get(url("materials", campaign)).content.decode()
    response = post_upload(client_clerk_a, campaign, PLAIN)

    assert 'type="file"' not in page and "材料只读" in page
    assert response.status_code == 400 and "材料只读" in response.content.decode()
    assert Material.objects.count() == 0


# ── a hostile corpus through the view ───────────────────────────────────────────────────────


@pytest.mark.parametrize("data", NAMED)
def test_named_hostile_files_are_never_stored_as_uploaded(
    client_clerk_a: Client, campaign: Campaign, media: Path, data: bytes
) -> None:
    response = post_upload(client_clerk_a, campaign, data, name=TRAVERSAL)

    assert response.status_code in (302, 400)
    for pending in PendingUpload.objects.all():
        client_clerk_a.post(url("material_convert", campaign, pk=pending.pk))
    assert_clean(media, data)
    for material in Material.objects.all():
        assert material.title == "passwd"
        assert material.stored_name.endswith(".jpg") and len(material.stored_name) == 36


@pytest.mark.parametrize("sample", params(CORPUS))
def test_corpus_through_the_view(
    client_clerk_a: Client, campaign: Campaign, media: Path, sample: Sample
) -> None:
    response = post_upload(client_clerk_a, campaign, sample.data, name=TRAVERSAL)

    if sample.problems is None:
        assert response.status_code == 400
        assert sample.refusal in response.content.decode()
        assert stored_files(media) == []
        return
    assert response.status_code == 302
    stored = Material.objects.count() + PendingUpload.objects.count()
    assert stored == 1
    assert PendingUpload.objects.exists() == bool(sample.problems)
    assert_clean(media, sample.data)


def test_specific_refusals_are_chinese(client_clerk_a: Client, campaign: Campaign) -> None:
    svg = post_upload(client_clerk_a, campaign, SVG).content.decode()
    bomb = post_upload(client_clerk_a, campaign, with_jpeg_size(PLAIN, 65500, 65500))

    assert NOT_A_PICTURE in svg
    assert TOO_MANY_PIXELS in bomb.content.decode()


# ── scope ───────────────────────────────────────────────────────────────────────────────────


def test_other_units_clerk_gets_404_for_every_object_of_unit_a(
    client_clerk_b: Client,
    client_reviewer: Client,
    campaign: Campaign,
    unit_a: Unit,
    clerk_a: User,
    nomination: Nomination,
) -> None:
    material = upload(
        campaign,
        unit_a,
        requirement="推荐评选领导机构名单",
        nomination=None,
        data=PLAIN,
        actor=clerk_a,
        role="clerk",
    )
    pending = upload(
        campaign,
        unit_a,
        requirement="推荐评选领导机构名单",
        nomination=None,
        data=encode(picture(), "PNG"),
        actor=clerk_a,
        role="clerk",
    )

    assert client_clerk_b.get(url("material_file", campaign, pk=material.pk)).status_code == 404
    assert client_clerk_b.post(url("material_delete", campaign, pk=material.pk)).status_code == 404
    assert client_clerk_b.post(url("material_convert", campaign, pk=pending.pk)).status_code == 404
    assert client_clerk_b.post(url("material_discard", campaign, pk=pending.pk)).status_code == 404
    # Uploading for unit A's nomination from unit B's page is a 404 too.
    response = post_upload(
        client_clerk_b, campaign, PLAIN, requirement="简表", nomination=nomination
    )
    assert response.status_code == 404
    assert client_reviewer.get(url("materials", campaign)).status_code == 404
    assert client_reviewer.get(url("material_file", campaign, pk=material.pk)).status_code == 404
    assert (Material.objects.count(), PendingUpload.objects.count()) == (1, 1)


def test_anonymous_is_sent_to_login(
    anonymous: Client, campaign: Campaign, unit_a: Unit, clerk_a: User
) -> None:
    material = upload(
        campaign,
        unit_a,
        requirement="推荐评选领导机构名单",
        nomination=None,
        data=PLAIN,
        actor=clerk_a,
        role="clerk",
    )
    login = reverse("accounts:login")

    for response in (
        anonymous.get(url("materials", campaign)),
        anonymous.get(url("material_file", campaign, pk=material.pk)),
        anonymous.post(url("material_delete", campaign, pk=material.pk)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(login)
    assert Material.objects.count() == 1


def test_delete_through_the_view(
    client_clerk_a: Client, campaign: Campaign, unit_a: Unit, clerk_a: User
) -> None:
    material = upload(
        campaign,
        unit_a,
        requirement="推荐评选领导机构名单",
        nomination=None,
        data=PLAIN,
        actor=clerk_a,
        role="clerk",
    )

    response = client_clerk_a.post(url("material_delete", campaign, pk=material.pk))

    assert response.status_code == 302
    assert Material.objects.count() == 0
    assert client_clerk_a.get(url("material_file", campaign, pk=material.pk)).status_code == 404


def test_checklist_queries_do_not_grow_with_nominations(
    client_clerk_a: Client, campaign: Campaign, unit_a: Unit, clerk_a: User, nomination: Nomination
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_clerk_a.get(url("materials", campaign)).status_code == 200
        return len(captured)

    upload(
        campaign,
        unit_a,
        requirement="简表",
        nomination=nomination,
        data=PLAIN,
        actor=clerk_a,
        role="clerk",
    )
    few = queries()
    for seed in (1, 2):
        row = Generator(campaign_spec(campaign), seed=seed).organisation(UNIT_A, seed)
        other = save_nomination(
            campaign,
            unit_a,
            NominationInput("五一劳动奖状", cells=row),
            actor=clerk_a,
            role="clerk",
        )
        for data in (PLAIN, encode(picture(), "PNG")):
            upload(
                campaign,
                unit_a,
                requirement="简表",
                nomination=other,
                data=data,
                actor=clerk_a,
                role="clerk",
            )

    assert queries() == few
