"""A fake Mollie at the HTTP boundary (respx routes on httpx's transport): it keeps payments and refunds like
the real API (POST /v2/payments, GET /v2/payments/{id}, POST /v2/payments/{id}/refunds), honours
`Idempotency-Key` (the same key answers the first response again) and records every request."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import respx

from colab.payments.gateway import install_gateway
from colab.payments.mollie_http import MollieHttp

API = "https://api.mollie.test/v2"
KEY = "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"


@dataclass
class FakeMollie:
    payments: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: list[dict[str, Any]] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    _by_key: dict[str, httpx.Response] = field(default_factory=dict)
    #: answer every request with this status (e.g. 503) when set
    failing: int | None = None

    def set_status(self, payment_id: str, status: str) -> None:
        self.payments[payment_id]["status"] = status

    def creates(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == "POST"]

    def route(self, router: respx.MockRouter) -> None:
        router.post("/payments").mock(side_effect=self._create_payment)
        router.get(path__regex=r"/payments/(?P<payment_id>[^/]+)$").mock(side_effect=self._get_payment)
        router.post(path__regex=r"/payments/(?P<payment_id>[^/]+)/refunds$").mock(side_effect=self._refund)

    def _remember(self, request: httpx.Request) -> httpx.Response | None:
        self.requests.append(request)
        if self.failing is not None:
            return httpx.Response(self.failing, json={"status": self.failing, "title": "Service Unavailable"})
        if request.headers.get("Authorization") != f"Bearer {KEY}":
            return httpx.Response(401, json={"status": 401, "title": "Unauthorized Request"})
        key = request.headers.get("Idempotency-Key")
        return self._by_key.get(key) if key else None

    def _create_payment(self, request: httpx.Request) -> httpx.Response:
        if (early := self._remember(request)) is not None:
            return early
        body = json.loads(request.content)
        payment_id = f"tr_{len(self.payments) + 1:04d}WDqYK6vllg"
        payment = {
            "resource": "payment",
            "id": payment_id,
            "mode": "test",
            "status": "open",
            "amount": body["amount"],
            "description": body["description"],
            "method": None,
            "metadata": body["metadata"],
            "redirectUrl": body["redirectUrl"],
            "webhookUrl": body["webhookUrl"],
            "_links": {"checkout": {"href": f"https://www.mollie.com/checkout/select-method/{payment_id}"}},
        }
        self.payments[payment_id] = payment
        response = httpx.Response(201, json=payment)
        self._by_key[request.headers["Idempotency-Key"]] = response
        return response

    def _get_payment(self, request: httpx.Request, payment_id: str) -> httpx.Response:
        if (early := self._remember(request)) is not None:
            return early
        if payment_id not in self.payments:
            return httpx.Response(404, json={"status": 404, "title": "Not Found", "detail": "No payment exists"})
        return httpx.Response(200, json=self.payments[payment_id])

    def _refund(self, request: httpx.Request, payment_id: str) -> httpx.Response:
        if (early := self._remember(request)) is not None:
            return early
        if self.payments.get(payment_id, {}).get("status") != "paid":
            return httpx.Response(422, json={"status": 422, "title": "Unprocessable Entity"})
        refund = {
            "resource": "refund",
            "id": f"re_{len(self.refunds) + 1:04d}Wjxfnn",
            "paymentId": payment_id,
            "amount": json.loads(request.content)["amount"],
            "status": "pending",
        }
        self.refunds.append(refund)
        response = httpx.Response(201, json=refund)
        self._by_key[request.headers["Idempotency-Key"]] = response
        return response


@asynccontextmanager
async def running() -> AsyncIterator[FakeMollie]:
    """Online payments on, against a fake Mollie, for the block; off again after it."""
    fake = FakeMollie()
    client = MollieHttp(KEY, base_url=API)
    with respx.mock(base_url=API, assert_all_called=False) as router:
        fake.route(router)
        install_gateway(client)
        try:
            yield fake
        finally:
            install_gateway(None)
            await client.aclose()
