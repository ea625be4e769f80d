"""Request limits of web/limits.py: body size (413, by header or while streaming), NUL characters (400)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from colab.api import limits as api_limits
from tests.conftest import make_user
from tests.web.conftest import csrf, post_form
from web.limits import MAX_BODY_BYTES

CHUNK = 64 * 1024


async def test_a_body_announced_over_the_limit_is_a_413_before_it_is_read(web: httpx.AsyncClient) -> None:
    before = api_limits.cache_info()
    query = '{"query": "{ __typename }\\n#' + "x" * (10 * 1024 * 1024) + '"}'
    response = await web.post("/graphql", content=query, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    # the document never reached the parser, nor its cache
    assert api_limits.cache_info()[0].misses == before[0].misses


async def test_a_streamed_body_over_the_limit_is_cut_short_with_a_413(web: httpx.AsyncClient) -> None:
    sent = 0

    async def hundred_megabytes() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(100 * 1024 * 1024 // CHUNK):
            sent += 1
            yield b" " * CHUNK

    # no Content-Length: the body comes chunked, and is counted as it arrives
    response = await web.post("/graphql", content=hundred_megabytes(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert sent <= MAX_BODY_BYTES // CHUNK + 2  # read up to the limit, not the 100 MB


async def test_an_oversized_form_is_a_413_page_in_french(web: httpx.AsyncClient) -> None:
    token = await csrf(web)
    response = await web.post("/connexion", data={"csrf_token": token, "email": "a" * (MAX_BODY_BYTES + 1)})
    assert response.status_code == 413
    assert "Requête trop volumineuse" in response.text


async def test_a_body_under_the_limit_is_answered(web: httpx.AsyncClient) -> None:
    variables = {"s": "x" * (MAX_BODY_BYTES - 1000)}
    query = "query($s: String) { challenges(filter: {search: $s}) { totalCount } }"
    response = await web.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200


async def test_a_nul_character_in_the_query_string_is_a_400(web: httpx.AsyncClient) -> None:
    response = await web.get("/defis?q=%00")
    assert response.status_code == 400
    assert "caractère nul" in response.text


async def test_a_nul_character_in_the_address_is_a_400(web: httpx.AsyncClient) -> None:
    response = await web.get("/organisations/a%00b")
    assert response.status_code == 400


async def test_a_nul_character_in_a_form_field_is_a_400(web: httpx.AsyncClient) -> None:
    user = await make_user()
    response = await post_form(web, "/connexion", {"email": user.email + "\x00", "password": "x"})
    assert response.status_code == 400


async def test_a_nul_character_in_a_multipart_form_is_a_400(web: httpx.AsyncClient) -> None:
    token = await csrf(web)
    files = {"email": (None, "a\x00b"), "csrf_token": (None, token)}
    response = await web.post("/connexion", files=files)
    assert response.status_code == 400


async def test_an_invalid_content_length_is_a_400(web: httpx.AsyncClient) -> None:
    response = await web.post("/graphql", content=b"{}", headers={"content-length": "-1"})
    assert response.status_code == 400


async def test_a_content_length_of_thousands_of_digits_is_a_413(web: httpx.AsyncClient) -> None:
    """int() refuses strings of over 4,300 digits: the length is refused before it is converted."""
    for path in ("/graphql", "/connexion"):
        response = await web.post(path, content=b"{}", headers={"content-length": "9" * 5000})
        assert response.status_code == 413, path


async def test_an_organization_slug_longer_than_the_column_is_a_404(web: httpx.AsyncClient) -> None:
    response = await web.get("/organisations/" + "a" * 141)
    assert response.status_code == 404
    assert (await web.get("/organisations/" + "a" * 141 + "/idees")).status_code == 404


async def test_logging_in_with_an_address_longer_than_the_column_is_refused_on_the_form(
    web: httpx.AsyncClient,
) -> None:
    response = await post_form(web, "/connexion", {"email": "a" * 250 + "@x.be", "password": "motdepasse"})
    assert response.status_code == 422
    assert "Adresse e-mail ou mot de passe incorrect." in response.text


async def test_only_the_upload_form_takes_a_larger_binary_body(web: httpx.AsyncClient) -> None:
    body = {"cover": ("photo.jpg", b"\x00" * (2 * MAX_BODY_BYTES), "image/jpeg")}
    # elsewhere a 2 MiB multipart body is a 413, and its NUL bytes would be a 400
    assert (await web.post("/connexion", files=body)).status_code == 413
    # the page editor reads it (and refuses a signed-out visitor like any page: to the log-in page)
    response = await web.post("/projets/1/modifier", files=body)
    assert response.status_code == 303 and response.headers["location"].startswith("/connexion")
    assert (
        await web.post("/projets/1/modifier", files={"f": ("a", b"\x00" * (8 * MAX_BODY_BYTES))})
    ).status_code == 413
