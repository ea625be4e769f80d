"""Expected refusals are logged as one line each; unexpected errors keep their traceback."""

import logging

import pytest

from colab.territories import service
from tests.api.conftest import GraphQLClient, top_codes
from tests.conftest import make_user

ANONYMOUS_PROBE = "{ ideas(filter: {mine: true}) { totalCount } }"
REVIEW_QUEUE = "{ reviewQueue(first: 5) { totalCount } }"


def _graphql_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith(("strawberry", "colab.api"))]


async def test_an_anonymous_probe_is_logged_as_one_line_without_traceback(
    api: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = await api.raw(ANONYMOUS_PROBE)
    assert top_codes(body) == ["UNAUTHENTICATED"]
    records = _graphql_records(caplog)
    assert len(records) == 1
    assert records[0].exc_info is None and records[0].levelno == logging.WARNING
    text = caplog.text
    assert "UNAUTHENTICATED" in records[0].getMessage() and "\n" not in records[0].getMessage()
    assert "Traceback" not in text


async def test_a_forbidden_query_is_logged_as_one_line(api: GraphQLClient, caplog: pytest.LogCaptureFixture) -> None:
    citizen = await api.as_user(await make_user())
    caplog.set_level(logging.DEBUG)
    body = await citizen.raw(REVIEW_QUEUE)
    assert top_codes(body) == ["FORBIDDEN"]
    records = _graphql_records(caplog)
    assert [r.exc_info for r in records] == [None]
    assert "FORBIDDEN at reviewQueue" in records[0].getMessage()


async def test_an_unexpected_error_keeps_its_traceback(
    api: GraphQLClient, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken() -> list[object]:
        raise RuntimeError("the theme table is gone")

    monkeypatch.setattr(service, "list_themes", broken)
    caplog.set_level(logging.DEBUG)
    body = await api.raw("{ themes { name } }")
    assert body["errors"][0]["message"] == "Erreur inattendue."
    records = _graphql_records(caplog)
    assert len(records) == 1 and records[0].levelno == logging.ERROR
    assert records[0].exc_info is not None and records[0].exc_info[0] is RuntimeError
    assert "Traceback" in caplog.text and "the theme table is gone" in caplog.text
