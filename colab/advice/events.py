"""What happens to advice and expert credentials, as domain events."""

from __future__ import annotations

from dataclasses import dataclass

from colab.events import DomainEvent, event_type


@event_type("advice.given", "advice", public=True)
@dataclass(frozen=True, kw_only=True)
class AdviceGiven(DomainEvent):
    """Someone gave advice on a project; `title` is the project's (the feeds name the project)."""

    title: str
    advice_kind: str
    author_id: int


@event_type("advice.replied", "advice")
@dataclass(frozen=True, kw_only=True)
class AdviceReplied(DomainEvent):
    """Someone replied to a piece of advice (`subject_id` is the reply, `parent_id` the advice it answers)."""

    parent_id: int
    author_id: int


@event_type("advice.answered", "advice")
@dataclass(frozen=True, kw_only=True)
class AdviceAnswered(DomainEvent):
    """The team answered a piece of advice (acknowledged, adopted, partly adopted or declined)."""

    status: str
    author_id: int
    reason: str = ""
    update_id: int | None = None


@event_type("advice.adopted", "advice", public=True)
@dataclass(frozen=True, kw_only=True)
class AdviceAdopted(DomainEvent):
    """The team adopted advice (fully or partly), saying what changed in a project update; `title` is the project's."""

    title: str
    update_id: int
    partly: bool = False


@event_type("advice.credential_requested", "expert_credential")
@dataclass(frozen=True, kw_only=True)
class CredentialRequested(DomainEvent):
    user_id: int
    theme_id: int


@event_type("advice.credential_granted", "expert_credential")
@dataclass(frozen=True, kw_only=True)
class CredentialGranted(DomainEvent):
    user_id: int
    theme_id: int
    expires_at: str


@event_type("advice.credential_refused", "expert_credential")
@dataclass(frozen=True, kw_only=True)
class CredentialRefused(DomainEvent):
    user_id: int
    theme_id: int
    reason: str | None = None
    message: str = ""
