"""What a request may carry, checked before any page or /graphql reads it: a body of at most 1 MiB
(413, by Content-Length or while a chunked body streams in: never read whole first), and no NUL
character in the address, the query string or a form (400: PostgreSQL refuses NUL in text).
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from colab.api.app import error_body
from colab.errors import ErrorCode
from web.errors import error_page

#: the largest rich-text body (100,000 characters of markup) fits, percent-encoded, with room to spare
MAX_BODY_BYTES = 1024 * 1024
#: the forms that carry a file (multipart: binary bytes, NUL included, in the file's part; the page checks its
#: text fields itself) and the body they may have: the project page's editor, a 5 MiB cover and the page's text
UPLOAD_PATHS = re.compile(r"/projets/[0-9]{1,10}/modifier")
MAX_UPLOAD_BODY_BYTES = 7 * 1024 * 1024
_FORM = b"application/x-www-form-urlencoded"
_MULTIPART = b"multipart/form-data"


class Refused(Exception):
    def __init__(self, status: int, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def too_large(limit: int = MAX_BODY_BYTES) -> Refused:
    return Refused(413, ErrorCode.REQUEST_TOO_LARGE, f"La requête dépasse {limit // (1024 * 1024)} Mio.")


def nul() -> Refused:
    return Refused(400, ErrorCode.BAD_REQUEST, "La requête contient un caractère nul.")


def _has_nul(query_string: bytes) -> bool:
    return b"\x00" in query_string or b"%00" in query_string


class RequestLimits:
    """ASGI middleware: refuses oversized bodies (413) and NUL characters in addresses and forms (400)."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY_BYTES, larger: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_body = max_body
        #: paths allowed a larger body (an upload form), each with its own limit
        self.larger = larger or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        started = False
        upload = scope["method"] == "POST" and UPLOAD_PATHS.fullmatch(scope["path"]) is not None
        max_body = MAX_UPLOAD_BODY_BYTES if upload else self.larger.get(scope["path"], self.max_body)
        try:
            if "\x00" in scope["path"] or _has_nul(scope["query_string"]):
                raise nul()
            length = headers.get(b"content-length", b"0")
            if not length.isdigit():
                raise Refused(400, ErrorCode.BAD_REQUEST, "En-tête Content-Length invalide.")
            # past 18 digits no body fits, and int() refuses strings of over 4,300 digits (a ValueError, a 500)
            if len(length) > 18 or int(length) > max_body:
                raise too_large(max_body)
            kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
            nul_marker = b"%00" if kind == _FORM else b"\x00" if kind == _MULTIPART and not upload else None
            received = 0
            tail = b""

            async def limited_receive() -> Message:
                nonlocal received, tail
                message = await receive()
                if message["type"] == "http.request":
                    chunk = message.get("body", b"")
                    received += len(chunk)
                    if received > max_body:
                        raise too_large(max_body)
                    if nul_marker is not None:
                        if nul_marker in tail + chunk:  # a marker may straddle two chunks
                            raise nul()
                        tail = chunk[-2:]
                return message

            async def watched_send(message: Message) -> None:
                nonlocal started
                started = started or message["type"] == "http.response.start"
                await send(message)

            await self.app(scope, limited_receive, watched_send)
        except Refused as refused:
            if started:  # too late for another answer: let the server close the connection
                raise
            await _answer(scope, receive, send, refused)


async def _answer(scope: Scope, receive: Receive, send: Send, refused: Refused) -> None:
    response: Response
    if scope["path"].startswith("/graphql"):
        response = Response(error_body(refused.message, refused.code), refused.status, media_type="application/json")
    else:
        response = error_page(Request(scope), refused.status, refused.message)
    response.headers["connection"] = "close"  # the rest of an oversized body is not read
    await response(scope, receive, send)
