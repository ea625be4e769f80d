"""Uploaded images: read with a ceiling, typed by their content, bombs refused, re-encoded without metadata."""

import io
import struct
import zlib

import pytest
from PIL import Image

from colab.errors import ColabError, ErrorCode
from colab.images import MAX_SIDE, MAX_UPLOAD_BYTES, clean_image, read_limited


def picture(fmt: str = "JPEG", size: tuple[int, int] = (800, 600), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, format=fmt, **save)
    return out.getvalue()


def gps_jpeg() -> bytes:
    """A JPEG whose EXIF says where it was taken, by whom, and that it is turned."""
    exif = Image.Exif()
    exif[0x010F] = "Appareil de Léa"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90°
    exif[0x8825] = {1: "N", 2: (50.0, 28.0, 0.0), 3: "E", 4: (4.0, 52.0, 0.0)}  # GPS IFD: Namur
    return picture("JPEG", (300, 200), exif=exif.tobytes())


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A tiny PNG that claims to hold 900 million pixels (one compressed row repeated)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(200)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


class FakeUpload:
    def __init__(self, data: bytes) -> None:
        self.stream = io.BytesIO(data)
        self.read_bytes = 0

    async def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.read_bytes += len(chunk)
        return chunk


async def test_a_photo_is_reencoded_as_webp_within_bounds() -> None:
    clean = await clean_image(picture("PNG", (4000, 1000)))
    image = Image.open(io.BytesIO(clean.data))
    assert image.format == "WEBP" and image.size == (MAX_SIDE, 400) == (clean.width, clean.height)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
async def test_jpeg_png_and_webp_are_accepted(fmt: str) -> None:
    assert (await clean_image(picture(fmt))).width == 800


async def test_gps_and_camera_exif_are_stripped_and_the_picture_turned_upright() -> None:
    source = gps_jpeg()
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(0x8825)  # the fixture does carry GPS
    clean = await clean_image(source)
    image = Image.open(io.BytesIO(clean.data))
    assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
    assert b"Appareil" not in clean.data
    assert image.size == (200, 300)  # the orientation was applied before the EXIF went


async def test_a_png_decompression_bomb_is_refused_before_decoding() -> None:
    bomb = png_bomb()
    assert len(bomb) < 100_000
    with pytest.raises(ColabError) as refused:
        await clean_image(bomb)
    assert refused.value.code is ErrorCode.IMAGE_TOO_MANY_PIXELS and refused.value.field == "cover"


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"GIF89a" + b"\x00" * 40,
        b"%PDF-1.7 not an image",
        b"\x89PNG\r\n\x1a\n truncated",
        b"",
    ],
    ids=["svg", "gif", "pdf", "broken-png", "empty"],
)
async def test_anything_but_jpeg_png_or_webp_is_refused(data: bytes) -> None:
    with pytest.raises(ColabError) as refused:
        await clean_image(data)
    assert refused.value.code is ErrorCode.IMAGE_UNSUPPORTED


async def test_a_gif_named_jpeg_is_still_a_gif() -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ColabError) as refused:
        await clean_image(out.getvalue())
    assert refused.value.code is ErrorCode.IMAGE_UNSUPPORTED


async def test_an_oversized_upload_stops_being_read_at_the_ceiling() -> None:
    upload = FakeUpload(b"\xff" * (MAX_UPLOAD_BYTES * 3))
    with pytest.raises(ColabError) as refused:
        await read_limited(upload, "cover")
    assert refused.value.code is ErrorCode.IMAGE_TOO_LARGE
    assert upload.read_bytes <= MAX_UPLOAD_BYTES + 64 * 1024


async def test_an_upload_within_the_ceiling_is_read_whole() -> None:
    data = picture()
    assert await read_limited(FakeUpload(data), "cover") == data


async def test_too_many_bytes_are_refused_before_decoding() -> None:
    with pytest.raises(ColabError) as refused:
        await clean_image(b"\x00" * (MAX_UPLOAD_BYTES + 1))
    assert refused.value.code is ErrorCode.IMAGE_TOO_LARGE


async def test_a_large_jpeg_is_decoded_at_a_reduced_scale_and_fits_the_box() -> None:
    clean = await clean_image(picture("JPEG", (4000, 3000), quality=60))
    assert (clean.width, clean.height) == (MAX_SIDE, 1200)
