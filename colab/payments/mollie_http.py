"""The Mollie API (v2) through httpx: the one module of the domain's package that speaks HTTP.

It implements colab.payments.gateway.PaymentGateway; the domain only ever sees that interface. Every create
(payment, refund) carries an `Idempotency-Key`, so a retried request never creates a second payment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx

from colab.config import Settings
from colab.payments.gateway import GatewayError, PaymentRequest, ProviderPayment, install_gateway

TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def euros(amount_cents: int) -> str:
    """Mollie's amount value: a string with exactly two decimals ("12.50")."""
    return f"{Decimal(amount_cents) / 100:.2f}"


def cents(value: str) -> int:
    return int((Decimal(value) * 100).to_integral_value())


class MollieHttp:
    def __init__(self, api_key: str, *, base_url: str = "https://api.mollie.com/v2") -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + "/",
            headers={"Authorization": f"Bearer {api_key}", "Accept": "application/json"},
            timeout=TIMEOUT,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def create_payment(self, request: PaymentRequest, *, idempotency_key: str) -> ProviderPayment:
        body = {
            "amount": {"currency": "EUR", "value": euros(request.amount_cents)},
            "description": request.description,
            "redirectUrl": request.redirect_url,
            "webhookUrl": request.webhook_url,
            "metadata": {"pledge_id": request.pledge_id},
            "method": list(request.methods),
        }
        data = await self._send("POST", "payments", json=body, idempotency_key=idempotency_key)
        return _payment(data)

    async def get_payment(self, payment_id: str) -> ProviderPayment | None:
        try:
            response = await self._client.get(f"payments/{payment_id}")
        except httpx.HTTPError as error:
            raise GatewayError(f"Mollie unreachable: {error}") from error
        if response.status_code == 404:
            return None
        return _payment(_json(response))

    async def create_refund(self, payment_id: str, amount_cents: int, description: str, *, idempotency_key: str) -> str:
        body = {"amount": {"currency": "EUR", "value": euros(amount_cents)}, "description": description}
        data = await self._send("POST", f"payments/{payment_id}/refunds", json=body, idempotency_key=idempotency_key)
        return str(data["id"])

    async def _send(self, method: str, path: str, *, json: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        try:
            response = await self._client.request(method, path, json=json, headers={"Idempotency-Key": idempotency_key})
        except httpx.HTTPError as error:
            raise GatewayError(f"Mollie unreachable: {error}") from error
        return _json(response)


def _json(response: httpx.Response) -> dict[str, Any]:
    if response.status_code >= 400:
        raise GatewayError(f"Mollie answered {response.status_code}: {response.text[:200]}")
    try:
        data = response.json()
    except ValueError as error:
        raise GatewayError("Mollie answered something that is not JSON") from error
    if not isinstance(data, dict):
        raise GatewayError("Mollie answered an unexpected document")
    return data


def _payment(data: dict[str, Any]) -> ProviderPayment:
    try:
        metadata = data.get("metadata") or {}
        pledge = metadata.get("pledge_id") if isinstance(metadata, dict) else None
        checkout = ((data.get("_links") or {}).get("checkout") or {}).get("href", "")
        return ProviderPayment(
            id=str(data["id"]),
            status=str(data["status"]),
            amount_cents=cents(str(data["amount"]["value"])),
            checkout_url=str(checkout or ""),
            pledge_id=int(pledge) if isinstance(pledge, int | str) and str(pledge).isdigit() else None,
        )
    except (KeyError, TypeError, ArithmeticError) as error:
        raise GatewayError(f"Mollie answered an unexpected payment: {error}") from error


def install_from_settings(settings: Settings) -> bool:
    """The composition root's step (web/app.py, `colab worker`): Mollie on when MOLLIE_API_KEY is set.
    Without a key nothing is installed (the online option stays hidden)."""
    key = str(settings.mollie_api_key)
    if not key:
        return False
    install_gateway(MollieHttp(key, base_url=settings.mollie_api_url))
    return True
