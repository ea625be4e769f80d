"""Uploaded files, served from the storage: only well-formed keys, an image type told by the key's extension
(the file was re-encoded to that type), cached for good (a stored name is never reused for other content)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from colab.storage import MEDIA_TYPES, DiskStorage, Storage, valid_key

CACHE_FOREVER = "public, max-age=31536000, immutable"


def storage_of(request: Request) -> Storage:
    """The lab's storage of uploads (files under UPLOAD_DIR)."""
    return DiskStorage(request.app.state.settings.upload_dir)


async def stored_file(request: Request) -> Response:
    key = str(request.path_params["key"])
    data = await storage_of(request).read(key) if valid_key(key) else None
    if data is None:
        raise HTTPException(404, "Ce fichier n'existe pas.")
    media_type = MEDIA_TYPES[key.rsplit(".", 1)[1]]
    return Response(data, media_type=media_type, headers={"Cache-Control": CACHE_FOREVER})


ROUTES: list[BaseRoute] = [Route("/fichiers/{key:path}", stored_file, name="stored_file")]
