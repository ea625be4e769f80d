"""The pledge rules read from the settings, and the refusals shared by the pledge modules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from colab.config import load_settings
from colab.errors import ColabError, ErrorCode
from colab.funding.models import PLEDGE_STATUS_LABELS, PaymentMethod, Pledge


@dataclass(frozen=True)
class PledgeRules:
    min_cents: int = 500
    max_cents: int = 1_000_000
    transfer_days: int = 10
    online_hold_minutes: int = 30
    grace_days: int = 5


@cache
def rules() -> PledgeRules:
    """The settings (FUNDING_*), read once."""
    s = load_settings()
    return PledgeRules(
        s.funding_min_pledge_cents,
        s.funding_max_pledge_cents,
        s.funding_transfer_days,
        s.funding_online_hold_minutes,
        s.funding_grace_days,
    )


def illegal_transition(pledge: Pledge, action: str) -> ColabError:
    return ColabError(
        ErrorCode.ILLEGAL_TRANSITION,
        f"Impossible de {action} un soutien dans l'état « {PLEDGE_STATUS_LABELS[pledge.status]} ».",
    )


def ceiling_reached() -> ColabError:
    return ColabError(ErrorCode.CEILING_REACHED, "Ce montant dépasserait le plafond de la campagne.", "amountCents")


def expiry(method: PaymentMethod, now: datetime) -> datetime:
    r = rules()
    if method is PaymentMethod.ONLINE:
        return now + timedelta(minutes=r.online_hold_minutes)
    return now + timedelta(days=r.transfer_days)
