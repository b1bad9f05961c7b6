"""Many material images at once (issue 14, 1): matched to checklist items by file name, each
stored or refused on its own through the single-file pipeline; zips unpacked within bounds."""

from __future__ import annotations

import io
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.materials.batch import (
    REFUSED,
    STORED,
    WAITING,
    Incoming,
    batch_upload,
    match,
    tally,
    unpack,
)
from pingxuan.web.materials.batch import _zip_name as unpack_name
from pingxuan.web.materials.domain import checklist
from pingxuan.web.materials.models import Material, PendingUpload
from pingxuan.web.nominations.models import Nomination
from tests.web.materials.test_images import encode, picture
from tests.web.opinions.helpers import filled_unit
from tests.web.personas import make_persona, signed_in

pytestmark = pytest.mark.django_db

JPEG = encode(picture((600, 850)), "JPEG")


@pytest.fixture
def clerk(campaign: Campaign) -> User:
    return make_persona(campaign, "clerk_a")


@pytest.fixture
def unit(campaign: Campaign, clerk: User) -> Unit:
    return filled_unit(campaign, clerk)


@pytest.fixture
def person(unit: Unit) -> Nomination:
    found = Nomination.objects.filter(unit=unit, subject="person").order_by("seq").first()
    assert found is not None
    return found


def test_names_find_their_items(campaign: Campaign, unit: Unit, person: Nomination) -> None:
    items = checklist(campaign, unit)
    name = person.display_name

    brief = match(f"{name}-简表.jpg", items)
    honour = match(f"{name} - 荣誉证书（2）.JPG", items)
    own = match("推荐评选领导机构名单.jpeg", items)

    assert brief.item is not None and brief.item.nomination == person
    assert brief.item.requirement.name == "简表"
    assert honour.item is not None and honour.item.requirement.name == "基础荣誉证书（或表彰决定）"
    assert honour.title == "基础荣誉证书（或表彰决定）-2"
    assert own.item is not None and own.item.nomination is None


def test_a_name_that_says_too_little_is_explained(
    campaign: Campaign, unit: Unit, person: Nomination
) -> None:
    items = checklist(campaign, unit)

    only_person = match(f"{person.display_name}.jpg", items)
    unknown = match(f"{person.display_name}-营业执照.jpg", items)
    scan = match("IMG_0001.jpg", items)

    assert "缺少材料名" in only_person.problem
    assert "认不出材料名“营业执照”" in unknown.problem and "简表" in unknown.problem
    assert "本单位（文件名没有推荐对象名称）" in scan.problem


def test_an_unknown_nominee_is_named(campaign: Campaign, unit: Unit, person: Nomination) -> None:
    items = checklist(campaign, unit)

    stranger = match("查无此人-荣誉证书.jpg", items)

    assert stranger.item is None
    assert stranger.problem.startswith("找不到名为“查无此人”的推荐对象：请按材料清单上显示的名称")


def test_the_tally_counts_what_each_file_needs(
    campaign: Campaign, unit: Unit, person: Nomination, clerk: User
) -> None:
    name = person.display_name
    files = [
        Incoming(f"{name}-简表.jpg", JPEG),
        Incoming(f"{name}-所在单位职代会决议.png", encode(picture((600, 850)), "PNG")),
        Incoming(f"{name}-所在单位公示证明.jpg", b"not a picture at all"),
        Incoming("查无此人-简表.jpg", JPEG),
    ]

    counted = tally(batch_upload(campaign, unit, files, actor=clerk, role="clerk"))

    assert (counted.total, counted.stored, counted.waiting, counted.unmatched, counted.refused) == (
        4,
        1,
        1,
        1,
        1,
    )


def test_each_file_is_stored_or_refused_on_its_own(
    campaign: Campaign, unit: Unit, person: Nomination, clerk: User, media: Path
) -> None:
    name = person.display_name
    files = [
        Incoming(f"{name}-简表.jpg", JPEG),
        Incoming(f"{name}-所在单位职代会决议.png", encode(picture((600, 850)), "PNG")),
        Incoming(f"{name}-所在单位公示证明.jpg", b"not a picture at all"),
        Incoming("说明.jpg", JPEG),
    ]

    outcomes = batch_upload(campaign, unit, files, actor=clerk, role="clerk")

    assert [o.outcome for o in outcomes] == [STORED, WAITING, REFUSED, REFUSED]
    assert outcomes[0].owner == name and outcomes[0].requirement == "简表"
    assert Material.objects.filter(unit=unit).count() == 1
    assert PendingUpload.objects.filter(unit=unit).count() == 1
    # The refused picture left no file: one stored material and one waiting conversion only.
    assert len([p for p in media.rglob("*") if p.is_file()]) == 2


def _zip(entries: dict[str, bytes], *, utf8: bool = True, encoding: str = "gbk") -> bytes:
    """A zip; ``utf8=False`` names the entries in ``encoding`` without the UTF-8 flag, as the zip
    tools of a Chinese Windows do with GBK (written under ASCII stand-ins of the same length,
    then swapped in)."""
    buffer = io.BytesIO()
    stand_ins = {}
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, data) in enumerate(entries.items()):
            raw = name.encode(encoding)
            stand_in = f"{index:03d}".ljust(len(raw), "x") if not utf8 else name
            stand_ins[stand_in.encode()] = raw
            archive.writestr(stand_in, data)
    content = buffer.getvalue()
    if not utf8:
        for stand_in, raw in stand_ins.items():
            content = content.replace(stand_in, raw)
    return content


def test_a_zip_from_a_chinese_windows_is_read_with_its_names() -> None:
    data = _zip(
        {"扫描/张三-简表.jpg": JPEG, "扫描/说明.txt": b"x", "__MACOSX/._a.jpg": b""}, utf8=False
    )

    found, skipped = unpack("材料.zip", data)

    assert [f.name for f in found] == ["材料.zip › 张三-简表.jpg"]
    assert [s.message for s in skipped] == ["不是图片文件，已跳过。"]


def test_a_zip_with_utf8_names_but_no_flag_is_read_with_its_names() -> None:
    """Info-ZIP on Linux and macOS names the entries in UTF-8 without setting the flag; read as
    GBK they were “鏂硅秴-鑽ｈ獕璇佷功”, as cp437 “µû╣Φ╢à…”."""
    data = _zip(
        {"扫描/方超-荣誉证书.jpg": JPEG, "扫描/张三-简表（2）.jpg": JPEG},
        utf8=False,
        encoding="utf-8",
    )

    found, _skipped = unpack("材料.zip", data)

    assert [f.name for f in found] == [
        "材料.zip › 方超-荣誉证书.jpg",
        "材料.zip › 张三-简表（2）.jpg",
    ]


def test_a_zip_made_by_info_zip_is_read_with_its_names(tmp_path: Path) -> None:
    folder = tmp_path / "扫描"
    folder.mkdir()
    (folder / "方超-荣誉证书.jpg").write_bytes(JPEG)
    (folder / "张三-简表.jpg").write_bytes(JPEG)
    subprocess.run(
        ["zip", "-q", "-r", "材料.zip", "扫描"],
        cwd=tmp_path,
        check=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    data = (tmp_path / "材料.zip").read_bytes()
    assert not any(i.flag_bits & 0x800 for i in zipfile.ZipFile(io.BytesIO(data)).infolist())

    found, _skipped = unpack("材料.zip", data)

    assert sorted(f.name for f in found) == [
        "材料.zip › 张三-简表.jpg",
        "材料.zip › 方超-荣誉证书.jpg",
    ]


def test_a_zip_name_in_neither_utf8_nor_gbk_stays_as_read() -> None:
    """Bytes that are neither (0xFF begins no UTF-8 or GB18030 character): as Python read them."""
    info = zipfile.ZipInfo(b"a\xff\xfeb.jpg".decode("cp437"))
    assert unpack_name(info) == "a\xa0\u25a0b.jpg"


def test_a_broken_or_oversized_zip_entry_is_refused() -> None:
    found, skipped = unpack("坏.zip", b"PK\x03\x04 not really")
    assert found == [] and "压缩包已损坏" in skipped[0].message

    huge = _zip({"大.jpg": b"\0" * (11 * 1024 * 1024)})
    found, skipped = unpack("大.zip", huge)
    assert found == [] and skipped[0].message == "文件过大，未解压。"


def test_the_page_takes_a_folder_and_shows_each_files_outcome(
    campaign: Campaign, unit: Unit, person: Nomination, clerk: User, media: Path
) -> None:
    client = signed_in(clerk)
    url = reverse("portal:materials_batch", kwargs={"slug": campaign.slug})
    files = [
        io.BytesIO(JPEG),
        io.BytesIO(_zip({f"{person.display_name}-所在单位职代会决议.jpg": JPEG})),
        io.BytesIO(JPEG),
        io.BytesIO(encode(picture((600, 850)), "PNG")),
        io.BytesIO(JPEG),
        io.BytesIO(b"not a picture"),
    ]
    names = [
        f"{person.display_name}-简表.jpg",
        "一批.zip",
        "未知.jpg",
        f"{person.display_name}-所在单位公示证明.png",
        "查无此人-荣誉证书.jpg",
        f"{person.display_name}-有关部门签署意见表.jpg",
    ]
    for file, name in zip(files, names, strict=True):
        file.name = name

    sent = client.post(url, {"files": files})
    shown = client.get(url).content.decode()

    assert sent.status_code == 302 and sent["Location"] == url
    assert shown.count('"state state-stored"') == 2
    assert shown.count('"state state-waiting"') == 1
    assert shown.count('"state state-refused"') == 3
    # The counts say what each file needs: a converted picture is not saved until confirmed.
    summary = shown.split('<div class="batch-summary">', 1)[1].split("</div>", 1)[0]
    assert "共 6 个文件，2 个已保存。" in summary
    assert "1 个不符合图片要求，已转换但<strong>尚未保存</strong>" in summary
    assert "2 个按文件名对应不上，未保存：请按下表的说明改名后再上传。" in summary
    assert "1 个未保存（不是图片、文件损坏或过大等）" in summary
    assert "认不出材料名“未知”" in shown
    assert "找不到名为“查无此人”的推荐对象" in shown
    assert Material.objects.filter(nomination=person).count() == 2


def test_another_units_clerk_sees_no_result_of_ours(
    campaign: Campaign, unit: Unit, person: Nomination, clerk: User
) -> None:
    url = reverse("portal:materials_batch", kwargs={"slug": campaign.slug})
    file = io.BytesIO(JPEG)
    file.name = f"{person.display_name}-简表.jpg"
    signed_in(clerk).post(url, {"files": [file]})

    other = signed_in(make_persona(campaign, "clerk_b")).get(url)

    assert other.status_code == 302  # back to its own checklist: nothing of unit A's
