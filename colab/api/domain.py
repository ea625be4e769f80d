"""What one domain adds to the schema: its root fields. `colab.api.schema` merges the domains it lists."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Domain:
    """The Query, Mutation and Subscription classes (Strawberry types) of one domain; each is optional."""

    name: str
    query: type | None = None
    mutation: type | None = None
    subscription: type | None = None
