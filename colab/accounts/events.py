"""What happens to accounts, as domain events."""

from __future__ import annotations

from dataclasses import dataclass

from colab.events import DomainEvent, event_type


@event_type("account.signup_attempted", "account")
@dataclass(frozen=True, kw_only=True)
class SignupAttempted(DomainEvent):
    """Someone tried to sign up with the address of this account (`subject_id`): private, told to its owner."""
