"""Where cached answers live: in the process by default, in Redis when REDIS_URL is set (shared by processes).

A stored answer carries the generation it was computed at (colab/readcache/generation.py); the store is only
a bounded memory, never the judge of freshness: it hands out an answer only at the generation asked for, the
one the caller has just read from the database. Entries expire after a while to free room, not to be fresh.
With Redis, each process keeps the answers it fetched in a small memory of its own too: an answer stored at
generation g is the same bytes wherever it sits, so a hit at the current generation needs no trip to Redis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from cachetools import LRUCache
from redis.asyncio import Redis

#: how long a stored answer may stay unused in Redis (room, not freshness)
REDIS_TTL_SECONDS = 600
MEMORY_ENTRIES = 2048
#: each process's own copies of Redis answers
LOCAL_ENTRIES = 512


@dataclass(frozen=True)
class Cached:
    generation: int
    body: bytes
    media_type: str
    etag: str


class Store(Protocol):
    async def get(self, key: str, generation: int) -> Cached | None:
        """The answer stored under `key` if it was computed at `generation`, else None."""
        ...

    async def put(self, key: str, value: Cached) -> None: ...

    async def close(self) -> None: ...


class MemoryStore:
    def __init__(self, size: int = MEMORY_ENTRIES) -> None:
        self._entries: LRUCache[str, Cached] = LRUCache(maxsize=size)

    def peek(self, key: str, generation: int) -> Cached | None:
        found = self._entries.get(key)
        return found if found is not None and found.generation == generation else None

    async def get(self, key: str, generation: int) -> Cached | None:
        return self.peek(key, generation)

    async def put(self, key: str, value: Cached) -> None:
        self._entries[key] = value

    async def close(self) -> None:
        self._entries.clear()


def _encode(value: Cached) -> bytes:
    # "<generation> <etag> <media type>\n<body>": the etag (W/"g-hex") and the media type hold no space
    return f"{value.generation} {value.etag} {value.media_type}\n".encode() + value.body


def _decode(raw: bytes) -> Cached | None:
    head, _, body = raw.partition(b"\n")
    parts = head.decode().split(" ", 2)
    if len(parts) != 3 or not parts[0].isdigit():  # written by an older version: computed again
        return None
    return Cached(generation=int(parts[0]), body=body, media_type=parts[2], etag=parts[1])


class RedisStore:
    def __init__(self, url: str, prefix: str, local: int = LOCAL_ENTRIES) -> None:
        self._redis: Redis = Redis.from_url(url)
        self._prefix = prefix
        self._local = MemoryStore(local)

    async def get(self, key: str, generation: int) -> Cached | None:
        found = self._local.peek(key, generation)
        if found is not None:
            return found
        raw = await self._redis.get(self._prefix + key)
        if not isinstance(raw, bytes):
            return None
        found = _decode(raw)
        if found is None or found.generation != generation:
            return None
        await self._local.put(key, found)
        return found

    async def put(self, key: str, value: Cached) -> None:
        await self._local.put(key, value)
        await self._redis.set(self._prefix + key, _encode(value), ex=REDIS_TTL_SECONDS)

    async def close(self) -> None:
        await self._local.close()
        await self._redis.aclose()


def store_for(redis_url: str, prefix: str) -> Store:
    return RedisStore(redis_url, prefix) if redis_url else MemoryStore()
