"""The outbox: every domain event, written in the transaction of the change it records."""

from __future__ import annotations

from enum import Enum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class Event(Model):
    id = fields.IntField(primary_key=True)
    #: the event's type, e.g. "idea.submitted"
    kind = fields.CharField(max_length=60)
    #: what the event is about, e.g. ("idea", 12)
    subject_type = fields.CharField(max_length=30)
    subject_id = fields.IntField()
    #: who acted (null for the lab itself: the worker, a timed job)
    actor_id = fields.IntField(null=True)
    #: the facts the consumers need, JSON-safe
    payload: Any = fields.JSONField(default=dict)
    #: may appear in public activity feeds (carries no private data)
    public = fields.BooleanField(default=False)
    #: the challenge and the project the event belongs to, for their activity feeds
    challenge_id = fields.IntField(null=True)
    project_id = fields.IntField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "event"
        indexes = (("subject_type", "subject_id", "id"), ("public", "id"), ("challenge_id", "id"), ("project_id", "id"))


class DeliveryStatus(str, Enum):
    PENDING = "PENDING"
    DONE = "DONE"
    #: failed every attempt: waits for an admin (/admin/evenements) to retry it
    PARKED = "PARKED"


class Delivery(Model):
    """One event for one after-commit consumer: written with the event (or by a replay), claimed by a worker
    under a lease, done once the consumer returned; retried with backoff, parked after too many attempts."""

    id = fields.IntField(primary_key=True)
    consumer = fields.CharField(max_length=40)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="deliveries", on_delete=fields.CASCADE
    )
    event_id: int
    status = fields.CharEnumField(DeliveryStatus, max_length=8, default=DeliveryStatus.PENDING)
    #: claims so far (a claim counts before the consumer runs, so a consumer that kills its worker is parked too)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    #: a worker holds the delivery until then (past it, another worker may take it again)
    locked_until = fields.DatetimeField(null=True)
    last_error = fields.TextField(default="")
    delivered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "event_delivery"
        unique_together = (("consumer", "event_id"),)
        indexes = (("status", "event_id"),)


class ConsumerStart(Model):
    """A consumer the worker has seen: the first time, it replays the outbox from `from_event_id`."""

    name = fields.CharField(max_length=40, primary_key=True)
    from_event_id = fields.IntField()
    started_at = fields.DatetimeField()

    class Meta:
        table = "event_consumer"


class JobRun(Model):
    """A timed job's schedule: a worker runs it when `next_run_at` is past, moving it on first (one run per period)."""

    name = fields.CharField(max_length=40, primary_key=True)
    next_run_at = fields.DatetimeField()
    last_run_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(default="")

    class Meta:
        table = "worker_job"
