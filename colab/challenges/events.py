"""What happens to challenges, as domain events."""

from __future__ import annotations

from dataclasses import dataclass

from colab.events import DomainEvent, event_type


@event_type("challenge.submitted", "challenge")
@dataclass(frozen=True, kw_only=True)
class ChallengeSubmitted(DomainEvent):
    """A challenge of an unverified organization (or its edit) went to the moderators."""

    title: str
    organization_id: int


@event_type("challenge.published", "challenge", public=True)
@dataclass(frozen=True, kw_only=True)
class ChallengePublished(DomainEvent):
    """The challenge is public (posted by a verified organization, or admitted by a moderator)."""

    title: str
    organization_id: int
    author_id: int


@event_type("challenge.changes_requested", "challenge")
@dataclass(frozen=True, kw_only=True)
class ChallengeChangesRequested(DomainEvent):
    title: str
    organization_id: int
    author_id: int
    reason: str | None = None
    message: str = ""


@event_type("challenge.rejected", "challenge")
@dataclass(frozen=True, kw_only=True)
class ChallengeRejected(DomainEvent):
    title: str
    organization_id: int
    author_id: int
    reason: str | None = None
    message: str = ""


@event_type("challenge.closed", "challenge", public=True)
@dataclass(frozen=True, kw_only=True)
class ChallengeClosed(DomainEvent):
    """The organization stopped taking ideas for the challenge."""

    title: str
    organization_id: int


@event_type("challenge.edited", "challenge")
@dataclass(frozen=True, kw_only=True)
class ChallengeEdited(DomainEvent):
    """Its managers changed an open challenge's text, place, themes, needs or window."""

    title: str
