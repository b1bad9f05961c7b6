"""Uploaded material images: refuse what must not be decoded, say what keeps the rest from
complying with the notice's image rules, and re-encode every stored image from its pixels.

Pillow decodes; this module decides what it may decode. The byte size and the pixel count a header
declares are checked before any pixel is decoded, and only the formats a clerk plausibly uploads are
tried (never EPS, which Pillow hands to Ghostscript). Nothing here reads or changes Pillow's
process-wide settings except to refuse to run when truncated images would be accepted, and Django is
not imported, so views, commands and tests get the same answers.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import uuid
from dataclasses import dataclass
from typing import BinaryIO

from PIL import ExifTags, Image, ImageFile, UnidentifiedImageError

from pingxuan.core.spec.models import ImageRules

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A header declaring more is refused before decoding: a 24-megapixel phone photo fits, a bomb does
# not. Pillow's own limit (~89 megapixels) is process-wide and can be switched off by anyone.
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85
DISPLAY_NAME_LENGTH = 80

# The only plugins Pillow may try, by content; every other format is "not a picture".
READABLE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF")

# EXIF orientation -> the transposition that makes the pixels upright (ImageOps.exif_transpose's).
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
SIDEWAYS = frozenset({5, 6, 7, 8})

EMPTY = "文件为空，请重新上传 JPG 图片"
NOT_A_PICTURE = "文件不是图片（按文件内容识别，与文件名无关），或图片已损坏；请上传 JPG 图片"
SEVERAL_FRAMES = "图片包含多帧（动图或多页文件），请上传单张 JPG 图片"
CORRUPT = "图片文件已损坏或不完整，请重新导出为 JPG 图片后上传"
ROTATED = "图片按 EXIF 信息需要旋转"


class ImageRefused(ValueError):
    """An upload that cannot become a material image; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Inspection:
    """What an upload is by content, and what conversion would change to make it comply."""

    format: str  # Pillow's name, by content: JPEG, PNG, GIF, WEBP, BMP or TIFF
    size: tuple[int, int]  # (width, height) as stored, before any EXIF rotation
    orientation: int  # EXIF orientation 1–8; 1 when absent or unreadable
    has_exif: bool
    has_gps: bool
    problems: tuple[str, ...]  # what conversion fixes, in Chinese; empty when compliant

    @property
    def compliant(self) -> bool:
        """A JPEG within the size limits that shows upright without EXIF rotation."""
        return not self.problems

    @property
    def upright_size(self) -> tuple[int, int]:
        """(width, height) as the picture is seen, after EXIF rotation."""
        width, height = self.size
        return (height, width) if self.orientation in SIDEWAYS else (width, height)


def inspect_upload(
    data: bytes | BinaryIO,
    rules: ImageRules,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_pixels: int = MAX_PIXELS,
) -> Inspection:
    """Identify an upload by its content and list what conversion would fix.

    A file object is read from its start, at most ``max_bytes + 1`` bytes. Raises ``ImageRefused``
    for what cannot become a material image: empty, too many bytes, not a picture, too many pixels
    (checked on the header, before decoding), several frames, truncated or corrupt.
    """
    return _decode(_read(data, max_bytes), rules, max_pixels)[1]


def to_compliant_jpeg(
    data: bytes | BinaryIO,
    rules: ImageRules,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_pixels: int = MAX_PIXELS,
) -> bytes:
    """The upload re-encoded from its pixels as a baseline JPEG that complies with ``rules``.

    Upright by EXIF, RGB with transparency flattened onto white, shrunk (never enlarged) to fit
    ``max_width`` × ``max_height``. The output carries no EXIF, GPS, ICC, XMP or comment and ends
    at the JPEG end marker; colours are taken as sRGB (an embedded profile is dropped, not
    applied). Every stored image goes through here, compliant or not. The checks of
    ``inspect_upload`` run again first (and raise ``ImageRefused`` alike), so nothing unchecked is
    ever decoded.
    """
    image, inspection = _decode(_read(data, max_bytes), rules, max_pixels)
    # The orientation was read once, by the inspection. ImageOps.exif_transpose would parse the
    # EXIF again and re-serialise it, which fails on some cameras' maker notes, for metadata
    # that is dropped anyway.
    if inspection.orientation in UPRIGHT:
        image = image.transpose(UPRIGHT[inspection.orientation])
    flat = _on_white(_eight_bit(image))
    flat.thumbnail((rules.max_width, rules.max_height), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    flat.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return output.getvalue()


def storage_name() -> str:
    """A fresh random file name for a stored image: the clerk's file name never reaches a path."""
    return f"{uuid.uuid4().hex}.jpg"


_SEPARATORS = re.compile(r"[\\/]")
_IMAGE_EXTENSION = re.compile(r"\.(jpe?g|jfif|png|gif|webp|bmp|tiff?|heic|heif)$", re.IGNORECASE)


def display_name(
    original: str, *, fallback: str = "未命名图片", max_length: int = DISPLAY_NAME_LENGTH
) -> str:
    """A clerk's title or file name made fit to show next to the image.

    Keeps the last path component, turns control and invisible format characters (NUL, newlines,
    right-to-left overrides) into spaces, collapses whitespace, drops an image extension and cuts
    to ``max_length`` characters; Chinese is kept as typed. For display only: HTML escaping is the
    template's job, and storage paths come from ``storage_name``.
    """
    text = "".join(
        " " if unicodedata.category(char)[0] == "C" or char in "\u2028\u2029" else char
        for char in unicodedata.normalize("NFC", original)
    )
    text = " ".join(_SEPARATORS.split(text)[-1].split())
    text = _IMAGE_EXTENSION.sub("", text).strip(" .")
    text = text[:max_length].rstrip(" .")
    return text or fallback


def _read(data: bytes | BinaryIO, max_bytes: int) -> bytes:
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data[: max_bytes + 1])
    else:
        if data.seekable():
            data.seek(0)
        raw = data.read(max_bytes + 1)
    if not raw:
        raise ImageRefused(EMPTY)
    if len(raw) > max_bytes:
        raise ImageRefused(f"文件超过 {max_bytes / 2**20:g} MB，请压缩后上传 JPG 图片")
    return raw


def _decode(raw: bytes, rules: ImageRules, max_pixels: int) -> tuple[Image.Image, Inspection]:
    """The image decoded (JPEG at a reduced scale where conversion would shrink it anyway), and
    its inspection."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError(
            "PIL.ImageFile.LOAD_TRUNCATED_IMAGES 被设为 True：截断的图片会被当作完整图片，"
            "请勿修改该设置"
        )
    image = _open(raw, max_pixels)
    size = image.size
    if min(size) < 1:  # Pillow refuses such headers itself today; a zero would divide below
        raise ImageRefused(CORRUPT)
    if size[0] * size[1] > max_pixels:
        raise ImageRefused(_too_many_pixels(max_pixels, size))
    # MPO is a JPEG with more pictures appended (stereo or depth maps from cameras and phones);
    # every viewer shows the first, which is the one decoded here.
    content_format = "JPEG" if image.format == "MPO" else str(image.format)
    if content_format != "JPEG" and _is_animated(image):
        raise ImageRefused(SEVERAL_FRAMES)
    image.draft(None, _draft_size(size, rules))
    try:
        image.load()
    except Exception as error:  # Pillow's decoders raise OSError, ValueError, EOFError …
        raise ImageRefused(CORRUPT) from error
    orientation, has_exif, has_gps = _metadata(image)
    problems = []
    if content_format != rules.format:
        problems.append(f"图片为 {content_format} 格式")
    width, height = (size[1], size[0]) if orientation in SIDEWAYS else size
    if width > rules.max_width or height > rules.max_height:
        problems.append(f"图片尺寸 {width}×{height} 超过 {rules.max_width}×{rules.max_height}")
    if orientation in UPRIGHT:
        problems.append(ROTATED)
    inspection = Inspection(
        format=content_format,
        size=size,
        orientation=orientation,
        has_exif=has_exif,
        has_gps=has_gps,
        problems=tuple(problems),
    )
    return image, inspection


def _open(raw: bytes, max_pixels: int) -> ImageFile.ImageFile:
    """The image with its header read and no pixel decoded (``Image.open`` is lazy)."""
    try:
        return Image.open(io.BytesIO(raw), formats=READABLE_FORMATS)
    except UnidentifiedImageError as error:
        raise ImageRefused(NOT_A_PICTURE) from error
    # Pillow's own check, which warns past its global limit (an error when warnings are errors,
    # as in the tests) and refuses past twice that.
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRefused(_too_many_pixels(max_pixels)) from error
    except Exception as error:  # a recognised header that its plugin cannot parse
        raise ImageRefused(CORRUPT) from error


def _is_animated(image: ImageFile.ImageFile) -> bool:
    # GIF, PNG (APNG), WebP and TIFF answer by reading the next frame's header, not its pixels.
    try:
        return bool(getattr(image, "is_animated", False))
    except Exception as error:
        raise ImageRefused(CORRUPT) from error


def _too_many_pixels(max_pixels: int, size: tuple[int, int] | None = None) -> str:
    declared = f"（文件声明 {size[0]}×{size[1]}）" if size else ""
    limit = f"{max_pixels / 10_000:g} 万"
    return f"图片像素数超过 {limit}像素的上限{declared}，请缩小后上传 JPG 图片"


def _draft_size(size: tuple[int, int], rules: ImageRules) -> tuple[int, int]:
    """The least size a JPEG may be decoded at: twice what conversion keeps, either way up (the
    reducing gap of Pillow's own ``thumbnail``), so scaled decoding loses no detail that is kept."""
    width, height = size
    scale = max(
        min(rules.max_width / width, rules.max_height / height),
        min(rules.max_height / width, rules.max_width / height),
    )
    if scale >= 0.5:
        return size
    return math.ceil(width * scale * 2), math.ceil(height * scale * 2)


def _metadata(image: Image.Image) -> tuple[int, bool, bool]:
    """EXIF orientation, whether there is EXIF, whether it has GPS.

    Unreadable EXIF counts as present, with GPS, and upright: the re-encode drops it either way, and
    rotating by a guess would be worse than not rotating.
    """
    try:
        exif = image.getexif()
        orientation = exif.get(ExifTags.Base.Orientation, 1)
        has_gps = ExifTags.IFD.GPSInfo in exif
        has_exif = bool(image.info.get("exif")) or ExifTags.IFD.Exif in exif or has_gps
    except Exception:  # hostile EXIF makes Pillow's TIFF-structure parser raise many types
        return 1, True, True
    if not isinstance(orientation, int) or orientation not in UPRIGHT:
        orientation = 1
    return orientation, has_exif, has_gps


def _eight_bit(image: Image.Image) -> Image.Image:
    """Samples deeper than 8 bits (16-bit grey PNG or TIFF, integer or float TIFF) scaled onto
    0–255: Pillow's plain conversion would clip a 16-bit scan to white."""
    if image.mode not in ("I", "F") and not image.mode.startswith("I;16"):
        return image
    wide = image.convert("F")
    top = 65535 if image.mode.startswith("I;16") else max(float(wide.getextrema()[1]), 1.0)
    return wide.point(lambda value: value * (255 / top)).convert("L")


def _on_white(image: Image.Image) -> Image.Image:
    """A new RGB image of the pixels, transparency flattened onto white paper; being new, it
    carries none of the upload's metadata (Pillow's JPEG writer would keep a comment)."""
    rgba = image.convert("RGBA")
    flat = Image.new("RGB", image.size, "white")
    flat.paste(rgba, mask=rgba)
    return flat
