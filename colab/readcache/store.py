"""Where cached answers live: in the process by default, in Redis when REDIS_URL is set (shared by processes).

A stored answer carries the generation it was computed at (colab/readcache/generation.py); the store is only
a bounded memory, never the judge of freshness: entries expire after a while to free room, not to be fresh.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol

from cachetools import LRUCache
from redis.asyncio import Redis

#: how long a stored answer may stay unused in Redis (room, not freshness)
REDIS_TTL_SECONDS = 600
MEMORY_ENTRIES = 2048


@dataclass(frozen=True)
class Cached:
    generation: int
    body: bytes
    media_type: str
    etag: str


class Store(Protocol):
    async def get(self, key: str) -> Cached | None: ...

    async def put(self, key: str, value: Cached) -> None: ...

    async def close(self) -> None: ...


class MemoryStore:
    def __init__(self, size: int = MEMORY_ENTRIES) -> None:
        self._entries: LRUCache[str, Cached] = LRUCache(maxsize=size)

    async def get(self, key: str) -> Cached | None:
        return self._entries.get(key)

    async def put(self, key: str, value: Cached) -> None:
        self._entries[key] = value

    async def close(self) -> None:
        self._entries.clear()


class RedisStore:
    def __init__(self, url: str, prefix: str) -> None:
        self._redis: Redis = Redis.from_url(url)
        self._prefix = prefix

    async def get(self, key: str) -> Cached | None:
        raw = await self._redis.get(self._prefix + key)
        if not isinstance(raw, bytes):
            return None
        head, _, body = raw.partition(b"\n")
        meta = json.loads(head)
        return Cached(generation=meta["g"], body=body, media_type=meta["m"], etag=meta["e"])

    async def put(self, key: str, value: Cached) -> None:
        head = json.dumps({"g": value.generation, "m": value.media_type, "e": value.etag}).encode()
        await self._redis.set(self._prefix + key, head + b"\n" + value.body, ex=REDIS_TTL_SECONDS)

    async def close(self) -> None:
        await self._redis.aclose()


def store_for(redis_url: str, prefix: str) -> Store:
    return RedisStore(redis_url, prefix) if redis_url else MemoryStore()
