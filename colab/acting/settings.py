"""Crowdacting's settings (hours), from colab.config (ACTING_* in .env.example): set once by the app and the
worker at start (`configure_acting`), read by the services and jobs; the defaults serve the tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActingSettings:
    #: a volunteer cancelling this close to the start is marked late
    late_cancel_hours: int = 24
    #: how long a freed place (or a moved call's reconfirmation) is held for the volunteer it is offered to
    offer_hours: int = 24
    #: reminders go this long before the start
    reminder_hours: int = 24


_current: list[ActingSettings] = [ActingSettings()]


def configure_acting(settings: ActingSettings) -> None:
    if min(settings.late_cancel_hours, settings.offer_hours, settings.reminder_hours) < 0:
        raise ValueError("crowdacting hours are zero or more")
    _current[0] = settings


def acting_settings() -> ActingSettings:
    return _current[0]
