"""Page test harness: an httpx client on the app (cookies kept), and logging in through the real form."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from colab.accounts.models import User
from colab.config import load_settings
from tests.conftest import PASSWORD
from web.app import create_app

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
async def web(db: None) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(load_settings(environ={"ENVIRONMENT": "test", "DEBUG": "false"}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def csrf(client: httpx.AsyncClient, path: str = "/connexion") -> str:
    page = await client.get(path)
    found = _CSRF.search(page.text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


async def log_in(client: httpx.AsyncClient, user: User) -> None:
    token = await csrf(client)
    response = await client.post("/connexion", data={"csrf_token": token, "email": user.email, "password": PASSWORD})
    assert response.status_code == 303, response.text


async def post_form(
    client: httpx.AsyncClient, path: str, data: dict[str, object], form_page: str | None = None
) -> httpx.Response:
    """POST a form with the CSRF token of the page that shows it."""
    return await client.post(path, data={"csrf_token": await csrf(client, form_page or path), **data})
