"""What happens in project teams, as domain events (`project_id` always set).

Role events are about the role (subject "team_role"), application events about the application
(subject "application"); only RoleOpened and MemberConfirmed are public (no message, no reason; a confirmed member
is on the public team section anyway). RoleClosed names the declined applicants: private."""

from __future__ import annotations

from dataclasses import dataclass, field

from colab.events import DomainEvent, event_type


@event_type("team.role_opened", "team_role", public=True)
@dataclass(frozen=True, kw_only=True)
class RoleOpened(DomainEvent):
    """A lead opened a role: the project's followers are told."""

    title: str
    seats: int


@event_type("team.role_closed", "team_role")
@dataclass(frozen=True, kw_only=True)
class RoleClosed(DomainEvent):
    """A lead closed a role; the applications still pending were declined (`declined_ids`: their applicants)."""

    title: str
    declined_ids: list[int] = field(default_factory=list)


@event_type("team.application_submitted", "application")
@dataclass(frozen=True, kw_only=True)
class ApplicationSubmitted(DomainEvent):
    """A citizen applied to a role: the project's leads are told."""

    role_id: int
    applicant_id: int


@event_type("team.application_shortlisted", "application")
@dataclass(frozen=True, kw_only=True)
class ApplicationShortlisted(DomainEvent):
    role_id: int
    applicant_id: int


@event_type("team.application_accepted", "application")
@dataclass(frozen=True, kw_only=True)
class ApplicationAccepted(DomainEvent):
    """The team said yes: the applicant has the configured number of days to confirm."""

    role_id: int
    applicant_id: int


@event_type("team.application_declined", "application")
@dataclass(frozen=True, kw_only=True)
class ApplicationDeclined(DomainEvent):
    """A lead declined an application (`reason` told to the applicant), or the invitee declined an invitation."""

    role_id: int
    applicant_id: int
    reason: str = ""
    by_applicant: bool = False


@event_type("team.application_withdrawn", "application")
@dataclass(frozen=True, kw_only=True)
class ApplicationWithdrawn(DomainEvent):
    role_id: int
    applicant_id: int


@event_type("team.application_expired", "application")
@dataclass(frozen=True, kw_only=True)
class ApplicationExpired(DomainEvent):
    """An accepted application was not confirmed in time (the worker's job)."""

    role_id: int
    applicant_id: int


@event_type("team.invited", "application")
@dataclass(frozen=True, kw_only=True)
class InvitedToRole(DomainEvent):
    """A lead invited a person (an existing account) to a role: the invitee is told."""

    role_id: int
    applicant_id: int


@event_type("team.member_confirmed", "team_role", public=True)
@dataclass(frozen=True, kw_only=True)
class MemberConfirmed(DomainEvent):
    """A person took a seat (confirmed an acceptance or accepted an invitation): they are on the team."""

    title: str
    application_id: int
    member_id: int
    seats_left: int


@event_type("team.member_role_changed", "project")
@dataclass(frozen=True, kw_only=True)
class MemberRoleChanged(DomainEvent):
    """A lead gave a team member another project role (`role`: a ProjectRole value)."""

    member_id: int
    role: str


@event_type("team.member_removed", "project")
@dataclass(frozen=True, kw_only=True)
class MemberRemoved(DomainEvent):
    member_id: int
