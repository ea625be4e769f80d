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


@event_type("idea.admitted", "idea", public=True)
@dataclass(frozen=True, kw_only=True)
class IdeaAdmitted(DomainEvent):
    """A moderator admitted the idea: it is public and becomes a project (`project_id`)."""

    title: str
    author_id: int


@event_type("idea.changes_requested", "idea")
@dataclass(frozen=True, kw_only=True)
class IdeaChangesRequested(DomainEvent):
    """A moderator sent the idea back to its author: `reason` (a ReasonCode value) and `message` are private."""

    title: str
    author_id: int
    reason: str | None = None
    message: str = ""


@event_type("idea.rejected", "idea")
@dataclass(frozen=True, kw_only=True)
class IdeaRejected(DomainEvent):
    title: str
    author_id: int
    reason: str | None = None
    message: str = ""
