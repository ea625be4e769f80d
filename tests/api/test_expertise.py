"""Expert credentials through GraphQL: asked by a person, decided through decideReview, read by their owner;
the expiry set by moderators; the label beside advice; an authorization matrix over every mutation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from colab.accounts.models import User
from colab.actors import ProjectRole, Role
from colab.advice.credentials import request_credential
from colab.advice.models import CREDENTIAL_REVIEW_KIND, ExpertCredential
from colab.api.ids import encode
from colab.validation import utcnow
from moderation.models import ReviewItem
from tests.advice.factories import make_advice
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import actor_of, make_user, theme
from tests.ideas.factories import make_moderator
from tests.projects.factories import make_project, team_member

EVIDENCE = "Ingénieure en mobilité douce depuis douze ans au service d'une commune."


async def _granted_by_api(api: GraphQLClient, user: User) -> ExpertCredential:
    """Asked through the API, admitted by a moderator through claimReview and decideReview."""
    mobility = await theme("mobilite")
    asked = await (await api.as_user(user)).run(
        "RequestExpertCredential",
        input={"themeId": encode("Theme", mobility.id), "evidence": EVIDENCE, "evidenceUrl": "https://x.be/cv"},
    )
    assert asked["data"]["requestExpertCredential"]["errors"] == []
    assert asked["data"]["requestExpertCredential"]["credential"]["status"] == "REQUESTED"
    credential = await ExpertCredential.get(user_id=user.id)
    item = await ReviewItem.get(kind=CREDENTIAL_REVIEW_KIND, subject_id=credential.id)
    moderator = await api.as_user(await make_moderator())
    claimed = await moderator.run("ClaimReview", input={"itemId": encode("ReviewItem", item.id)})
    assert claimed["data"]["claimReview"]["errors"] == []
    decided = await moderator.raw(
        "mutation($input: DecideReviewInput!) { decideReview(input: $input) { errors { code } } }",
        {"input": {"itemId": encode("ReviewItem", item.id), "decision": "ADMIT"}},
    )
    assert decided["data"]["decideReview"]["errors"] == []
    return await ExpertCredential.get(id=credential.id)


async def test_a_credential_asked_and_granted_shows_as_a_label_beside_advice(api: GraphQLClient) -> None:
    expert = await make_user(name="Ingénieure Lambert")
    credential = await _granted_by_api(api, expert)
    mine = await (await api.as_user(expert)).run("MyExpertCredentials")
    found = mine["data"]["myExpertCredentials"]
    assert [(c["status"], c["active"], c["theme"]["name"]) for c in found] == [("GRANTED", True, "Mobilité")]
    project = await make_project(theme_ids=[credential.theme_id])
    await make_advice(project, expert)
    listed = await api.run("ProjectAdvice", id=encode("Project", project.id))
    assert listed["data"]["project"]["advice"]["edges"][0]["node"]["authorExpertise"] == ["Mobilité"]
    elsewhere = await make_project(theme_ids=[(await theme("energie")).id], title="Un projet sur l'énergie")
    await make_advice(elsewhere, expert)
    other = await api.run("ProjectAdvice", id=encode("Project", elsewhere.id))
    assert other["data"]["project"]["advice"]["edges"][0]["node"]["authorExpertise"] == []


async def test_a_second_request_is_a_typed_error_and_strangers_do_not_see_credentials(api: GraphQLClient) -> None:
    user = await make_user()
    mobility = await theme("mobilite")
    credential = await request_credential(actor_of(user), mobility.id, EVIDENCE)
    again = await (await api.as_user(user)).run(
        "RequestExpertCredential", input={"themeId": encode("Theme", mobility.id), "evidence": EVIDENCE}
    )
    assert codes(again["data"]["requestExpertCredential"]) == ["CREDENTIAL_PENDING"]
    node = "query($id: ID!) { node(id: $id) { __typename } }"
    stranger = await (await api.as_user(await make_user())).raw(node, {"id": encode("ExpertCredential", credential.id)})
    assert stranger["data"]["node"] is None
    owner = await (await api.as_user(user)).raw(node, {"id": encode("ExpertCredential", credential.id)})
    assert owner["data"]["node"] == {"__typename": "ExpertCredential"}


async def test_a_moderator_ends_a_credential_and_the_label_disappears(api: GraphQLClient) -> None:
    expert = await make_user(name="Ingénieure Lambert")
    credential = await _granted_by_api(api, expert)
    moderator = await api.as_user(await make_moderator("Autre modératrice"))
    ended = await moderator.run(
        "SetExpertCredentialExpiry",
        input={
            "credentialId": encode("ExpertCredential", credential.id),
            "expiresAt": (utcnow() - timedelta(minutes=1)).isoformat(),
        },
    )
    assert ended["data"]["setExpertCredentialExpiry"]["credential"]["active"] is False
    project = await make_project(theme_ids=[credential.theme_id])
    await make_advice(project, expert)
    listed = await api.run("ProjectAdvice", id=encode("Project", project.id))
    assert listed["data"]["project"]["advice"]["edges"][0]["node"]["authorExpertise"] == []


PEOPLE = ("anonymous", "citizen", "member", "co_lead", "finance", "holder", "moderator", "admin")
_ROLES = {"member": ProjectRole.MEMBER, "co_lead": ProjectRole.CO_LEAD, "finance": ProjectRole.FINANCE}


async def _person(who: str) -> User | None:
    if who == "anonymous":
        return None
    if who in _ROLES or who == "holder":
        project = await make_project()
        if who == "holder":
            return await User.get(id=project.holder_id)
        return await team_member(project, _ROLES[who], name=f"Équipe {who}")
    if who == "moderator":
        return await make_moderator("Modératrice de la matrice")
    return await make_user(role=Role.ADMIN if who == "admin" else Role.CITIZEN, name=f"Personne {who}")


_ASK_REFUSED = {"anonymous": "UNAUTHENTICATED"}
_EXPIRY_REFUSED = {w: "FORBIDDEN" for w in ("citizen", "member", "co_lead", "finance", "holder")} | {
    "anonymous": "UNAUTHENTICATED"
}


@pytest.mark.parametrize("who", PEOPLE)
async def test_authorization_matrix_request(api: GraphQLClient, who: str) -> None:
    person = await _person(who)
    client = await api.as_user(person) if person else api
    mobility = await theme("mobilite")
    body = await client.run(
        "RequestExpertCredential", input={"themeId": encode("Theme", mobility.id), "evidence": EVIDENCE}
    )
    if who in _ASK_REFUSED:
        assert top_codes(body) == [_ASK_REFUSED[who]] and body["data"] is None
    else:
        assert body["data"]["requestExpertCredential"]["errors"] == []


@pytest.mark.parametrize("who", PEOPLE)
async def test_authorization_matrix_expiry(api: GraphQLClient, who: str) -> None:
    credential = await _granted_by_api(api, await make_user(name="Experte"))
    person = await _person(who)
    client = await api.as_user(person) if person else api
    body = await client.run(
        "SetExpertCredentialExpiry",
        input={
            "credentialId": encode("ExpertCredential", credential.id),
            "expiresAt": (utcnow() + timedelta(days=30)).isoformat(),
        },
    )
    if who in _EXPIRY_REFUSED:
        assert top_codes(body) == [_EXPIRY_REFUSED[who]] and body["data"] is None
    else:
        assert body["data"]["setExpertCredentialExpiry"]["errors"] == []
