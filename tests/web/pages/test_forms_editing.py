"""Editing a challenge or an idea shows the description as its author typed it, and saving it unchanged
stores the very same body (pages and GraphQL agree)."""

from html.parser import HTMLParser
from typing import Any

import httpx
import pytest

from colab.challenges.models import Challenge
from colab.ideas.models import Idea
from colab.organizations.models import MembershipRole
from tests.api.conftest import GraphQLClient
from tests.api.test_challenges import _input as challenge_input
from tests.api.test_ideas import _input as idea_input
from tests.conftest import make_org, make_user
from tests.web.conftest import log_in, post_form
from tests.web.pages.test_challenges import _form as challenge_form
from tests.web.pages.test_ideas import _form as idea_form

TYPED = (
    "Nous avons deux hectares de friches & des outils.\n"
    "Les voisins « motivés » sont déjà là (R&D < 0 €).\n\n"
    "Il nous manque des bras pour défricher."
)


class _Form(HTMLParser):
    """The fields a browser would send for the page's main form, as the page fills them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, Any] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._in_form = False

    def _add(self, name: str, value: str) -> None:
        if name in ("themes", "needs"):
            self.values.setdefault(name, []).append(value)
        else:
            self.values[name] = value

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "form" in a.get("class", "").split():
            self._in_form = True
        if not self._in_form or "name" not in a:
            return
        if tag == "input" and (a.get("type") not in ("checkbox", "radio") or "checked" in a):
            self._add(a["name"], a.get("value", ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


@pytest.fixture
def api(web: httpx.AsyncClient) -> GraphQLClient:
    """GraphQL on the same lab as the pages."""
    return GraphQLClient(web)


def _form_of(page: httpx.Response) -> dict[str, Any]:
    parser = _Form()
    parser.feed(page.text)
    return parser.values


async def test_a_challenge_saved_unchanged_from_its_edit_page_keeps_its_body(web: httpx.AsyncClient) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    await log_in(web, manager)
    posted = await post_form(web, "/defis/nouveau", await challenge_form(org, body=TYPED))
    assert posted.status_code == 303
    challenge = await Challenge.get()
    saved = challenge.body
    assert saved.startswith("<p>Nous avons deux hectares de friches &amp; des outils.<br>")

    path = f"/defis/{challenge.id}/modifier"
    form = _form_of(await web.get(path))
    assert form["body"] == TYPED  # what the author typed, not <p>…</p>
    again = await web.post(path, data=form)
    assert again.status_code == 303
    assert (await Challenge.get(id=challenge.id)).body == saved
    assert _form_of(await web.get(path))["body"] == TYPED


async def test_text_added_below_a_challenge_description_becomes_a_paragraph(web: httpx.AsyncClient) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    await log_in(web, manager)
    await post_form(web, "/defis/nouveau", await challenge_form(org, body=TYPED))
    challenge = await Challenge.get()
    path = f"/defis/{challenge.id}/modifier"
    form = _form_of(await web.get(path))
    form["body"] += "\n\nUn ajout du lundi."
    assert (await web.post(path, data=form)).status_code == 303
    assert (await Challenge.get(id=challenge.id)).body == challenge.body + "<p>Un ajout du lundi.</p>"


async def test_an_idea_saved_unchanged_from_its_edit_page_keeps_its_body(web: httpx.AsyncClient) -> None:
    author = await make_user()
    await log_in(web, author)
    proposed = await post_form(web, "/idees/nouvelle", await idea_form(body=TYPED))
    assert proposed.status_code == 303
    idea = await Idea.get()
    path = f"/idees/{idea.id}/modifier"
    form = _form_of(await web.get(path))
    assert form["body"] == TYPED
    assert (await web.post(path, data={**form, "action": "save"})).status_code == 303
    assert (await Idea.get(id=idea.id)).body == idea.body
    form = _form_of(await web.get(path))
    form["body"] += "\n\nUn ajout."
    await web.post(path, data={**form, "action": "save"})
    assert (await Idea.get(id=idea.id)).body == idea.body + "<p>Un ajout.</p>"


async def test_a_challenge_written_through_graphql_round_trips_through_its_edit_page(
    web: httpx.AsyncClient, api: GraphQLClient
) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    client = await api.as_user(manager)
    posted = await client.run("PostChallenge", input=await challenge_input(org, body=TYPED))
    challenge = posted["data"]["postChallenge"]["challenge"]
    await log_in(web, manager)
    path = f"/defis/{(await Challenge.get()).id}/modifier"
    form = _form_of(await web.get(path))
    assert form["body"] == TYPED
    await web.post(path, data=form)
    after = await client.run("Challenge", id=challenge["id"])
    assert after["data"]["challenge"]["body"] == challenge["body"]


async def test_an_idea_with_markup_from_graphql_round_trips_through_its_edit_page(
    web: httpx.AsyncClient, api: GraphQLClient
) -> None:
    author = await make_user()
    client = await api.as_user(author)
    markup = "<h2>Le plan</h2><ul><li>un atelier mobile</li><li>des bénévoles formés</li></ul><p>Et la suite.</p>"
    proposed = await client.run("ProposeIdea", input=await idea_input(body=markup))
    idea = proposed["data"]["proposeIdea"]["idea"]
    assert idea["body"] == markup
    await log_in(web, author)
    path = f"/idees/{(await Idea.get()).id}/modifier"
    form = _form_of(await web.get(path))
    assert form["body"] == markup  # plain text cannot say "list": the markup is shown as is
    await web.post(path, data={**form, "action": "save"})
    after = await client.run("Idea", id=idea["id"])
    assert after["data"]["idea"]["body"] == markup
