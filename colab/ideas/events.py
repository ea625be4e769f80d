"""What happens to ideas, as domain events."""

from __future__ import annotations

from dataclasses import dataclass

from colab.events import DomainEvent, event_type


@event_type("idea.submitted", "idea")
@dataclass(frozen=True, kw_only=True)
class IdeaSubmitted(DomainEvent):
    """An author sent an idea (or its revision) to the moderators; private until admitted."""

    title: str
    revision: bool = False


@event_type("idea.withdrawn", "idea")
@dataclass(frozen=True, kw_only=True)
class IdeaWithdrawn(DomainEvent):
    title: str
