"""The read cache's front door: an anonymous /graphql read that the cache holds at the current generation is
answered here, before the middleware stack, Starlette's routing and Strawberry, with the stored bytes.

What the stack would have done to such a request is done here too, or the request goes the normal way:
the security headers are added (web/security.py); a body over MAX_BODY, without a Content-Length, or a NUL in
the query string goes the normal way (web/limits.py answers it); /graphql never reads the session cookie
(web/authentication.py), and a request with an Authorization header always goes the normal way. Everything
else (a miss, a document that is not cacheable) continues down the stack with the body read here, and the
plan and generation already found (ColabGraphQL stores the answer at that generation). Requests that miss
while the same answer is being computed at the same generation wait for it instead of computing it again.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from colab.api import cache
from colab.api.app import FRONT_DOOR
from colab.readcache import generation
from colab.readcache.store import Cached, Store
from web.limits import MAX_BODY_BYTES
from web.security import static_headers

#: the front door reads bodies up to this size; larger ones (never cacheable documents) go the normal way
MAX_BODY = 64 * 1024
assert MAX_BODY <= MAX_BODY_BYTES
PATH = "/graphql"
#: how long a request waits for the same answer being computed by another request of this process
COMPUTING_WAIT = 5.0
_JSON = b"application/json"


class ReadCacheFront:
    def __init__(self, app: ASGIApp, *, store: Store, hsts: bool) -> None:
        self.app = app
        self.store = store
        self.security = static_headers(hsts)
        #: the answers this process is computing now, by (key, generation)
        self._computing: dict[tuple[str, int], asyncio.Future[None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH:
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        found: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            if name == b"authorization":
                await self.app(scope, receive, send)
                return
            found.setdefault(name, value)  # the first of repeated headers, as Starlette's `headers.get` reads
        accept, content_type = found.get(b"accept", b""), found.get(b"content-type", b"")
        if_none_match, declared = found.get(b"if-none-match", b""), found.get(b"content-length", b"")
        length = int(declared) if declared.isdigit() and len(declared) < 10 else -1
        if method == "POST":
            if not content_type.startswith(_JSON) or not 0 <= length <= MAX_BODY:
                await self.app(scope, receive, send)
                return
            body, disconnected = await _read_body(receive, length)
            if disconnected:
                return
            raw = body
        elif method == "GET":
            raw = scope["query_string"]
            if b"\x00" in raw or b"%00" in raw:
                await self.app(scope, receive, send)
                return
            body = b""
        else:
            await self.app(scope, receive, send)
            return
        plan = cache.plan_for(method, raw, accept.decode("latin-1"))
        now = None
        if plan is not None:
            now = await generation.current()
            hit = await self.store.get(plan.key, now)
            if hit is None and (plan.key, now) in self._computing:
                hit = await self._after_computed(plan.key, now)
            if hit is not None:
                await self._answer(send, hit, plan.conditional, if_none_match)
                return
        scope[FRONT_DOOR] = (plan, now)
        forward = _replay(body, receive) if method == "POST" else receive
        if plan is None or now is None:
            await self.app(scope, forward, send)
            return
        if (plan.key, now) in self._computing:  # waited too long for another computation: compute it too
            await self.app(scope, forward, send)
            return
        computed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._computing[(plan.key, now)] = computed
        try:
            await self.app(scope, forward, send)  # ColabGraphQL stores the answer before it sends it
        finally:
            del self._computing[(plan.key, now)]
            computed.set_result(None)

    async def _after_computed(self, key: str, now: int) -> Cached | None:
        """The same answer is being computed at this very generation: wait for it rather than compute it again
        (after an event, every client of a popular list misses at once). Served only if it was stored at that
        generation, exactly as a hit a moment later would be; after COMPUTING_WAIT, compute it here too."""
        try:
            await asyncio.wait_for(asyncio.shield(self._computing[(key, now)]), COMPUTING_WAIT)
        except TimeoutError:
            return None
        return await self.store.get(key, now)

    async def _answer(self, send: Send, hit: Cached, conditional: bool, if_none_match: bytes) -> None:
        headers = [(b"cache-control", b"no-cache"), (b"x-colab-cache", b"hit"), *self.security]
        if conditional:
            etag = hit.etag.encode()
            headers.append((b"etag", etag))
            if if_none_match.decode("latin-1") == hit.etag:
                await send({"type": "http.response.start", "status": 304, "headers": headers})
                await send({"type": "http.response.body", "body": b""})
                return
        headers.append((b"content-length", str(len(hit.body)).encode()))
        headers.append((b"content-type", hit.media_type.encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": hit.body})


async def _read_body(receive: Receive, length: int) -> tuple[bytes, bool]:
    """The whole body (at most `length` + one chunk: the Content-Length was checked), or a disconnect."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"", True
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), False


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body read here, then the client's own messages (a disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
