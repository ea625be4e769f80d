"""Typed events, `publish` (outbox row + in-transaction subscribers) and decoding rows back into events."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, ClassVar, TypeVar

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient

from colab.events.models import Delivery, Event
from colab.validation import utcnow


@dataclasses.dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Base of every event: what it is about, who acted, and where it shows in activity feeds.

    Subclasses add their own fields; keep them JSON-native (int, str, bool, None, lists of those; a str enum
    is stored by its value), so `decode` rebuilds the same event from its outbox row."""

    kind: ClassVar[str] = ""
    subject_type: ClassVar[str] = ""
    #: public events (no private data in their payload) feed the activity pages
    public: ClassVar[bool] = False

    subject_id: int
    actor_id: int | None = None
    challenge_id: int | None = None
    project_id: int | None = None

    def payload(self) -> dict[str, Any]:
        """The event's own fields (beyond the base ones), JSON-safe."""
        base = {f.name for f in dataclasses.fields(DomainEvent)}
        return {f.name: _json(getattr(self, f.name)) for f in dataclasses.fields(self) if f.name not in base}


def _json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


E = TypeVar("E", bound=type[DomainEvent])
Subscriber = Callable[[Any, Event], Awaitable[None]]

#: the modules whose import registers subscribers and consumers, named like colab.db.MODEL_MODULES (the core
#: imports no domain); loaded before the first event is published or delivered
HANDLER_MODULES = ["colab.domains"]
_loaded: list[str] = []


def load_handlers() -> None:
    """Import every handler module once, so no event is published before its subscribers are registered."""
    if not _loaded:
        for name in HANDLER_MODULES:
            importlib.import_module(name)
        _loaded.extend(HANDLER_MODULES)


_TYPES: dict[str, type[DomainEvent]] = {}
_SUBSCRIBERS: dict[type[DomainEvent], list[Subscriber]] = {}


def event_type(kind: str, subject_type: str, *, public: bool = False) -> Callable[[E], E]:
    """Declare an event class under a stable kind (the name stored in the outbox)."""

    def register(cls: E) -> E:
        if kind in _TYPES and _TYPES[kind] is not cls:
            raise ValueError(f"event kind {kind!r} is declared twice")
        cls.kind, cls.subject_type, cls.public = kind, subject_type, public
        _TYPES[kind] = cls
        return cls

    return register


def subscribe(*types: type[DomainEvent]) -> Callable[[Subscriber], Subscriber]:
    """Run the decorated coroutine inside the publishing transaction for each event of these types."""

    def register(handler: Subscriber) -> Subscriber:
        for t in types:
            if handler not in _SUBSCRIBERS.setdefault(t, []):
                _SUBSCRIBERS[t].append(handler)
        return handler

    return register


#: run for every event, in its transaction, after its subscribers (the read cache's invalidation registers here)
ON_PUBLISH: list[Callable[[Event], Awaitable[None]]] = []


def subscribers_of(t: type[DomainEvent]) -> list[Subscriber]:
    return list(_SUBSCRIBERS.get(t, []))


async def publish(event: DomainEvent) -> Event:
    """Write the event to the outbox and run its in-transaction subscribers; only inside a transaction,
    so a change without its event (or an event without its change) cannot be committed."""
    if not event.kind:
        raise TypeError(f"{type(event).__name__} is not declared with @event_type")
    load_handlers()
    if not isinstance(connections.get("default"), TransactionalDBClient):
        raise RuntimeError(f"publish({event.kind}) outside a transaction: wrap the change in in_transaction()")
    row = await Event.create(
        kind=event.kind,
        subject_type=event.subject_type,
        subject_id=event.subject_id,
        actor_id=event.actor_id,
        payload=event.payload(),
        public=event.public,
        challenge_id=event.challenge_id,
        project_id=event.project_id,
        created_at=utcnow(),
    )
    for handler in subscribers_of(type(event)):
        await handler(event, row)
    for hook in ON_PUBLISH:
        await hook(row)
    await _schedule_deliveries(row)
    return row


async def _schedule_deliveries(row: Event) -> None:
    """One delivery row per interested after-commit consumer, committed with the event (no gap to miss)."""
    from colab.events.consumers import consumers_of

    wanted = consumers_of(row.kind)
    if wanted:
        await Delivery.bulk_create(
            [Delivery(consumer=c.name, event_id=row.id, next_attempt_at=row.created_at) for c in wanted]
        )


def decode(row: Event) -> DomainEvent:
    """The typed event an outbox row holds."""
    cls = _TYPES.get(row.kind)
    if cls is None:
        raise LookupError(f"unknown event kind {row.kind!r}")
    values = dict(row.payload or {})
    values.update(
        subject_id=row.subject_id, actor_id=row.actor_id, challenge_id=row.challenge_id, project_id=row.project_id
    )
    return cls(**values)
