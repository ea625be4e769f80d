"""Uploaded images, made safe to store and serve: size read with a ceiling, type told by the content (JPEG, PNG,
WebP; never SVG nor the file's name), pixels counted before decoding (decompression bombs), then re-encoded by
Pillow into a fresh WebP: no EXIF, GPS, ICC or comment survives, and the image fits a bounded box."""

from __future__ import annotations

import asyncio
import io
import threading
import warnings
from dataclasses import dataclass
from typing import Protocol

from PIL import Image, ImageOps, UnidentifiedImageError

from colab.errors import ColabError, ErrorCode

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: a 40-megapixel photo is fine; more is a bomb or nothing a page needs
MAX_PIXELS = 40_000_000
#: covers are shown at most this wide / high
MAX_SIDE = 1600
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
_CHUNK = 64 * 1024
#: decoding a large photo takes memory and a core: at most two at once per process, the others wait their turn
_DECODERS = threading.BoundedSemaphore(2)


class Upload(Protocol):
    """An uploaded file being read (Starlette's UploadFile is one)."""

    async def read(self, size: int = -1) -> bytes: ...


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    width: int
    height: int
    extension: str = "webp"


def too_large(field: str) -> ColabError:
    return ColabError(ErrorCode.IMAGE_TOO_LARGE, f"L'image dépasse {MAX_UPLOAD_BYTES // (1024 * 1024)} Mio.", field)


async def read_limited(upload: Upload, field: str, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The upload's bytes; refused as soon as more than `limit` came in (never read whole first)."""
    parts: list[bytes] = []
    size = 0
    while chunk := await upload.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise too_large(field)
        parts.append(chunk)
    return b"".join(parts)


def _unsupported(field: str) -> ColabError:
    return ColabError(ErrorCode.IMAGE_UNSUPPORTED, "Envoyez une image JPEG, PNG ou WebP.", field)


def _reencoded(data: bytes, field: str, max_side: int) -> CleanImage:
    with _DECODERS:
        return _decoded_and_encoded(data, field, max_side)


def _decoded_and_encoded(data: bytes, field: str, max_side: int) -> CleanImage:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # formats=: Pillow tries only these decoders, whatever the name or the declared type says
            with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as source:
                if source.width * source.height > MAX_PIXELS:  # read from the header, before decoding anything
                    raise ColabError(
                        ErrorCode.IMAGE_TOO_MANY_PIXELS,
                        f"L'image compte trop de pixels ({source.width} × {source.height}).",
                        field,
                    )
                source.seek(0)  # an animation: its first frame
                # a JPEG decodes straight at a reduced scale (1/2 … 1/8) when it is much larger than needed
                source.draft("RGB", (max_side, max_side))
                source.load()
                upright = ImageOps.exif_transpose(source)  # turn it as the camera meant, before EXIF goes
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
            raise ColabError(ErrorCode.IMAGE_TOO_MANY_PIXELS, "L'image compte trop de pixels.", field) from bomb
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as unreadable:
            raise _unsupported(field) from unreadable
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    # a new image holding only the pixels: no metadata can follow
    pixels = upright.convert("RGBA" if has_alpha else "RGB")
    clean = Image.new(pixels.mode, pixels.size)
    clean.paste(pixels)
    clean.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    clean.save(out, format="WEBP", quality=82, method=4)
    return CleanImage(out.getvalue(), clean.width, clean.height)


async def clean_image(data: bytes, field: str = "cover", max_side: int = MAX_SIDE) -> CleanImage:
    """The image re-encoded without metadata, within `max_side`; typed errors for anything else (off the loop)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise too_large(field)
    if not data:
        raise _unsupported(field)
    return await asyncio.to_thread(_reencoded, data, field, max_side)
