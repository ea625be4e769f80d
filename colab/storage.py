"""Where uploaded files live: a small interface the domain writes to, files on disk by default (S3 later).

Stored names are random, never the uploader's: a key is `<folder>/<32 hex digits>.<extension>`, checked again on
every read so that no key reaches outside the storage's root.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
from pathlib import Path
from typing import Protocol

_KEY = re.compile(r"^[a-z]{1,20}/[0-9a-f]{32}\.(webp|jpg|png)$")
_FOLDER = re.compile(r"^[a-z]{1,20}$")

#: what a stored file is served as, by its extension (the only extensions a key may have)
MEDIA_TYPES = {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}


def valid_key(key: str) -> bool:
    return _KEY.fullmatch(key) is not None


def new_key(folder: str, extension: str) -> str:
    if not _FOLDER.fullmatch(folder) or extension not in MEDIA_TYPES:
        raise ValueError(f"no key for {folder!r} / {extension!r}")
    return f"{folder}/{secrets.token_hex(16)}.{extension}"


class Storage(Protocol):
    """Stores bytes under keys it makes up."""

    async def save(self, folder: str, extension: str, data: bytes) -> str:
        """Store the bytes under a new random key, and return it."""
        ...

    async def read(self, key: str) -> bytes | None:
        """The stored bytes, or None (unknown or malformed key)."""
        ...

    async def delete(self, key: str) -> None:
        """Forget the file (a missing one is fine)."""
        ...


class DiskStorage:
    """Files under one folder (var/uploads by default); written whole under a temporary name, then renamed."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path | None:
        return self.root / key if valid_key(key) else None

    async def save(self, folder: str, extension: str, data: bytes) -> str:
        key = new_key(folder, extension)
        path = self.root / key
        await asyncio.to_thread(_write, path, data)
        return key

    async def read(self, key: str) -> bytes | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            return None

    async def delete(self, key: str) -> None:
        path = self._path(key)
        if path is not None:
            await asyncio.to_thread(path.unlink, True)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    with open(partial, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)


#: where the web serves stored files (web/pages/uploads.py)
SERVED_AT = "/fichiers/"


def public_path(key: str) -> str:
    return SERVED_AT + key
