"""The image pipeline of uploaded materials against a hostile corpus built here, byte by byte:
formats in disguise, documents posing as pictures, bombs, truncation, trailing payloads, EXIF."""

from __future__ import annotations

import io
import json
import random
import re
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageDraw, ImageFile

from pingxuan.core.spec.models import ImageRules
from pingxuan.web.materials.images import (
    CORRUPT,
    EMPTY,
    NOT_A_PICTURE,
    ROTATED,
    SEVERAL_FRAMES,
    ImageRefused,
    Inspection,
    display_name,
    inspect_upload,
    storage_name,
    to_compliant_jpeg,
)

RULES = ImageRules(format="JPEG", max_width=850, max_height=1276, clause="四")
TOO_MANY_PIXELS = "图片像素数超过 4000 万像素的上限，请缩小后上传 JPG 图片"
PAYLOAD_ZIP = b"PK\x03\x04" + b"secret.txt" + b"\x00" * 20 + b"PK\x05\x06" + b"\x00" * 18
PAYLOAD_SCRIPT = b"<script>alert('pwned')</script>"
RED, BLUE = (220, 20, 20), (20, 20, 220)
# Pillow only warns about these, and the site does not turn warnings into errors as pytest does.
CORRUPT_EXIF = "ignore:Corrupt EXIF data"
BOMB_WARNING = "ignore::PIL.Image.DecompressionBombWarning"


# ── building the corpus ─────────────────────────────────────────────────────────────────────


def picture(size: tuple[int, int] = (60, 40), mode: str = "RGB") -> Image.Image:
    """Blue with a red band along the top, so that a rotation shows."""
    image = Image.new("RGB", size, BLUE)
    ImageDraw.Draw(image).rectangle((0, 0, size[0] - 1, max(size[1] // 4, 1) - 1), fill=RED)
    return image.convert(mode)


def encode(image: Image.Image, format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def frames(format: str, count: int = 3) -> bytes:
    shots = [Image.new("RGB", (30, 20), (40 * i, 90, 200 - 40 * i)) for i in range(count)]
    return encode(shots[0], format, save_all=True, append_images=shots[1:], duration=100)


def exif_with(orientation: int | None = None, gps: bool = False) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        place = exif.get_ifd(ExifTags.IFD.GPSInfo)
        place[ExifTags.GPS.GPSLatitudeRef] = "N"
        place[ExifTags.GPS.GPSLatitude] = (34.0, 45.0, 30.5)
        place[ExifTags.GPS.GPSLongitudeRef] = "E"
        place[ExifTags.GPS.GPSLongitude] = (113.0, 39.0, 12.0)
    return exif


def with_jpeg_size(data: bytes, width: int, height: int) -> bytes:
    """The JPEG with the frame header (SOF0) declaring another size; the scan is left as it was."""
    sof = data.index(b"\xff\xc0")
    return data[: sof + 5] + struct.pack(">HH", height, width) + data[sof + 9 :]


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width: int, height: int) -> bytes:
    """A 60-byte PNG whose header declares ``width`` × ``height`` one-bit pixels."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def gif_declaring(width: int, height: int) -> bytes:
    data = encode(Image.new("P", (8, 8)), "GIF")
    return data[:6] + struct.pack("<HH", width, height) + data[10:]


def sixteen_bit_grey() -> bytes:
    grey = Image.new("I;16", (64, 48), 8000)
    grey.paste(Image.new("I;16", (32, 48), 40000), (32, 0))
    return encode(grey, "PNG")


def with_broken_exif() -> bytes:
    """A JPEG whose APP1 segment says Exif and then holds garbage IFD offsets."""
    data = encode(picture(), "JPEG")
    body = b"Exif\x00\x00II*\x00\xff\xff\xff\x7f" + bytes(range(200))
    return data[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + data[2:]


@dataclass(frozen=True)
class Sample:
    name: str  # as the clerk's browser would send it: the pipeline never sees it
    data: bytes
    problems: tuple[str, ...] | None = None  # None: refused
    refusal: str = ""
    warns: str = ""  # the filter of a warning Pillow gives on the way


def refused(name: str, data: bytes, message: str, warns: str = "") -> Sample:
    return Sample(name, data, None, message, warns)


def converted(name: str, data: bytes, *problems: str, warns: str = "") -> Sample:
    return Sample(name, data, problems, warns=warns)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"  # Pillow would run Ghostscript
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
GIF_SCRIPT = b"GIF89a=alert(document.cookie)//;"
TEXT = "我是一段文字，不是图片。\n".encode()
DECLARED_8000 = "图片像素数超过 4000 万像素的上限（文件声明 8000×6000），请缩小后上传 JPG 图片"
DECLARED_10000 = "图片像素数超过 4000 万像素的上限（文件声明 10000×10000），请缩小后上传 JPG 图片"
BOMB_PNG = encode(Image.new("1", (10000, 10000)), "PNG")  # 100 megapixels in 12 kB
TOO_WIDE_2000 = "图片尺寸 2000×3000 超过 850×1276"
TOO_WIDE_900 = "图片尺寸 900×1300 超过 850×1276"


def build_corpus() -> list[Sample]:
    plain = encode(picture(), "JPEG")
    large = encode(picture((2000, 3000)), "JPEG")
    clear = encode(Image.new("RGBA", (50, 50), (0, 0, 0, 0)), "PNG")
    noted = encode(picture(), "JPEG", comment=b"clerk's note", icc_profile=b"x" * 40)
    wider = encode(picture((851, 1276)), "JPEG")
    sideways = encode(picture((3000, 2000)), "JPEG", exif=exif_with(orientation=8, gps=True))
    sideways_png = encode(picture((1300, 900)), "PNG", exif=exif_with(orientation=6))
    return [
        # other formats by content, named .jpg
        converted("证书.jpg", encode(picture(), "PNG"), "图片为 PNG 格式"),
        converted("证书.jpg", encode(picture(), "GIF"), "图片为 GIF 格式"),
        converted("证书.jpg", encode(picture(), "WEBP"), "图片为 WEBP 格式"),
        converted("证书.jpg", encode(picture(), "BMP"), "图片为 BMP 格式"),
        converted("证书.jpg", encode(picture(), "TIFF"), "图片为 TIFF 格式"),
        converted("透明.jpg", clear, "图片为 PNG 格式"),
        converted("扫描16位.jpg", sixteen_bit_grey(), "图片为 PNG 格式"),
        # documents, scripts and noise named .jpg
        refused("图.jpg", SVG, NOT_A_PICTURE),
        refused("图.jpg", HTML, NOT_A_PICTURE),
        refused("图.jpg", PDF, NOT_A_PICTURE),
        refused("图.jpg", EPS, NOT_A_PICTURE),
        refused("图.jpg", HEIC, NOT_A_PICTURE),
        refused("图.jpg", GIF_SCRIPT, NOT_A_PICTURE),
        refused("图.jpg", TEXT, NOT_A_PICTURE),
        refused("图.jpg", random.Random(2024).randbytes(4096), NOT_A_PICTURE),
        refused("图.jpg", b"", EMPTY),
        # bombs: small files declaring huge images
        refused("炸弹.jpg", with_jpeg_size(plain, 65500, 65500), TOO_MANY_PIXELS),
        refused("炸弹.jpg", with_jpeg_size(plain, 8000, 6000), DECLARED_8000),
        refused("炸弹.png", png_declaring(65500, 65500), TOO_MANY_PIXELS),
        refused("炸弹.png", BOMB_PNG, DECLARED_10000, warns=BOMB_WARNING),
        refused("炸弹.gif", gif_declaring(65535, 65535), TOO_MANY_PIXELS),
        # several frames
        refused("动图.jpg", frames("GIF"), SEVERAL_FRAMES),
        refused("动图.jpg", frames("PNG"), SEVERAL_FRAMES),
        refused("动图.jpg", frames("WEBP"), SEVERAL_FRAMES),
        refused("多页.jpg", frames("TIFF"), SEVERAL_FRAMES),
        # damaged
        refused("半张.jpg", large[: len(large) // 2], CORRUPT),
        refused("半张.jpg", plain[:200], CORRUPT),
        # JPEGs: compliant ones are still re-encoded, the others converted
        converted("含压缩包.jpg", plain + PAYLOAD_ZIP),
        converted("含脚本.jpg", plain + PAYLOAD_SCRIPT),
        converted("定位.jpg", encode(picture(), "JPEG", exif=exif_with(gps=True))),
        converted("坏EXIF.jpg", with_broken_exif(), warns=CORRUPT_EXIF),
        converted("印刷.jpg", encode(picture(mode="CMYK"), "JPEG")),
        converted("备注.jpg", noted),
        converted("渐进.jpg", encode(picture(), "JPEG", progressive=True)),
        converted("相机.jpg", frames("MPO", count=2)),
        converted("正好.jpg", encode(picture((850, 1276)), "JPEG")),
        converted("横拍.jpg", encode(picture(), "JPEG", exif=exif_with(orientation=6)), ROTATED),
        converted("大图.jpg", large, TOO_WIDE_2000),
        converted("宽一像素.jpg", wider, "图片尺寸 851×1276 超过 850×1276"),
        converted("横拍大图.jpg", sideways, TOO_WIDE_2000, ROTATED),
        converted("横拍.png", sideways_png, "图片为 PNG 格式", TOO_WIDE_900, ROTATED),
    ]


CORPUS = build_corpus()
ACCEPTED = [sample for sample in CORPUS if sample.problems is not None]
REFUSED = [sample for sample in CORPUS if sample.problems is None]


def params(samples: list[Sample]) -> list[object]:
    return [
        pytest.param(
            sample,
            id=f"{sample.name}:{sample.data[:12]!r}",
            marks=[pytest.mark.filterwarnings(sample.warns)] if sample.warns else [],
        )
        for sample in samples
    ]


# ── reading a JPEG's structure ──────────────────────────────────────────────────────────────

SOI, EOI, SOS = 0xD8, 0xD9, 0xDA


def jpeg_markers(data: bytes) -> list[int]:
    """The markers of a single-scan JPEG in order, asserting that EOI is its last two bytes."""
    assert data[:2] == b"\xff\xd8"
    markers, at = [SOI], 2
    while True:
        assert data[at] == 0xFF
        marker = data[at + 1]
        markers.append(marker)
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        at += 2 + length
        if marker == SOS:
            break
    # Entropy-coded data: 0xFF is always followed by a stuffed 0x00 or a restart marker.
    while not (data[at] == 0xFF and data[at + 1] not in (0x00, *range(0xD0, 0xD8))):
        at += 1
    assert (data[at + 1], at + 2) == (EOI, len(data)), "bytes after the end of the image"
    return [*markers, EOI]


def assert_stored_form(output: bytes, rules: ImageRules = RULES) -> Image.Image:
    """Re-opens as a baseline JFIF JPEG within the limits, no metadata, nothing after EOI."""
    markers = jpeg_markers(output)
    assert set(markers) == {SOI, 0xE0, 0xDB, 0xC0, 0xC4, SOS, EOI}  # APP0 DQT SOF0 DHT only
    image = Image.open(io.BytesIO(output))
    image.load()
    assert (image.format, image.mode) == ("JPEG", "RGB")
    assert image.width <= rules.max_width and image.height <= rules.max_height
    assert len(image.getexif()) == 0
    assert {"exif", "icc_profile", "xmp", "comment"}.isdisjoint(image.info)
    assert inspect_upload(output, rules).compliant
    return image


# ── the corpus ──────────────────────────────────────────────────────────────────────────────


def test_corpus_has_at_least_20_files_to_refuse() -> None:
    assert len(CORPUS) >= 20
    assert len(REFUSED) >= 20


@pytest.mark.filterwarnings(CORRUPT_EXIF)
@pytest.mark.filterwarnings(BOMB_WARNING)
def test_corpus_accepts_as_is_only_genuinely_compliant_jpegs() -> None:
    compliant = [s.name for s in CORPUS if s.problems is not None and not s.problems]

    found = []
    for sample in CORPUS:
        try:
            inspection = inspect_upload(sample.data, RULES)
        except ImageRefused:
            continue
        if inspection.compliant:
            found.append(sample.name)

    assert found == compliant
    assert compliant == [
        "含压缩包.jpg", "含脚本.jpg", "定位.jpg", "坏EXIF.jpg", "印刷.jpg", "备注.jpg",
        "渐进.jpg", "相机.jpg", "正好.jpg",
    ]  # fmt: skip


@pytest.mark.parametrize("sample", params(REFUSED))
def test_inspect_upload_refuses_hostile_file_in_chinese(sample: Sample) -> None:
    with pytest.raises(ImageRefused) as refusal:
        inspect_upload(sample.data, RULES)

    assert refusal.value.message == sample.refusal
    assert str(refusal.value) == sample.refusal
    assert re.search(r"[\u4e00-\u9fff]{4}", sample.refusal)


@pytest.mark.parametrize("sample", params(REFUSED))
def test_to_compliant_jpeg_refuses_hostile_file_alike(sample: Sample) -> None:
    with pytest.raises(ImageRefused) as refusal:
        to_compliant_jpeg(sample.data, RULES)

    assert refusal.value.message == sample.refusal


@pytest.mark.parametrize("sample", params(ACCEPTED))
def test_inspect_upload_lists_what_conversion_fixes(sample: Sample) -> None:
    inspection = inspect_upload(sample.data, RULES)

    assert inspection.problems == sample.problems
    assert inspection.compliant == (not sample.problems)


@pytest.mark.parametrize("sample", params(ACCEPTED))
def test_to_compliant_jpeg_output_is_a_clean_jpeg_within_limits(sample: Sample) -> None:
    output = to_compliant_jpeg(sample.data, RULES)

    assert_stored_form(output)
    assert PAYLOAD_ZIP not in output and b"<script>" not in output
    assert b"Exif" not in output and b"clerk's note" not in output


def test_corpus_leaves_truncated_images_refused() -> None:
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


# ── particular images ───────────────────────────────────────────────────────────────────────


def test_inspect_upload_reports_format_size_and_metadata() -> None:
    data = encode(picture((3000, 2000)), "JPEG", exif=exif_with(orientation=8, gps=True))

    inspection = inspect_upload(data, RULES)

    assert inspection == Inspection(
        format="JPEG",
        size=(3000, 2000),
        orientation=8,
        has_exif=True,
        has_gps=True,
        problems=("图片尺寸 2000×3000 超过 850×1276", ROTATED),
    )
    assert inspection.upright_size == (2000, 3000)


def test_inspect_upload_reports_no_exif_on_a_plain_png() -> None:
    inspection = inspect_upload(encode(picture(), "PNG"), RULES)

    assert (inspection.format, inspection.size, inspection.orientation) == ("PNG", (60, 40), 1)
    assert (inspection.has_exif, inspection.has_gps) == (False, False)


def test_to_compliant_jpeg_turns_orientation_6_upright() -> None:
    data = encode(picture((60, 40)), "JPEG", exif=exif_with(orientation=6))

    image = assert_stored_form(to_compliant_jpeg(data, RULES)).convert("RGB")

    # The red band along the stored top ends up along the right edge, turned clockwise.
    assert image.size == (40, 60)
    assert near(image.getpixel((37, 30)), RED)
    assert near(image.getpixel((2, 30)), BLUE)


def test_to_compliant_jpeg_shrinks_keeping_aspect_ratio() -> None:
    data = encode(picture((2000, 3000)), "JPEG")

    assert assert_stored_form(to_compliant_jpeg(data, RULES)).size == (850, 1275)


def test_to_compliant_jpeg_never_enlarges() -> None:
    data = encode(picture((30, 20)), "PNG")

    assert assert_stored_form(to_compliant_jpeg(data, RULES)).size == (30, 20)


def test_to_compliant_jpeg_flattens_transparency_onto_white() -> None:
    clear = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    clear.paste((200, 0, 0, 255), (0, 0, 10, 20))

    image = assert_stored_form(to_compliant_jpeg(encode(clear, "PNG"), RULES))

    assert near(image.getpixel((15, 10)), (255, 255, 255))
    assert near(image.getpixel((3, 10)), (200, 0, 0))


def test_to_compliant_jpeg_keeps_a_16_bit_scan_legible() -> None:
    image = assert_stored_form(to_compliant_jpeg(sixteen_bit_grey(), RULES))

    assert near(image.getpixel((10, 20)), (31, 31, 31))
    assert near(image.getpixel((50, 20)), (156, 156, 156))


def test_to_compliant_jpeg_drops_gps() -> None:
    data = encode(picture(), "JPEG", exif=exif_with(gps=True))
    assert inspect_upload(data, RULES).has_gps

    output = to_compliant_jpeg(data, RULES)

    assert inspect_upload(output, RULES).has_gps is False
    assert ExifTags.IFD.GPSInfo not in Image.open(io.BytesIO(output)).getexif()


def test_inspect_upload_refuses_bombs_when_pillow_limit_is_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    plain = encode(picture(), "JPEG")

    for data in (with_jpeg_size(plain, 65500, 65500), png_declaring(65500, 65500)):
        with pytest.raises(ImageRefused) as refusal:
            inspect_upload(data, RULES)
        assert refusal.value.message == (
            "图片像素数超过 4000 万像素的上限（文件声明 65500×65500），请缩小后上传 JPG 图片"
        )


def test_inspect_upload_refuses_to_run_with_truncated_images_allowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)

    with pytest.raises(RuntimeError, match="LOAD_TRUNCATED_IMAGES"):
        inspect_upload(encode(picture(), "JPEG"), RULES)


def test_inspect_upload_refuses_a_bomb_that_pillow_only_warns_about() -> None:
    # Under pytest the warning is an error, raised from inside Image.open.
    with pytest.raises(ImageRefused) as refusal:
        inspect_upload(BOMB_PNG, RULES)

    assert refusal.value.message == TOO_MANY_PIXELS


def test_inspect_upload_refuses_a_file_over_max_bytes() -> None:
    data = encode(picture(), "JPEG")

    with pytest.raises(ImageRefused) as refusal:
        inspect_upload(data, RULES, max_bytes=len(data) - 1)

    assert refusal.value.message.startswith("文件超过 ")
    assert inspect_upload(data, RULES, max_bytes=len(data)).compliant


def test_inspect_upload_refuses_more_pixels_than_asked() -> None:
    with pytest.raises(ImageRefused) as refusal:
        inspect_upload(encode(picture((60, 40)), "JPEG"), RULES, max_pixels=2000)

    assert refusal.value.message == (
        "图片像素数超过 0.2 万像素的上限（文件声明 60×40），请缩小后上传 JPG 图片"
    )


def test_file_object_is_read_from_its_start() -> None:
    upload = io.BytesIO(encode(picture(), "PNG"))
    upload.read()

    assert inspect_upload(upload, RULES).format == "PNG"
    assert_stored_form(to_compliant_jpeg(upload, RULES))


def test_images_module_imports_without_django() -> None:
    probe = (
        "import json, sys, pingxuan.web.materials.images;"
        "print(json.dumps([m for m in sys.modules if m.split('.')[0] == 'django']))"
    )

    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def near(actual: object, expected: tuple[int, ...], tolerance: int = 12) -> bool:
    assert isinstance(actual, tuple)
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


# ── names ───────────────────────────────────────────────────────────────────────────────────


def test_storage_name_is_random_and_ignores_the_upload() -> None:
    names = {storage_name() for _ in range(100)}

    assert len(names) == 100
    assert all(re.fullmatch(r"[0-9a-f]{32}\.jpg", name) for name in names)


@pytest.mark.parametrize(
    ("original", "shown"),
    [
        ("张三-荣誉证书.jpg", "张三-荣誉证书"),
        ("  基础荣誉证书（或表彰决定） ", "基础荣誉证书（或表彰决定）"),
        ("../../x.jpg", "x"),
        ("..\\..\\x.jpg", "x"),
        ("/etc/passwd", "passwd"),
        ("C:\\Users\\clerk\\桌面\\公示证明.PNG", "公示证明"),
        ("证书\x00.php.jpg", "证书 .php"),
        ("证书\n../../etc/cron.d/x", "x"),
        ("第一行\r\n第二行", "第一行 第二行"),
        ("photo\u202egpj.exe", "photo gpj.exe"),
        ("..", "未命名图片"),
        ("", "未命名图片"),
        (".jpg", "未命名图片"),
        ("劳" * 200, "劳" * 80),
    ],
)
def test_display_name_keeps_a_safe_single_line(original: str, shown: str) -> None:
    assert display_name(original) == shown


# ── property ────────────────────────────────────────────────────────────────────────────────

MODES_BY_FORMAT = {
    "JPEG": ["L", "RGB", "CMYK"],
    "PNG": ["1", "L", "LA", "P", "RGB", "RGBA", "I;16"],
    "GIF": ["L", "P"],
    "WEBP": ["RGB", "RGBA"],
    "BMP": ["1", "L", "P", "RGB"],
    "TIFF": ["1", "L", "LA", "P", "RGB", "RGBA", "CMYK", "I;16", "I", "F"],
}
SMALL_RULES = ImageRules(format="JPEG", max_width=40, max_height=60, clause="四")


@st.composite
def uploads(draw: st.DrawFn) -> tuple[bytes, tuple[int, int]]:
    """A noisy picture in a random format and mode, maybe rotated by EXIF; and its upright size."""
    format = draw(st.sampled_from(sorted(MODES_BY_FORMAT)))
    mode = draw(st.sampled_from(MODES_BY_FORMAT[format]))
    width, height = draw(st.integers(1, 150)), draw(st.integers(1, 150))
    noise = random.Random(draw(st.integers(0, 2**32))).randbytes(width * height * 4)
    image = Image.frombytes("RGBA", (width, height), noise)
    image = image.convert("L").convert(mode) if mode in ("I;16", "I", "F") else image.convert(mode)
    orientation = 1
    options: dict[str, object] = {}
    if format in ("JPEG", "PNG", "WEBP"):
        orientation = draw(st.integers(1, 8))
        options["exif"] = exif_with(orientation=orientation, gps=draw(st.booleans()))
    upright = (height, width) if orientation in (5, 6, 7, 8) else (width, height)
    return encode(image, format, **options), upright


@settings(max_examples=120, deadline=None)
@given(uploads())
def test_to_compliant_jpeg_always_complies(upload: tuple[bytes, tuple[int, int]]) -> None:
    data, (width, height) = upload

    image = assert_stored_form(to_compliant_jpeg(data, SMALL_RULES), SMALL_RULES)

    assert image.width <= width and image.height <= height
    if width <= SMALL_RULES.max_width and height <= SMALL_RULES.max_height:
        assert image.size == (width, height)
    else:
        scale = min(SMALL_RULES.max_width / width, SMALL_RULES.max_height / height)
        assert abs(image.width - width * scale) <= 1 and abs(image.height - height * scale) <= 1
