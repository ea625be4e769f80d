"""Security headers on every response: CSP without inline script, no framing, nosniff, referrer, HSTS."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from colab.config import load_settings
from web.app import create_app

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


async def test_every_kind_of_response_carries_the_headers(web: httpx.AsyncClient) -> None:
    for path in ("/", "/defis", "/static/colab.css", "/page-qui-n-existe-pas", "/graphql?query={__typename}"):
        response = await web.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self';" in csp and "'unsafe-inline'" not in csp, path
        assert "frame-ancestors 'none'" in csp, path
        assert response.headers["x-frame-options"] == "DENY", path
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "same-origin", path
        assert "strict-transport-security" not in response.headers, path


async def test_the_moderation_pages_cannot_be_framed(web: httpx.AsyncClient) -> None:
    response = await web.get("/moderation")
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


@pytest.fixture
async def production() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(load_settings(environ={"ENVIRONMENT": "production", "SECRET_KEY": "x" * 40}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://test") as client:
        yield client


async def test_production_sends_hsts(production: httpx.AsyncClient) -> None:
    response = await production.get("/static/colab.css")
    assert response.headers["strict-transport-security"].startswith("max-age=63072000")


async def test_graphiql_alone_gets_a_relaxed_policy_in_development(db: None) -> None:
    app = create_app(load_settings(environ={"ENVIRONMENT": "development", "DEBUG": "false"}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        ide = await client.get("/graphql", headers={"accept": "text/html"})
        page = await client.get("/")
    assert "GraphiQL" in ide.text
    policy = ide.headers["content-security-policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]


def test_no_template_holds_inline_script_or_style_attributes() -> None:
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for opening in text.split("<script")[1:]:
            assert " src=" in opening.split(">")[0], f"inline <script> in {template}"
        assert " style=" not in text and " onclick=" not in text, template
