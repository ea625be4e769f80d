"""The online payment provider as the domain sees it: a small interface (Mollie's contract in the lab's words).

The domain never speaks HTTP: colab/payments/mollie_http.py implements this interface with httpx, and the
process's composition root (web/app.py, the `colab worker` command) installs it when MOLLIE_API_KEY is set.
Without an installed gateway the online option is hidden (`online_payments_enabled()`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class PaymentRequest:
    amount_cents: int
    description: str
    redirect_url: str
    webhook_url: str
    pledge_id: int
    #: Mollie method names offered to the backer
    methods: tuple[str, ...] = ("bancontact", "creditcard")


@dataclass(frozen=True)
class ProviderPayment:
    """A payment as the provider knows it now."""

    id: str
    #: Mollie's status: open, pending, authorized, paid, canceled, expired, failed
    status: str
    amount_cents: int
    checkout_url: str = ""
    #: the pledge id our metadata carried, if any
    pledge_id: int | None = None


class GatewayError(Exception):
    """The provider could not be reached or refused the request (the caller says so to the person)."""


class PaymentGateway(Protocol):
    async def create_payment(self, request: PaymentRequest, *, idempotency_key: str) -> ProviderPayment: ...

    async def get_payment(self, payment_id: str) -> ProviderPayment | None:
        """The payment, or None when the provider does not know this id."""
        ...

    async def create_refund(self, payment_id: str, amount_cents: int, description: str, *, idempotency_key: str) -> str:
        """Refund (part of) a paid payment; returns the provider's refund id."""
        ...


_installed: list[PaymentGateway] = []


def install_gateway(gateway: PaymentGateway | None) -> None:
    """Use this gateway for online payments from now on (None: online payments off)."""
    _installed.clear()
    if gateway is not None:
        _installed.append(gateway)


def current_gateway() -> PaymentGateway | None:
    return _installed[0] if _installed else None


def online_payments_enabled() -> bool:
    """The online option is offered only when a provider is configured (MOLLIE_API_KEY)."""
    return bool(_installed)
