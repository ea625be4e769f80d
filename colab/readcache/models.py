"""The read cache's generation: a few counters every published event bumps in its own transaction."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class CacheGeneration(Model):
    """One of SLOTS counters whose sum is the data's generation (sharded so writers rarely wait on each other)"""

    slot = fields.IntField(primary_key=True)
    n = fields.BigIntField(default=0)

    class Meta:
        table = "cache_generation"
