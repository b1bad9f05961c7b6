"""Domain functions of materials: what is stored for an upload (always re-encoded), what waits for
conversion, what is refused with nothing left behind; the checklist of the campaign's stage."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from PIL import ExifTags, Image

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.domain.specs import campaign_spec, load_campaign_file
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.materials.domain import (
    MaterialRefused,
    checklist,
    convert,
    delete_material,
    discard_pending,
    missing_findings,
    upload,
)
from pingxuan.web.materials.images import NOT_A_PICTURE
from pingxuan.web.materials.models import Material, PendingUpload
from pingxuan.web.nominations.domain.edit import (
    NominationInput,
    delete_nomination,
    save_nomination,
)
from pingxuan.web.nominations.enums import Standing, SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from tests.factories.campaign import Generator
from tests.web.helpers import EditedSpec
from tests.web.materials.test_images import SVG, encode, exif_with, picture

pytestmark = pytest.mark.django_db

UNIT_ITEMS = ["推荐评选领导机构名单", "推荐对象情况汇总表", "推荐对象脱密情况承诺书"]
NOMINATION_ITEMS = [
    "简表",
    "所在单位职代会决议",
    "所在单位公示证明",
    "基础荣誉证书（或表彰决定）",
    "有关部门签署意见表",
]


@pytest.fixture
def clerk(db: None) -> User:
    return User.objects.create_user("clerk-a")


@pytest.fixture
def unit(campaign: Campaign) -> Unit:
    return campaign.units.get(name="郑东新区")


def add_person(campaign: Campaign, unit: Unit, clerk: User, **facts: str) -> Nomination:
    row = Generator(campaign_spec(campaign), seed=7).person(
        unit.name, {"身份类别": "一线产业工人", **facts}
    )
    return save_nomination(
        campaign, unit, NominationInput("五一劳动奖章", cells=row), actor=clerk, role="clerk"
    )


@pytest.fixture
def nomination(campaign: Campaign, unit: Unit, clerk: User) -> Nomination:
    return add_person(campaign, unit, clerk)


def stored_files(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file())


GPS_JPEG = encode(picture(), "JPEG", exif=exif_with(gps=True))


def test_compliant_jpeg_is_stored_re_encoded_without_gps(
    campaign: Campaign, unit: Unit, clerk: User, media: Path
) -> None:
    material = upload(
        campaign,
        unit,
        requirement="推荐评选领导机构名单",
        nomination=None,
        data=io.BytesIO(GPS_JPEG),
        filename="../../领导小组.jpg",
        title="",
        actor=clerk,
        role="clerk",
    )

    assert isinstance(material, Material)
    stored = (media / material.path).read_bytes()
    assert stored != GPS_JPEG
    assert b"Exif" not in stored
    image = Image.open(io.BytesIO(stored))
    assert ExifTags.IFD.GPSInfo not in image.getexif()
    assert (material.width, material.height, material.size) == (*image.size, len(stored))
    assert material.title == "领导小组"
    assert "领导小组" not in material.stored_name and ".." not in material.stored_name
    assert [p.name for p in stored_files(media)] == [material.stored_name]
    assert AuditEvent.objects.filter(action="material.upload").count() == 1


def test_png_waits_converted_and_one_click_makes_it_a_material(
    campaign: Campaign,
    unit: Unit,
    nomination: Nomination,
    clerk: User,
    media: Path,
    django_capture_on_commit_callbacks: object,
) -> None:
    png = encode(picture((1300, 900)), "PNG", exif=exif_with(orientation=6, gps=True))

    pending = upload(
        campaign,
        unit,
        requirement="简表",
        nomination=nomination,
        data=png,
        filename="简表.png",
        title="张三简表",
        actor=clerk,
        role="clerk",
    )

    assert isinstance(pending, PendingUpload)
    assert pending.problems == [
        "图片为 PNG 格式",
        "图片尺寸 900×1300 超过 850×1276",
        "图片按 EXIF 信息需要旋转",
    ]
    waiting = (media / pending.path).read_bytes()
    assert waiting[:2] == b"\xff\xd8" and b"Exif" not in waiting  # never the uploaded bytes

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        material = convert(pending, actor=clerk, role="clerk")

    assert (material.nomination, material.requirement, material.title) == (
        nomination,
        "简表",
        "张三简表",
    )
    assert (material.width, material.height) == (850, 1228)  # upright, shrunk to fit
    assert PendingUpload.objects.count() == 0
    assert [p.name for p in stored_files(media)] == [material.stored_name]


def test_second_conversion_of_the_same_upload_is_refused(
    campaign: Campaign, unit: Unit, clerk: User
) -> None:
    png = encode(picture(), "PNG")
    pending = upload(
        campaign,
        unit,
        requirement="推荐对象情况汇总表",
        nomination=None,
        data=png,
        actor=clerk,
        role="clerk",
    )
    assert isinstance(pending, PendingUpload)
    convert(pending, actor=clerk, role="clerk")

    with pytest.raises(MaterialRefused, match="已转换或已删除"):
        convert(pending, actor=clerk, role="clerk")
    assert Material.objects.count() == 1


def test_refused_upload_leaves_nothing_behind(
    campaign: Campaign, unit: Unit, clerk: User, media: Path
) -> None:
    with pytest.raises(MaterialRefused) as refusal:
        upload(
            campaign,
            unit,
            requirement="推荐评选领导机构名单",
            nomination=None,
            data=SVG,
            filename="图.jpg",
            actor=clerk,
            role="clerk",
        )

    assert refusal.value.message == NOT_A_PICTURE
    assert (Material.objects.count(), PendingUpload.objects.count()) == (0, 0)
    assert stored_files(media) == []


def test_requirement_outside_the_checklist_is_refused(
    campaign: Campaign, unit: Unit, nomination: Nomination, clerk: User
) -> None:
    plain = encode(picture(), "JPEG")
    with pytest.raises(MaterialRefused, match="不是本阶段需要上传的材料"):
        upload(
            campaign,
            unit,
            requirement="推荐审批表",
            nomination=nomination,
            data=plain,
            actor=clerk,
            role="clerk",
        )  # a 复审 item
    with pytest.raises(MaterialRefused, match="不是本阶段需要上传的材料"):
        upload(
            campaign,
            unit,
            requirement="简表",
            nomination=None,
            data=plain,
            actor=clerk,
            role="clerk",
        )  # per nomination, not per unit


def test_nomination_of_another_unit_is_refused(
    campaign: Campaign, nomination: Nomination, clerk: User
) -> None:
    other = campaign.units.get(name="巩义市")
    with pytest.raises(MaterialRefused, match="不属于本单位"):
        upload(
            campaign,
            other,
            requirement="简表",
            nomination=nomination,
            data=encode(picture(), "JPEG"),
            actor=clerk,
            role="clerk",
        )


def test_submitted_unit_cannot_change_materials(
    campaign: Campaign, unit: Unit, clerk: User, media: Path
) -> None:
    material = upload(
        campaign,
        unit,
        requirement="推荐评选领导机构名单",
        nomination=None,
        data=encode(picture(), "JPEG"),
        actor=clerk,
        role="clerk",
    )
    Submission.objects.filter(campaign=campaign, unit=unit).update(state=SubmissionState.SUBMITTED)

    with pytest.raises(MaterialRefused, match="材料只读"):
        upload(
            campaign,
            unit,
            requirement="推荐评选领导机构名单",
            nomination=None,
            data=encode(picture(), "JPEG"),
            actor=clerk,
            role="clerk",
        )
    assert isinstance(material, Material)
    with pytest.raises(MaterialRefused, match="材料只读"):
        delete_material(material, actor=clerk, role="clerk")
    assert Material.objects.count() == 1
    assert len(stored_files(media)) == 1


def test_delete_removes_the_file_once_committed(
    campaign: Campaign,
    unit: Unit,
    clerk: User,
    media: Path,
    django_capture_on_commit_callbacks: object,
) -> None:
    material = upload(
        campaign,
        unit,
        requirement="推荐评选领导机构名单",
        nomination=None,
        data=encode(picture(), "JPEG"),
        actor=clerk,
        role="clerk",
    )
    pending = upload(
        campaign,
        unit,
        requirement="推荐评选领导机构名单",
        nomination=None,
        data=encode(picture(), "PNG"),
        actor=clerk,
        role="clerk",
    )
    assert isinstance(material, Material) and isinstance(pending, PendingUpload)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        delete_material(material, actor=clerk, role="clerk")
        discard_pending(pending, actor=clerk, role="clerk")

    assert stored_files(media) == []
    assert list(
        AuditEvent.objects.filter(action__startswith="material.").values_list("action", flat=True)
    ) == ["material.upload", "material.pending", "material.delete", "material.discard"]


def test_deleting_a_nomination_takes_its_materials(
    campaign: Campaign,
    unit: Unit,
    nomination: Nomination,
    clerk: User,
    media: Path,
    django_capture_on_commit_callbacks: object,
) -> None:
    upload(
        campaign,
        unit,
        requirement="简表",
        nomination=nomination,
        data=encode(picture(), "JPEG"),
        actor=clerk,
        role="clerk",
    )

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        delete_nomination(nomination, actor=clerk, role="clerk")

    assert Material.objects.count() == 0
    assert stored_files(media) == []


def test_checklist_has_unit_items_once_and_nomination_items_per_nomination(
    campaign: Campaign, unit: Unit, clerk: User
) -> None:
    first = add_person(campaign, unit, clerk)
    second = add_person(campaign, unit, clerk)

    items = checklist(campaign, unit)

    assert [(i.nomination, i.requirement.name) for i in items] == [
        *((None, name) for name in UNIT_ITEMS),
        *((first, name) for name in NOMINATION_ITEMS),
        *((second, name) for name in NOMINATION_ITEMS),
    ]
    assert len({item.key for item in items}) == len(items)


def test_checklist_honours_awards_of_an_item(campaign: Campaign, unit: Unit, clerk: User) -> None:
    person = add_person(campaign, unit, clerk)
    row = Generator(campaign_spec(campaign), seed=3).organisation(unit.name, 0)
    organisation = save_nomination(
        campaign, unit, NominationInput("五一劳动奖状", cells=row), actor=clerk, role="clerk"
    )
    # 复审 lists those who passed 初审.
    Nomination.objects.filter(pk__in=[person.pk, organisation.pk]).update(standing=Standing.PASSED)

    items = checklist(campaign, unit, stage="复审")

    assert "工会会员卡复印件" in [i.requirement.name for i in items if i.nomination == person]
    assert "工会会员卡复印件" not in [
        i.requirement.name for i in items if i.nomination == organisation
    ]


def test_checklist_honours_the_when_condition(
    campaign: Campaign, unit: Unit, clerk: User, edited_spec: EditedSpec
) -> None:
    load_campaign_file(
        edited_spec(
            (
                'name = "有关部门签署意见表"\nclause = "四"',
                'name = "有关部门签署意见表"\nwhen = "单位性质 = 非公有制"\nclause = "四"',
            )
        )
    )
    campaign.refresh_from_db()
    private = add_person(campaign, unit, clerk, 单位性质="非公有制")
    public = add_person(campaign, unit, clerk, 单位性质="国有")

    items = checklist(campaign, unit)

    def names(nomination: Nomination) -> list[str]:
        return [i.requirement.name for i in items if i.nomination == nomination]

    assert names(private) == NOMINATION_ITEMS
    assert names(public) == NOMINATION_ITEMS[:-1]


def test_second_review_checklist_leaves_out_those_who_did_not_pass(
    campaign: Campaign, unit: Unit, clerk: User
) -> None:
    passed, failed = add_person(campaign, unit, clerk), add_person(campaign, unit, clerk)
    Nomination.objects.filter(pk=passed.pk).update(standing=Standing.PASSED)
    Nomination.objects.filter(pk=failed.pk).update(standing=Standing.FAILED)

    items = checklist(campaign, unit, stage="复审")

    assert {i.nomination.pk for i in items if i.nomination} == {passed.pk}


def test_missing_materials_are_warnings_from_the_checklist(
    campaign: Campaign, unit: Unit, nomination: Nomination, clerk: User, media: Path
) -> None:
    upload(
        campaign,
        unit,
        requirement="简表",
        nomination=nomination,
        data=io.BytesIO(encode(picture(), "JPEG")),
        filename="简表.jpg",
        title="",
        actor=clerk,
        role="clerk",
    )

    found = missing_findings(campaign, unit)

    # One warning per material still missing, in the checklist's order; the uploaded one is not.
    missing = [i.requirement.name for i in checklist(campaign, unit) if not i.done]
    assert [f.message for f in found] == [
        f"初审材料“{name}”未上传"
        + (f"：{nomination.display_name}" if name in NOMINATION_ITEMS else "")
        for name in missing
    ]
    assert "简表" not in missing
    assert {(f.severity.value, f.clause, f.rule) for f in found} == {
        ("warning", "四", "materials.missing"),
        ("warning", "三（六）", "materials.missing"),
    }
