"""Per-request DataLoaders, declared by each domain module: every relation resolves in one query per level,
whatever the page size.

A domain declares `THING = by_id(Thing)` or `THINGS_OF_X = grouped(service_batch_function)` once, at import;
a resolver asks `info.context.loaders[THING].load(pk)`. The first use in a request builds the loader, so a
request pays only for the loaders it uses and no central list must grow with each domain.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from colab.actors import ANONYMOUS, Actor

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
ModelT = TypeVar("ModelT", bound=Model)


class PerRequest(Generic[T]):
    """Something built once per request on first use (a DataLoader, a memo of the actor's roles)."""

    def __init__(self, build: Callable[[Actor, bool], T], name: str = "") -> None:
        self.build = build
        self.name = name

    def __repr__(self) -> str:
        return f"PerRequest({self.name or self.build!r})"


def batch(load: Callable[[Sequence[K]], Awaitable[Sequence[V]]], name: str = "") -> PerRequest[DataLoader[K, V]]:
    """A DataLoader over a batch function returning one value per key, in the order asked."""
    return PerRequest(lambda _actor, cache: DataLoader(load_fn=load, cache=cache), name or load.__qualname__)


def by_id(model: type[ModelT]) -> PerRequest[DataLoader[int, ModelT | None]]:
    """Rows of `model` by primary key (None for a missing one)."""

    async def load(ids: Sequence[int]) -> list[ModelT | None]:
        found = {row.pk: row for row in await model.filter(pk__in=list(ids))}
        return [found.get(i) for i in ids]

    return batch(load, f"by_id({model.__name__})")


def grouped(fetch: Callable[[list[int]], Awaitable[Mapping[int, T]]]) -> PerRequest[DataLoader[int, T]]:
    """Over a service's batch function returning {key: value} with every key present (e.g. a default dict)."""

    async def load(keys: Sequence[int]) -> list[T]:
        found = await fetch(list(keys))
        return [found[k] for k in keys]

    return batch(load, fetch.__qualname__)


def optional(fetch: Callable[[list[int]], Awaitable[Mapping[int, T]]]) -> PerRequest[DataLoader[int, T | None]]:
    """Over a service's batch function returning {key: value} for the keys that have one."""

    async def load(keys: Sequence[int]) -> list[T | None]:
        found = await fetch(list(keys))
        return [found.get(k) for k in keys]

    return batch(load, fetch.__qualname__)


class Loaders:
    """The loaders of one request (or of one WebSocket connection, which does not cache between events)."""

    def __init__(self, actor: Actor = ANONYMOUS, cache: bool = True) -> None:
        self.actor = actor
        self.cache = cache
        self._built: dict[PerRequest[Any], Any] = {}

    def __getitem__(self, key: PerRequest[T]) -> T:
        if key not in self._built:
            self._built[key] = key.build(self.actor, self.cache)
        built: T = self._built[key]
        return built

    def forget(self, key: PerRequest[Any]) -> None:
        """Drop what `key` built (after a mutation that changes it), so the next use reads again."""
        self._built.pop(key, None)
