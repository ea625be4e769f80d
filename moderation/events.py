"""What happens in moderation, as domain events: decisions, reports, hidden content, appeals."""

from __future__ import annotations

from dataclasses import dataclass

from colab.events import DomainEvent, event_type


@event_type("review.decided", "review_item")
@dataclass(frozen=True, kw_only=True)
class ReviewDecided(DomainEvent):
    """A moderator decided a queue item (`subject_id` is the item; `reviewed_id` the subject of `review_kind`)."""

    review_kind: str
    reviewed_id: int
    decision: str
    reason: str | None = None


@event_type("content.reported", "reported_content")
@dataclass(frozen=True, kw_only=True)
class ContentReported(DomainEvent):
    """Someone reported public content (private: who reported stays with the moderators)."""

    content_kind: str
    content_id: int
    reason: str


@event_type("content.hidden", "reported_content")
@dataclass(frozen=True, kw_only=True)
class ContentHidden(DomainEvent):
    """Reported content left public view until a moderator decides; `by_rule`: the automatic rule hid it."""

    content_kind: str
    content_id: int
    author_id: int
    title: str
    by_rule: bool


@event_type("content.restored", "reported_content")
@dataclass(frozen=True, kw_only=True)
class ContentRestored(DomainEvent):
    content_kind: str
    content_id: int
    author_id: int
    title: str


@event_type("content.removed", "reported_content")
@dataclass(frozen=True, kw_only=True)
class ContentRemoved(DomainEvent):
    content_kind: str
    content_id: int
    author_id: int
    title: str
    reason: str | None = None
    message: str = ""


@event_type("appeal.filed", "appeal")
@dataclass(frozen=True, kw_only=True)
class AppealFiled(DomainEvent):
    appealed_kind: str
    appealed_id: int


@event_type("appeal.decided", "appeal")
@dataclass(frozen=True, kw_only=True)
class AppealDecided(DomainEvent):
    """Another moderator decided an appeal: `upheld` restores or re-opens the subject."""

    appellant_id: int
    appealed_kind: str
    appealed_id: int
    title: str
    upheld: bool
    message: str = ""
