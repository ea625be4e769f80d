"""The registries of what runs after the commit: consumers of events (`@consumer`) and timed jobs (`@job`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from colab.events.base import DomainEvent
from colab.events.models import Event

Handler = Callable[[Any, Event], Awaitable[None]]
#: a consumer meeting an event for the first time replays from the start of the outbox, or only takes new ones
FROM_START, FROM_NOW = "start", "now"


@dataclass(frozen=True)
class Consumer:
    name: str
    handle: Handler
    #: the event kinds it takes (None: every kind)
    kinds: frozenset[str] | None
    replay: str

    def wants(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[datetime], Awaitable[None]]


CONSUMERS: dict[str, Consumer] = {}
JOBS: dict[str, Job] = {}


def consumer(name: str, *types: type[DomainEvent], replay: str = FROM_START) -> Callable[[Handler], Handler]:
    """Deliver each committed event of these types (all, if none given) at least once to the decorated coroutine,
    in a worker: it must be idempotent (the same event may come twice after a crash)."""
    if len(name) > 40 or replay not in (FROM_START, FROM_NOW):
        raise ValueError(f"bad consumer {name!r}")

    def register(handle: Handler) -> Handler:
        if name in CONSUMERS and CONSUMERS[name].handle is not handle:
            raise ValueError(f"consumer {name!r} is declared twice")
        kinds = frozenset(t.kind for t in types) if types else None
        CONSUMERS[name] = Consumer(name, handle, kinds, replay)
        return handle

    return register


def job(name: str, every: timedelta) -> Callable[[Callable[[datetime], Awaitable[None]]], Any]:
    """Run the decorated coroutine (given the time) about every `every`, in one worker at a time."""

    def register(run: Callable[[datetime], Awaitable[None]]) -> Callable[[datetime], Awaitable[None]]:
        if name in JOBS and JOBS[name].run is not run:
            raise ValueError(f"job {name!r} is declared twice")
        JOBS[name] = Job(name, every, run)
        return run

    return register


def consumers_of(kind: str) -> list[Consumer]:
    return [c for c in CONSUMERS.values() if c.wants(kind)]
