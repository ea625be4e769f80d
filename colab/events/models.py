"""The outbox: every domain event, written in the transaction of the change it records."""

from __future__ import annotations

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
