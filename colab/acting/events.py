"""What happens to volunteer calls and time pledges, as domain events (subject: the call).

Only a posted call is public (it feeds the activity pages); the others name volunteers (`volunteer_ids`, who to
tell) or their pledges, so they stay private."""

from __future__ import annotations

from dataclasses import dataclass

from colab.events import DomainEvent, event_type

SUBJECT = "volunteer_call"


@event_type("acting.call_posted", SUBJECT, public=True)
@dataclass(frozen=True, kw_only=True)
class CallPosted(DomainEvent):
    """A project's team posted a call (followers are told)."""

    title: str
    starts_at: str
    commune_id: int


@event_type("acting.call_moved", SUBJECT)
@dataclass(frozen=True, kw_only=True)
class CallMoved(DomainEvent):
    """New time or place: every volunteer holding a place is asked to confirm again (their pledge is OFFERED)."""

    title: str
    version: int
    starts_at: str
    meeting_point: str
    volunteer_ids: list[int]


@event_type("acting.call_called_off", SUBJECT)
@dataclass(frozen=True, kw_only=True)
class CallCalledOff(DomainEvent):
    """By the team, or by the worker when the threshold was not reached by its deadline (`threshold_missed`)."""

    title: str
    threshold_missed: bool
    volunteer_ids: list[int]


@event_type("acting.call_activated", SUBJECT)
@dataclass(frozen=True, kw_only=True)
class CallActivated(DomainEvent):
    """Enough volunteers confirmed before the deadline: the action goes ahead."""

    title: str
    volunteer_ids: list[int]


@event_type("acting.time_pledged", SUBJECT)
@dataclass(frozen=True, kw_only=True)
class TimePledged(DomainEvent):
    """A volunteer pledged time: CONFIRMED (mailed with the calendar file) or WAITLISTED at `position`."""

    pledge_id: int
    volunteer_id: int
    status: str
    position: int | None = None


@event_type("acting.pledge_cancelled", SUBJECT)
@dataclass(frozen=True, kw_only=True)
class PledgeCancelled(DomainEvent):
    pledge_id: int
    volunteer_id: int
    reason: str
    late: bool = False


@event_type("acting.place_offered", SUBJECT)
@dataclass(frozen=True, kw_only=True)
class PlaceOffered(DomainEvent):
    """A place is held for a volunteer until `expires_at` (freed by someone, or theirs again after a move)."""

    pledge_id: int
    volunteer_id: int
    expires_at: str
    reconfirm: bool = False


@event_type("acting.offer_accepted", SUBJECT)
@dataclass(frozen=True, kw_only=True)
class OfferAccepted(DomainEvent):
    pledge_id: int
    volunteer_id: int


@event_type("acting.attendance_marked", SUBJECT)
@dataclass(frozen=True, kw_only=True)
class AttendanceMarked(DomainEvent):
    pledge_id: int
    volunteer_id: int
    status: str
    minutes: int


@event_type("acting.reminder_due", SUBJECT)
@dataclass(frozen=True, kw_only=True)
class ReminderDue(DomainEvent):
    """The worker reminds a confirmed volunteer before the start (once per pledge and call version)."""

    pledge_id: int
    volunteer_id: int
    version: int
