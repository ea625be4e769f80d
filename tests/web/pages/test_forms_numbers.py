"""Numbers typed in addresses and forms: a digit int() cannot read ('²') is ignored, never a server error."""

import httpx

from tests.conftest import make_user
from tests.ideas.factories import make_moderator
from tests.web.conftest import log_in
from web.pages.forms import form_int


def test_a_form_id_is_ascii_digits_that_fit_an_integer_column() -> None:
    assert [form_int(v) for v in ("42", "²", "4²", "", "1234567890", None)] == [42, None, None, None, None, None]


async def test_a_superscript_page_number_shows_the_first_page(web: httpx.AsyncClient) -> None:
    for path in ("/defis?page=²", "/projets?page=²"):
        assert (await web.get(path)).status_code == 200, path


async def test_a_superscript_challenge_in_the_new_idea_address_is_not_found(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user())
    assert (await web.get("/idees/nouvelle?defi=²")).status_code == 404


async def test_a_superscript_item_number_in_the_log_filter_is_ignored(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_moderator())
    assert (await web.get("/moderation/journal?element=²")).status_code == 200
