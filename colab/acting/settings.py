"""Crowdacting's settings (hours), read from the environment once: documented in .env.example."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class ActingSettings:
    #: a volunteer cancelling this close to the start is marked late
    late_cancel_hours: int = 24
    #: how long a freed place (or a moved call's reconfirmation) is held for the volunteer it is offered to
    offer_hours: int = 24
    #: reminders go this long before the start
    reminder_hours: int = 24


@cache
def acting_settings() -> ActingSettings:
    def hours(name: str, default: int) -> int:
        value = int(os.environ.get(name, default))
        if value < 0:
            raise ValueError(f"{name} must be zero or more hours")
        return value

    return ActingSettings(
        late_cancel_hours=hours("ACTING_LATE_CANCEL_HOURS", 24),
        offer_hours=hours("ACTING_OFFER_HOURS", 24),
        reminder_hours=hours("ACTING_REMINDER_HOURS", 24),
    )
