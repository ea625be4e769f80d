"""What happens when an institution asks to join the lab, as a domain event."""

from __future__ import annotations

from dataclasses import dataclass

from colab.events import DomainEvent, event_type


@event_type("partnership.requested", "partnership_request")
@dataclass(frozen=True, kw_only=True)
class PartnershipRequested(DomainEvent):
    """An institution wrote to the admins (`actor_id` is the sender's account, if logged in); private."""

    organization_name: str
