"""GraphiQL (development only) is served from the lab's own files: it works without internet."""

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from colab.config import load_settings
from web.app import create_app

_REFERENCES = re.compile(r'(?:src|href)="([^"]+)"')


@pytest.fixture
async def dev(db: None) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(load_settings(environ={"ENVIRONMENT": "development", "DEBUG": "false"}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http


async def test_the_graphiql_page_references_no_external_host(dev: httpx.AsyncClient) -> None:
    page = await dev.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    references = _REFERENCES.findall(page.text)
    assert "/static/graphiql/graphiql.min.js" in references
    assert all(ref.startswith("/") and not ref.startswith("//") for ref in references), references
    assert "unpkg.com" not in page.text and "jsdelivr" not in page.text and "http" not in page.text
    assert "<script>" not in page.text  # no inline script: every script is a file


async def test_every_asset_of_the_graphiql_page_answers(dev: httpx.AsyncClient) -> None:
    page = await dev.get("/graphql", headers={"Accept": "text/html"})
    references = _REFERENCES.findall(page.text)
    assert len(references) == 9
    for ref in references:
        asset = await dev.get(ref)
        assert (ref, asset.status_code) == (ref, 200)
        assert len(asset.content) > 100
