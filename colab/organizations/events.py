"""What happens to organizations, as domain events (they also tell the read cache that public data changed)."""

from __future__ import annotations

from dataclasses import dataclass

from colab.events import DomainEvent, event_type


@event_type("organization.registered", "organization")
@dataclass(frozen=True, kw_only=True)
class OrganizationRegistered(DomainEvent):
    name: str
    verified: bool


@event_type("organization.verified", "organization")
@dataclass(frozen=True, kw_only=True)
class OrganizationVerified(DomainEvent):
    name: str
