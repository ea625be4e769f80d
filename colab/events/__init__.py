"""Domain events: typed facts in the lab's words, written to the outbox in the transaction that makes them true.

A service calls `publish(event)` inside its transaction: the `event` row (the outbox) is written with the
change, and the in-transaction subscribers run (what must stay consistent with the change, e.g. notifications).
After the commit, the worker delivers each outbox row to the registered consumers (email, activity, caches).
"""

from colab.events.base import DomainEvent, decode, event_type, publish, subscribe, subscribers_of

__all__ = ["DomainEvent", "decode", "event_type", "publish", "subscribe", "subscribers_of"]
