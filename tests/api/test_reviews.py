"""The review queue through GraphQL: the full path to a project, who may work the queue, bad decisions."""

from typing import Any

import pytest

from colab.accounts.models import User
from colab.actors import Role
from colab.api.ids import encode
from colab.organizations.models import MembershipRole
from moderation.models import ReviewItem
from moderation.queue import claim
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import actor_of, make_org, make_user, territory, theme
from tests.ideas.factories import item_of, make_moderator, submitted_idea


async def test_an_idea_goes_from_proposal_to_a_public_project(api: GraphQLClient) -> None:
    author = await api.as_user(await make_user(name="Léa Martin"))
    proposed = await author.run(
        "ProposeIdea",
        input={
            "title": "Un atelier de réparation de vélos",
            "summary": "Un atelier mobile qui répare les vélos des habitants une fois par semaine.",
            "body": "<p>Un atelier mobile, animé par des bénévoles formés, qui passe dans chaque village.</p>",
            "territoryId": encode("Territory", (await territory("92094")).id),
            "themeIds": [encode("Theme", (await theme("mobilite")).id)],
            "needs": ["HANDS"],
        },
    )
    idea_id = proposed["data"]["proposeIdea"]["idea"]["id"]
    submitted = await author.run("SubmitIdea", input={"ideaId": idea_id})
    assert submitted["data"]["submitIdea"]["errors"] == []

    moderator = await api.as_user(await make_moderator("Modératrice Martin"))
    claimed = (await moderator.run("ClaimNextReview", input={}))["data"]["claimNextReview"]
    assert claimed["item"]["idea"]["id"] == idea_id
    assert claimed["item"]["claimedByName"] == "Modératrice Martin"
    assert claimed["item"]["author"]["name"] == "Léa Martin"
    decided = await moderator.run(
        "DecideReview", input={"itemId": claimed["item"]["id"], "decision": "ADMIT", "message": "Bienvenue !"}
    )
    item = decided["data"]["decideReview"]["item"]
    assert item["status"] == "DECIDED"
    assert item["idea"]["status"] == "ADMITTED"

    public = await api.run("ProjectList")
    projects = [e["node"] for e in public["data"]["projects"]["edges"]]
    assert [(p["id"], p["holderName"]) for p in projects] == [(item["idea"]["project"]["id"], "Léa Martin")]
    assert (await api.run("Idea", id=idea_id))["data"]["idea"]["status"] == "ADMITTED"

    notices = (await author.run("Notifications"))["data"]["viewer"]
    assert notices["unreadNotificationCount"] == 1
    assert notices["notifications"]["edges"][0]["node"]["kind"] == "IDEA_ADMITTED"
    marked = await author.run("MarkNotificationsRead", input={})
    assert marked["data"]["markNotificationsRead"] == {"unreadCount": 0, "errors": []}


async def test_the_author_reads_the_decision_others_do_not(api: GraphQLClient) -> None:
    author = await make_user()
    idea = await submitted_idea(author)
    moderator = await make_moderator()
    item = await item_of(idea)
    await claim(actor_of(moderator), item.id)
    client = await api.as_user(moderator)
    decision = {"decision": "REQUEST_CHANGES", "reason": "INCOMPLETE", "message": "Précisez le budget."}
    body = await client.run("DecideReview", input={"itemId": encode("ReviewItem", item.id), **decision})
    assert body["data"]["decideReview"]["errors"] == []
    ref = encode("Idea", idea.id)
    own = await (await api.as_user(author)).run("Idea", id=ref)
    assert [{k: r[k] for k in decision} for r in own["data"]["idea"]["reviews"]] == [decision]
    assert (await client.run("Idea", id=ref))["data"]["idea"]["reviews"] != []


async def _people() -> dict[str, User | None]:
    author = await make_user()
    member = await make_user()
    await make_org(members={member: MembershipRole.MEMBER})
    return {
        "anonymous": None,
        "citizen": await make_user(),
        "member": member,
        "author": author,
        "moderator": await make_moderator(),
        "admin": await make_user(Role.ADMIN),
    }


_OPERATIONS: dict[str, tuple[str, Any]] = {
    "ReviewQueue": ("ReviewQueue", lambda item: {}),
    "ReviewItem": ("ReviewItem", lambda item: {"id": item}),
    "ModerationLog": ("ModerationLog", lambda item: {"filter": {"itemId": item}}),
    "ClaimNextReview": ("ClaimNextReview", lambda item: {"input": {}}),
    "ClaimReview": ("ClaimReview", lambda item: {"input": {"itemId": item}}),
    "RenewReview": ("RenewReview", lambda item: {"input": {"itemId": item}}),
    "ReleaseReview": ("ReleaseReview", lambda item: {"input": {"itemId": item}}),
    "DecideReview": ("DecideReview", lambda item: {"input": {"itemId": item, "decision": "ADMIT"}}),
}
_EXPECTED = {
    "anonymous": ["UNAUTHENTICATED"],
    "citizen": ["FORBIDDEN"],
    "member": ["FORBIDDEN"],
    "author": ["FORBIDDEN"],
    "moderator": [],
    "admin": [],
}


@pytest.mark.parametrize("operation", sorted(_OPERATIONS))
@pytest.mark.parametrize("person", sorted(_EXPECTED))
async def test_only_moderators_and_admins_work_the_queue(api: GraphQLClient, operation: str, person: str) -> None:
    people = await _people()
    idea = await submitted_idea(people["author"])
    item = encode("ReviewItem", (await item_of(idea)).id)
    user = people[person]
    client = await api.as_user(user) if user else api
    name, variables = _OPERATIONS[operation]
    body = await client.run(name, **variables(item))
    assert top_codes(body) == _EXPECTED[person]
    if _EXPECTED[person]:
        assert body["data"] is None or all(v is None for v in body["data"].values())


async def test_a_moderator_cannot_decide_their_own_idea(api: GraphQLClient) -> None:
    moderator = await make_moderator()
    idea = await submitted_idea(moderator)
    client = await api.as_user(moderator)
    claimed = await client.run("ClaimNextReview", input={})
    assert claimed["data"]["claimNextReview"] == {"item": None, "errors": []}
    item = encode("ReviewItem", (await item_of(idea)).id)
    body = await client.run("DecideReview", input={"itemId": item, "decision": "ADMIT"})
    assert codes(body["data"]["decideReview"]) == ["SELF_REVIEW"]


async def test_a_rejection_without_a_reason_is_refused(api: GraphQLClient) -> None:
    idea = await submitted_idea()
    moderator = await make_moderator()
    item = await item_of(idea)
    await claim(actor_of(moderator), item.id)
    client = await api.as_user(moderator)
    body = await client.run(
        "DecideReview",
        input={"itemId": encode("ReviewItem", item.id), "decision": "REJECT", "message": "Hors de propos."},
    )
    assert codes(body["data"]["decideReview"]) == ["REASON_REQUIRED"]
    assert (await ReviewItem.get(id=item.id)).decision is None


async def test_a_malformed_item_id_is_invalid(api: GraphQLClient) -> None:
    client = await api.as_user(await make_moderator())
    body = await client.run("RenewReview", input={"itemId": encode("Idea", 1)})
    errors = body["data"]["renewReview"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_ID", "itemId")]
    query = await client.run("ReviewItem", id="n'importe quoi")
    assert top_codes(query) == ["INVALID_ID"]


async def test_renew_and_release_a_claimed_item(api: GraphQLClient) -> None:
    await submitted_idea()
    client = await api.as_user(await make_moderator("Modératrice Martin"))
    claimed = (await client.run("ClaimNextReview", input={"kind": "IDEA"}))["data"]["claimNextReview"]["item"]
    renewed = await client.run("RenewReview", input={"itemId": claimed["id"]})
    assert renewed["data"]["renewReview"]["item"]["claimedByName"] == "Modératrice Martin"
    released = await client.run("ReleaseReview", input={"itemId": claimed["id"]})
    assert released["data"]["releaseReview"]["item"] == {
        "id": claimed["id"],
        "leaseExpiresAt": None,
        "claimedByName": None,
    }
    again = await client.run("ReleaseReview", input={"itemId": claimed["id"]})
    assert codes(again["data"]["releaseReview"]) == ["NOT_CLAIMED"]
    log = await client.run("ModerationLog", filter={"itemId": claimed["id"]})
    actions = [e["node"]["action"] for e in log["data"]["moderationLog"]["edges"]]
    assert actions == ["RELEASED", "RENEWED", "CLAIMED", "SUBMITTED"]


async def test_a_moderator_sees_the_item_with_its_author_history(api: GraphQLClient) -> None:
    author = await make_user(name="Léa Martin")
    await submitted_idea(author, title="Un atelier de réparation de vélos")
    idea = await submitted_idea(author, title="Un atelier de réparation des vélos")
    client = await api.as_user(await make_moderator())
    body = await client.run("ReviewItem", id=encode("ReviewItem", (await item_of(idea)).id))
    item = body["data"]["reviewItem"]
    assert item["author"]["name"] == "Léa Martin"
    assert item["author"]["history"]["submissions"] == 2
    assert item["idea"]["title"] == "Un atelier de réparation des vélos"
    assert [s["idea"]["title"] for s in item["similarIdeas"]] == ["Un atelier de réparation de vélos"]
    unknown = await client.run("ReviewItem", id=encode("ReviewItem", 999999))
    assert unknown["data"]["reviewItem"] is None


async def test_the_transparency_numbers_are_public(api: GraphQLClient) -> None:
    idea = await submitted_idea()
    moderator = await make_moderator()
    item = await item_of(idea)
    await claim(actor_of(moderator), item.id)
    client = await api.as_user(moderator)
    await client.run(
        "DecideReview",
        input={"itemId": encode("ReviewItem", item.id), "decision": "REJECT", "reason": "OFF_TOPIC", "message": "Non."},
    )
    months = (await api.run("ModerationStats"))["data"]["moderationStats"]
    assert len(months) == 1
    assert (months[0]["decisions"], months[0]["rejected"], months[0]["admitted"]) == (1, 1, 0)
    assert months[0]["byReason"] == [{"reason": "OFF_TOPIC", "count": 1}]


async def test_a_moderator_claims_a_chosen_item_and_another_cannot_take_it(api: GraphQLClient) -> None:
    idea = await submitted_idea()
    item = encode("ReviewItem", (await item_of(idea)).id)
    first = await api.as_user(await make_moderator("Modératrice Martin"))
    body = await first.run("ClaimReview", input={"itemId": item})
    assert body["data"]["claimReview"]["item"]["claimedByName"] == "Modératrice Martin"
    second = await api.as_user(await make_moderator("Modérateur Dubois"))
    taken = await second.run("ClaimReview", input={"itemId": item})
    assert codes(taken["data"]["claimReview"]) == ["ALREADY_CLAIMED"]
    assert (await second.run("ClaimNextReview", input={}))["data"]["claimNextReview"] == {"item": None, "errors": []}
