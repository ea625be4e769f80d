"""Crowdacting's hours come from the lab's settings (ACTING_* in .env.example), set at start."""

from __future__ import annotations

import pytest

from colab.acting.settings import ActingSettings, acting_settings, configure_acting
from colab.config import load_settings
from colab.worker import acting_of


def test_the_hours_are_read_from_the_settings_and_configured() -> None:
    settings = load_settings(environ={"ACTING_OFFER_HOURS": "6", "ACTING_REMINDER_HOURS": "48"})
    before = acting_settings()
    try:
        configure_acting(acting_of(settings))
        assert acting_settings() == ActingSettings(late_cancel_hours=24, offer_hours=6, reminder_hours=48)
    finally:
        configure_acting(before)


def test_negative_hours_are_refused() -> None:
    with pytest.raises(ValueError):
        configure_acting(ActingSettings(offer_hours=-1))
