"""The httpx Mollie client: amounts as Mollie writes them, 404 as unknown, errors as GatewayError."""

import httpx
import pytest
import respx

from colab.payments.gateway import GatewayError
from colab.payments.mollie_http import TIMEOUT, MollieHttp, cents, euros
from tests.payments.fake_mollie import API, KEY


def test_amounts_are_strings_with_two_decimals() -> None:
    assert [euros(1250), euros(500), euros(1), euros(100_000_00)] == ["12.50", "5.00", "0.01", "100000.00"]
    assert [cents("12.50"), cents("5.00"), cents("0.01")] == [1250, 500, 1]


def test_every_call_has_a_timeout() -> None:
    assert TIMEOUT.connect == 5.0 and TIMEOUT.read == 10.0


async def test_an_unknown_payment_is_none() -> None:
    client = MollieHttp(KEY, base_url=API)
    with respx.mock(base_url=API) as router:
        router.get("/payments/tr_nope").mock(return_value=httpx.Response(404, json={"status": 404}))
        assert await client.get_payment("tr_nope") is None
    await client.aclose()


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(500, text="oops"),
        httpx.Response(200, text="<html>"),
        httpx.Response(200, json={"id": "tr_1"}),  # no status, no amount
    ],
)
async def test_a_bad_answer_is_a_gateway_error(response: httpx.Response) -> None:
    client = MollieHttp(KEY, base_url=API)
    with respx.mock(base_url=API) as router:
        router.get("/payments/tr_1").mock(return_value=response)
        with pytest.raises(GatewayError):
            await client.get_payment("tr_1")
    await client.aclose()


async def test_a_network_failure_is_a_gateway_error() -> None:
    client = MollieHttp(KEY, base_url=API)
    with respx.mock(base_url=API) as router:
        router.get("/payments/tr_1").mock(side_effect=httpx.ConnectTimeout("timed out"))
        with pytest.raises(GatewayError):
            await client.get_payment("tr_1")
    await client.aclose()


def test_the_client_is_installed_only_with_a_key() -> None:
    from colab.config import load_settings
    from colab.payments.gateway import install_gateway, online_payments_enabled
    from colab.payments.mollie_http import install_from_settings

    assert install_from_settings(load_settings(environ={})) is False
    assert online_payments_enabled() is False
    assert install_from_settings(load_settings(environ={"MOLLIE_API_KEY": KEY})) is True
    try:
        assert online_payments_enabled() is True
    finally:
        install_gateway(None)
