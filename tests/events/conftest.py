"""Test consumers: registered for one test, then removed (the registry is global)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from tortoise.transactions import in_transaction

from colab.events import DomainEvent, event_type, publish
from colab.events.consumers import CONSUMERS, FROM_START, Consumer, Handler
from colab.events.models import Event


@event_type("test.happened", "test")
@dataclass(frozen=True, kw_only=True)
class Happened(DomainEvent):
    n: int = 0


async def happened(n: int) -> Event:
    async with in_transaction():
        return await publish(Happened(subject_id=n, n=n))


class Consumers:
    def __init__(self) -> None:
        self.names: list[str] = []

    def add(self, name: str, handle: Handler, *, replay: str = FROM_START) -> None:
        CONSUMERS[name] = Consumer(name, handle, frozenset({Happened.kind}), replay)
        self.names.append(name)


@pytest.fixture
def consumers() -> Iterator[Consumers]:
    registry = Consumers()
    yield registry
    for name in registry.names:
        CONSUMERS.pop(name, None)
