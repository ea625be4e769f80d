"""Ideas through GraphQL: propose, edit, submit, withdraw; who sees what; bad input."""

from typing import Any

from colab.api.ids import encode
from colab.ideas.models import Idea, IdeaStatus
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import make_challenge, make_user, territory, theme
from tests.ideas.factories import make_idea, submitted_idea


async def _input(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Un atelier de réparation de vélos",
        "summary": "Un atelier mobile qui répare les vélos des habitants une fois par semaine.",
        "body": "<p>Un atelier mobile, animé par des bénévoles formés, qui passe dans chaque village.</p>",
        "territoryId": encode("Territory", (await territory("92094")).id),
        "themeIds": [encode("Theme", (await theme("mobilite")).id)],
        "needs": ["HANDS", "FUNDS"],
    }
    values.update(overrides)
    return values


async def test_a_citizen_proposes_a_draft_answering_a_challenge(api: GraphQLClient) -> None:
    challenge = await make_challenge()
    client = await api.as_user(await make_user(name="Léa Martin"))
    body = await client.run("ProposeIdea", input=await _input(challengeId=encode("Challenge", challenge.id)))
    payload = body["data"]["proposeIdea"]
    assert payload["errors"] == []
    assert payload["idea"]["status"] == "DRAFT"
    assert payload["idea"]["authorName"] == "Léa Martin"
    assert payload["idea"]["viewerIsAuthor"] is True
    assert payload["idea"]["challenge"] == {"id": encode("Challenge", challenge.id)}
    assert payload["idea"]["needs"] == ["FUNDS", "HANDS"]


async def test_anonymous_cannot_propose(api: GraphQLClient) -> None:
    body = await api.run("ProposeIdea", input=await _input())
    assert top_codes(body) == ["UNAUTHENTICATED"]
    assert await Idea.all().count() == 0


async def test_a_too_long_title_is_refused(api: GraphQLClient) -> None:
    client = await api.as_user(await make_user())
    body = await client.run("ProposeIdea", input=await _input(title="x" * 121))
    errors = body["data"]["proposeIdea"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("TOO_LONG", "title")]
    assert body["data"]["proposeIdea"]["idea"] is None


async def test_a_malformed_challenge_id_is_invalid(api: GraphQLClient) -> None:
    client = await api.as_user(await make_user())
    body = await client.run("ProposeIdea", input=await _input(challengeId="pas-un-id"))
    errors = body["data"]["proposeIdea"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_ID", "challengeId")]


async def test_the_author_edits_only_the_fields_given(api: GraphQLClient) -> None:
    author = await make_user()
    idea = await make_idea(author)
    client = await api.as_user(author)
    body = await client.run("UpdateIdea", input={"ideaId": encode("Idea", idea.id), "title": "Un titre plus clair"})
    updated = body["data"]["updateIdea"]["idea"]
    assert updated["title"] == "Un titre plus clair"
    assert updated["summary"] == idea.summary


async def test_submitting_twice_is_an_illegal_transition(api: GraphQLClient) -> None:
    author = await make_user()
    idea = await make_idea(author)
    client = await api.as_user(author)
    ref = {"ideaId": encode("Idea", idea.id)}
    first = await client.run("SubmitIdea", input=ref)
    assert first["data"]["submitIdea"]["idea"]["status"] == "SUBMITTED"
    again = await client.run("SubmitIdea", input=ref)
    assert codes(again["data"]["submitIdea"]) == ["ILLEGAL_TRANSITION"]
    edit = await client.run("UpdateIdea", input={**ref, "title": "Trop tard pour changer"})
    assert codes(edit["data"]["updateIdea"]) == ["ILLEGAL_TRANSITION"]


async def test_the_author_withdraws_a_submitted_idea(api: GraphQLClient) -> None:
    author = await make_user()
    idea = await submitted_idea(author)
    client = await api.as_user(author)
    body = await client.run("WithdrawIdea", input={"ideaId": encode("Idea", idea.id)})
    assert body["data"]["withdrawIdea"]["idea"]["status"] == "WITHDRAWN"


async def test_another_citizen_cannot_touch_an_idea_they_cannot_see(api: GraphQLClient) -> None:
    idea = await make_idea()
    client = await api.as_user(await make_user())
    body = await client.run("SubmitIdea", input={"ideaId": encode("Idea", idea.id)})
    assert codes(body["data"]["submitIdea"]) == ["NOT_FOUND"]
    assert (await Idea.get(id=idea.id)).status is IdeaStatus.DRAFT


async def test_drafts_of_others_are_invisible(api: GraphQLClient) -> None:
    author = await make_user()
    idea = await make_idea(author)
    ref = encode("Idea", idea.id)
    other = await api.as_user(await make_user())
    assert (await other.run("Idea", id=ref))["data"]["idea"] is None
    assert (await api.run("Idea", id=ref))["data"]["idea"] is None
    assert (await api.run("Node", id=ref))["data"]["node"] is None
    own = await (await api.as_user(author)).run("Idea", id=ref)
    assert own["data"]["idea"]["status"] == "DRAFT"


async def test_a_malformed_idea_id_is_a_top_level_invalid_id(api: GraphQLClient) -> None:
    body = await api.run("Idea", id=encode("Challenge", 1))
    assert top_codes(body) == ["INVALID_ID"]


async def test_the_public_list_shows_admitted_ideas_only_and_mine_shows_every_state(api: GraphQLClient) -> None:
    author = await make_user()
    await make_idea(author, title="Mon brouillon de vélo")
    public = await api.run("IdeaList")
    assert public["data"]["ideas"]["totalCount"] == 0
    mine = await (await api.as_user(author)).run("IdeaList", filter={"mine": True})
    assert [e["node"]["title"] for e in mine["data"]["ideas"]["edges"]] == ["Mon brouillon de vélo"]
    anonymous_mine = await api.run("IdeaList", filter={"mine": True})
    assert top_codes(anonymous_mine) == ["UNAUTHENTICATED"]


async def test_a_body_nested_too_deep_is_refused_with_a_typed_error(api: GraphQLClient) -> None:
    client = await api.as_user(await make_user())
    nested = "<div>" * 15_000 + "Une idée enfouie sous quinze mille niveaux." + "</div>" * 15_000
    body = await client.run("ProposeIdea", input=await _input(body=nested))
    errors = body["data"]["proposeIdea"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("MARKUP_TOO_COMPLEX", "body")]
    assert await Idea.all().count() == 0
