"""Smoke test through the real lifespan (RegisterTortoise), as uvicorn runs the app."""

from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

from colab.config import load_settings
from colab.db import migrate
from tests.fresh_database import fresh_database
from web.app import create_app


async def test_the_app_serves_pages_and_graphql_through_its_lifespan(tmp_path: Path) -> None:
    async with fresh_database(tmp_path) as url:
        await migrate(url)
        app = create_app(load_settings(environ={"DATABASE_URL": url, "ENVIRONMENT": "test"}))
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                query = "{ __typename themes { name } territories(level: PROVINCE) { name } }"
                graphql = await client.post("/graphql", json={"query": query})
                home = await client.get("/")
        assert graphql.status_code == 200
        data = graphql.json()["data"]
        assert data["__typename"] == "Query"
        assert len(data["themes"]) == 14
        assert sorted(t["name"] for t in data["territories"]) == [
            "Brabant wallon",
            "Hainaut",
            "Liège",
            "Luxembourg",
            "Namur",
        ]
        assert home.status_code == 200
