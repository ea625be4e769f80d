"""The id guard of page addresses: an id no PostgreSQL integer can hold is simply not found."""

import pytest
from starlette.exceptions import HTTPException
from starlette.requests import Request

from web.pages.rendering import MAX_ID, path_id


def _request(**path_params: int) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/", "headers": [], "path_params": path_params})


def test_an_id_within_the_integer_is_returned() -> None:
    assert path_id(_request(idea_id=MAX_ID), "idea_id") == MAX_ID


def test_an_id_beyond_the_integer_is_not_found_with_the_given_detail() -> None:
    with pytest.raises(HTTPException) as raised:
        path_id(_request(idea_id=MAX_ID + 1), "idea_id", "Cette idée n'existe pas.")
    assert (raised.value.status_code, raised.value.detail) == (404, "Cette idée n'existe pas.")
