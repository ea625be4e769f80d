"""GraphQL over WebSocket on /graphql (graphql-transport-ws only), through the real app and its lifespan."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from colab.accounts.service import issue_token, sign_up
from colab.api import notifications, subscriptions
from colab.config import load_settings
from colab.notifications.models import NotificationKind
from colab.notifications.service import notify
from tests.api.conftest import OPERATIONS
from tests.conftest import PASSWORD
from tests.databases import PostgresTemplate, SqliteTemplate
from web.app import create_app

TRANSPORT_WS = ["graphql-transport-ws"]
UNREAD = {"query": OPERATIONS["UnreadNotificationCount"]}


@pytest.fixture
def client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_template: SqliteTemplate | PostgresTemplate
) -> Iterator[TestClient]:
    """The lab on a database of its own, served through its lifespan (as uvicorn serves it)."""
    monkeypatch.setattr(notifications, "POLL_SECONDS", 0.05)
    url = database_template.copy_for_app(tmp_path)
    with TestClient(create_app(load_settings(environ={"DATABASE_URL": url, "ENVIRONMENT": "test"}))) as client:
        yield client


@pytest.fixture
def bare(tmp_path: Path) -> TestClient:
    """The lab without its lifespan, hence without a database: for what is refused before any query."""
    return TestClient(create_app(load_settings(environ={"DATABASE_URL": f"sqlite://{tmp_path / 'aucune.sqlite3'}"})))


async def _reader_with_notifications(count: int) -> str:
    """A citizen with `count` unread notifications; returns their raw token."""
    user = await sign_up("lectrice@exemple.be", PASSWORD, "Lectrice Lambert")
    for n in range(count):
        await notify([user.id], NotificationKind.IDEA_ADMITTED, "project", n + 1)
    return (await issue_token(user, "abonnement")).raw


def _connect(ws: Any, payload: dict[str, object] | None = None) -> None:
    ws.send_json({"type": "connection_init", **({"payload": payload} if payload is not None else {})})
    assert ws.receive_json() == {"type": "connection_ack"}


def test_a_subscriber_gets_the_unread_count_then_each_change(client: TestClient) -> None:
    assert client.portal is not None
    token = client.portal.call(_reader_with_notifications, 2)
    with client.websocket_connect("/graphql", subprotocols=TRANSPORT_WS) as ws:
        assert ws.accepted_subprotocol == "graphql-transport-ws"
        _connect(ws, {"token": token})
        ws.send_json({"id": "1", "type": "subscribe", "payload": UNREAD})
        assert ws.receive_json() == {"id": "1", "type": "next", "payload": {"data": {"unreadNotificationCount": 2}}}
        marked = client.post(
            "/graphql",
            json={"query": "mutation { markNotificationsRead(input: {}) { unreadCount } }"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert marked.json()["data"]["markNotificationsRead"] == {"unreadCount": 0}
        assert ws.receive_json() == {"id": "1", "type": "next", "payload": {"data": {"unreadNotificationCount": 0}}}
        ws.send_json({"id": "1", "type": "complete"})


def _first_error(ws: Any) -> dict[str, Any]:
    ws.send_json({"id": "1", "type": "subscribe", "payload": UNREAD})
    message = ws.receive_json()
    assert message["type"] == "next" and message["payload"]["data"] is None
    errors: list[dict[str, Any]] = message["payload"]["errors"]
    assert len(errors) == 1
    return errors[0]


def test_an_anonymous_subscription_is_unauthenticated(bare: TestClient) -> None:
    with bare.websocket_connect("/graphql", subprotocols=TRANSPORT_WS) as ws:
        _connect(ws)
        assert _first_error(ws)["extensions"] == {"code": "UNAUTHENTICATED"}


def test_an_unknown_token_in_connection_init_is_unauthenticated(client: TestClient) -> None:
    with client.websocket_connect("/graphql", subprotocols=TRANSPORT_WS) as ws:
        _connect(ws, {"token": "colab_inconnu"})
        assert _first_error(ws)["extensions"] == {"code": "UNAUTHENTICATED"}


@pytest.mark.parametrize("token", ["x" * 10_000, 12345, ""])
def test_a_malformed_token_is_unauthenticated_without_a_lookup(bare: TestClient, token: object) -> None:
    with bare.websocket_connect("/graphql", subprotocols=TRANSPORT_WS) as ws:
        _connect(ws, {"token": token})
        assert _first_error(ws)["extensions"] == {"code": "UNAUTHENTICATED"}


def test_a_token_revoked_during_a_subscription_ends_it_unauthenticated(client: TestClient) -> None:
    assert client.portal is not None
    token = client.portal.call(_reader_with_notifications, 1)
    with client.websocket_connect("/graphql", subprotocols=TRANSPORT_WS) as ws:
        _connect(ws, {"token": token})
        ws.send_json({"id": "1", "type": "subscribe", "payload": UNREAD})
        assert ws.receive_json()["payload"] == {"data": {"unreadNotificationCount": 1}}
        client.post(
            "/graphql", json={"query": "mutation { logOut { revoked } }"}, headers={"Authorization": f"Bearer {token}"}
        )
        message = ws.receive_json()
        assert message["type"] == "next" and message["payload"]["errors"][0]["extensions"] == {
            "code": "UNAUTHENTICATED"
        }


def test_the_legacy_graphql_ws_protocol_is_refused(bare: TestClient) -> None:
    with bare.websocket_connect("/graphql", subprotocols=["graphql-ws"]) as ws:
        assert ws.accepted_subprotocol is None
        ws.send_json({"type": "connection_init", "payload": {}})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4406


def test_a_connection_without_connection_init_is_closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subscriptions, "CONNECTION_INIT_TIMEOUT", timedelta(milliseconds=50))
    app = create_app(load_settings(environ={"DATABASE_URL": f"sqlite://{tmp_path / 'aucune.sqlite3'}"}))
    with TestClient(app).websocket_connect("/graphql", subprotocols=TRANSPORT_WS) as ws:
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4408


def test_a_subscription_over_http_is_invalid(bare: TestClient) -> None:
    body = bare.post("/graphql", json=UNREAD).json()
    assert body["data"] is None
    assert [e["extensions"] for e in body["errors"]] == [{"code": "INVALID"}]


def test_queries_run_over_the_socket_too(client: TestClient) -> None:
    with client.websocket_connect("/graphql", subprotocols=TRANSPORT_WS) as ws:
        _connect(ws)
        ws.send_json({"id": "q", "type": "subscribe", "payload": {"query": "{ themes { slug } }"}})
        message = ws.receive_json()
        assert message["type"] == "next" and len(message["payload"]["data"]["themes"]) == 14
        assert ws.receive_json() == {"id": "q", "type": "complete"}


def test_a_subscription_completes_after_its_last_poll(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notifications, "MAX_POLLS", 3)
    assert client.portal is not None
    token = client.portal.call(_reader_with_notifications, 1)
    with client.websocket_connect("/graphql", subprotocols=TRANSPORT_WS) as ws:
        _connect(ws, {"token": token})
        ws.send_json({"id": "1", "type": "subscribe", "payload": UNREAD})
        assert ws.receive_json()["payload"] == {"data": {"unreadNotificationCount": 1}}
        assert ws.receive_json() == {"id": "1", "type": "complete"}
