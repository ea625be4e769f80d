"""API test harness: an httpx client on the ASGI app, running the named operations of graphql/operations."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql.language import Visitor, visit

from colab.accounts.models import ApiToken, User
from colab.accounts.service import issue_token
from colab.config import load_settings
from colab.validation import utcnow
from graphql import FragmentDefinitionNode, FragmentSpreadNode, Node, OperationDefinitionNode, parse, print_ast
from web.app import create_app

OPERATIONS_DIR = Path(__file__).resolve().parents[2] / "graphql" / "operations"


def _spreads(node: Node) -> set[str]:
    found: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_: object) -> None:
            found.add(spread.name.value)

    visit(node, Spreads())
    return found


def _load_operations() -> dict[str, str]:
    """Each named operation as a document of its own, with the fragments of its file it uses."""
    operations: dict[str, str] = {}
    for path in sorted(OPERATIONS_DIR.glob("*.graphql")):
        definitions = parse(path.read_text(encoding="utf-8")).definitions
        fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
        for definition in definitions:
            if isinstance(definition, OperationDefinitionNode) and definition.name:
                needed, todo = set(), _spreads(definition)
                while todo:
                    name = todo.pop()
                    needed.add(name)
                    todo |= _spreads(fragments[name]) - needed
                parts = [definition, *(fragments[name] for name in sorted(needed))]
                operations[definition.name.value] = "\n\n".join(print_ast(part) for part in parts)
    return operations


OPERATIONS = _load_operations()


@dataclass
class GraphQLClient:
    http: httpx.AsyncClient
    token: str | None = None

    async def raw(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        headers = {}
        bearer = token or self.token
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def run(self, operation: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
        """Run a named operation from graphql/operations; returns the whole response body."""
        return await self.raw(OPERATIONS[operation], variables, token)

    async def as_user(self, user: User) -> GraphQLClient:
        issued = await issue_token(user, "test")
        # as if just used: the first request does not write last_used_at, so statement counts compare
        await ApiToken.filter(id=issued.token.id).update(last_used_at=utcnow())
        return GraphQLClient(self.http, issued.raw)


@pytest.fixture
async def api(db: None) -> AsyncIterator[GraphQLClient]:
    app = create_app(load_settings(environ={"ENVIRONMENT": "test", "DEBUG": "false"}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield GraphQLClient(http)


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


def top_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
