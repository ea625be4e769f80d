"""Advice through GraphQL: the project's list in the page's order with replies and votes, the mutations with
typed errors, an authorization matrix over every mutation, and N+1 guards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from colab.accounts.models import User
from colab.actors import Actor, ProjectRole, Role
from colab.advice.answers import AdviceAnswer, answer_advice
from colab.advice.models import AdviceKind, AdviceStatus
from colab.advice.service import reply_to_advice, vote_helpful
from colab.api.ids import encode
from colab.projects.models import Project
from colab.projects.updates import UpdateDraft, post_update
from moderation.models import ReportedContent, Visibility
from tests.advice.factories import make_advice
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import SQLCounter, actor_of, make_user
from tests.ideas.factories import make_moderator
from tests.projects.factories import make_project, team_member


async def test_the_project_lists_its_advice_in_the_pages_order_with_replies(api: GraphQLClient) -> None:
    project = await make_project()
    helpful = await make_advice(project, body="Un conseil très utile.")
    question = await make_advice(project, kind=AdviceKind.QUESTION, body="Quel budget pour la salle ?")
    voter = await make_user(name="Votante")
    await vote_helpful(actor_of(voter), helpful.id)
    await reply_to_advice(Actor(user_id=project.holder_id), helpful.id, "Merci, nous regardons.")
    client = await api.as_user(voter)
    body = await client.run("ProjectAdvice", id=encode("Project", project.id))
    edges = body["data"]["project"]["advice"]["edges"]
    assert [e["node"]["id"] for e in edges] == [encode("Advice", question.id), encode("Advice", helpful.id)]
    first, second = edges[0]["node"], edges[1]["node"]
    assert first["kind"] == "QUESTION" and first["status"] == "OPEN" and not first["viewerHasVoted"]
    assert second["helpfulCount"] == 1 and second["viewerHasVoted"]
    assert [r["body"] for r in second["replies"]] == ["<p>Merci, nous regardons.</p>"]
    assert second["replies"][0]["isReply"] and second["authorName"] == "Conseillère Dubois"
    questions = await api.run("ProjectAdvice", id=encode("Project", project.id), kind="QUESTION")
    assert questions["data"]["project"]["advice"]["totalCount"] == 1


async def test_adopted_advice_links_to_its_update_and_node_finds_it(api: GraphQLClient) -> None:
    project = await make_project()
    update = await post_update(
        Actor(user_id=project.holder_id), project.id, UpdateDraft("Nouvelle salle", "<p>La salle change.</p>")
    )
    advice = await make_advice(project)
    await answer_advice(
        Actor(user_id=project.holder_id), advice.id, AdviceAnswer(AdviceStatus.ADOPTED, update_id=update.id)
    )
    body = await api.run("AdviceNode", id=encode("Advice", advice.id))
    node = body["data"]["node"]
    assert node["__typename"] == "Advice" and node["status"] == "ADOPTED"
    assert (node["updateId"], node["updateTitle"]) == (encode("ProjectUpdate", update.id), "Nouvelle salle")
    assert node["project"]["id"] == encode("Project", project.id)


async def test_a_citizen_gives_advice_and_errors_are_typed(api: GraphQLClient) -> None:
    project = await make_project()
    client = await api.as_user(await make_user())
    given = await client.run(
        "GiveAdvice",
        input={
            "projectId": encode("Project", project.id),
            "kind": "RESOURCE",
            "body": "Un guide",
            "url": "https://x.be",
        },
    )
    assert given["data"]["giveAdvice"]["errors"] == []
    assert given["data"]["giveAdvice"]["advice"]["url"] == "https://x.be"
    bad = await client.run(
        "GiveAdvice",
        input={"projectId": encode("Project", project.id), "kind": "RESOURCE", "body": "Un guide", "url": "ftp://x"},
    )
    assert codes(bad["data"]["giveAdvice"]) == ["INVALID_URL"]
    wrong_id = await client.run("GiveAdvice", input={"projectId": "zzz", "kind": "ADVICE", "body": "Un conseil"})
    assert codes(wrong_id["data"]["giveAdvice"]) == ["INVALID_ID"]


async def test_replies_to_replies_and_double_votes_are_typed_errors(api: GraphQLClient) -> None:
    project = await make_project()
    advice = await make_advice(project)
    reply = await reply_to_advice(Actor(user_id=project.holder_id), advice.id, "Merci, nous regardons.")
    client = await api.as_user(await make_user())
    deeper = await client.run("ReplyToAdvice", input={"adviceId": encode("Advice", reply.id), "body": "Et encore ?"})
    assert codes(deeper["data"]["replyToAdvice"]) == ["REPLY_TO_REPLY"]
    first = await client.run("VoteHelpful", input={"adviceId": encode("Advice", advice.id)})
    assert first["data"]["voteHelpful"]["advice"] == {
        "id": encode("Advice", advice.id),
        "helpfulCount": 1,
        "viewerHasVoted": True,
    }
    again = await client.run("VoteHelpful", input={"adviceId": encode("Advice", advice.id)})
    assert codes(again["data"]["voteHelpful"]) == ["ALREADY_VOTED"]
    undone = await client.run("UnvoteHelpful", input={"adviceId": encode("Advice", advice.id)})
    assert undone["data"]["unvoteHelpful"]["advice"]["helpfulCount"] == 0
    assert not undone["data"]["unvoteHelpful"]["advice"]["viewerHasVoted"]
    author = await api.as_user(await User.get(id=advice.author_id))
    own = await author.run("VoteHelpful", input={"adviceId": encode("Advice", advice.id)})
    assert codes(own["data"]["voteHelpful"]) == ["OWN_ADVICE"]


async def test_the_holder_adopts_with_a_new_update_and_declining_needs_a_reason(api: GraphQLClient) -> None:
    project = await make_project()
    advice, other = await make_advice(project), await make_advice(project)
    holder = await api.as_user(await User.get(id=project.holder_id))
    adopted = await holder.run(
        "AnswerAdvice",
        input={
            "adviceId": encode("Advice", advice.id),
            "status": "ADOPTED",
            "newUpdate": {"title": "Nous changeons de salle", "body": "<p>Grâce à un conseil reçu.</p>"},
        },
    )
    found = adopted["data"]["answerAdvice"]["advice"]
    assert found["status"] == "ADOPTED" and found["updateTitle"] == "Nous changeons de salle"
    declined = await holder.run("AnswerAdvice", input={"adviceId": encode("Advice", other.id), "status": "DECLINED"})
    assert codes(declined["data"]["answerAdvice"]) == ["REASON_REQUIRED"]


# --- the authorization matrix: every mutation, every kind of person -------------------------------------------

PEOPLE = ("anonymous", "citizen", "member", "co_lead", "finance", "holder", "moderator", "admin")


async def _person(who: str, project: Project) -> User | None:
    if who == "anonymous":
        return None
    if who == "holder":
        return await User.get(id=project.holder_id)
    if who in ("member", "co_lead", "finance"):
        role = {"member": ProjectRole.MEMBER, "co_lead": ProjectRole.CO_LEAD, "finance": ProjectRole.FINANCE}[who]
        return await team_member(project, role, name=f"Équipe {who}")
    if who == "moderator":
        return await make_moderator()
    return await make_user(role=Role.ADMIN if who == "admin" else Role.CITIZEN, name=f"Personne {who}")


Inputs = Callable[[str, str], dict[str, Any]]
_NEW_UPDATE = {"title": "Ce qui change", "body": "<p>Nous suivons le conseil reçu.</p>"}
#: operation, its input (project id, advice id) and who gets which top-level code (absent: it succeeds)
MATRIX: dict[str, tuple[str, Inputs, dict[str, str]]] = {
    "giveAdvice": (
        "GiveAdvice",
        lambda p, a: {"projectId": p, "kind": "ADVICE", "body": "Un conseil de plus."},
        {"anonymous": "UNAUTHENTICATED"},
    ),
    "replyToAdvice": (
        "ReplyToAdvice",
        lambda p, a: {"adviceId": a, "body": "Une réponse utile."},
        {"anonymous": "UNAUTHENTICATED"},
    ),
    "voteHelpful": ("VoteHelpful", lambda p, a: {"adviceId": a}, {"anonymous": "UNAUTHENTICATED"}),
    "unvoteHelpful": ("UnvoteHelpful", lambda p, a: {"adviceId": a}, {"anonymous": "UNAUTHENTICATED"}),
    "answerAdvice": (
        "AnswerAdvice",
        lambda p, a: {"adviceId": a, "status": "ACKNOWLEDGED"},
        {
            "anonymous": "UNAUTHENTICATED",
            "citizen": "FORBIDDEN",
            "finance": "FORBIDDEN",
            "moderator": "FORBIDDEN",
            "admin": "FORBIDDEN",
        },
    ),
    "answerAdvice+newUpdate": (
        "AnswerAdvice",
        lambda p, a: {"adviceId": a, "status": "ADOPTED", "newUpdate": _NEW_UPDATE},
        {
            "anonymous": "UNAUTHENTICATED",
            "citizen": "FORBIDDEN",
            "member": "FORBIDDEN",
            "finance": "FORBIDDEN",
            "moderator": "FORBIDDEN",
            "admin": "FORBIDDEN",
        },
    ),
}


@pytest.mark.parametrize("mutation", sorted(MATRIX))
@pytest.mark.parametrize("who", PEOPLE)
async def test_authorization_matrix(api: GraphQLClient, mutation: str, who: str) -> None:
    project = await make_project()
    advice = await make_advice(project)
    person = await _person(who, project)
    client = await api.as_user(person) if person else api
    operation, inputs, refusals = MATRIX[mutation]
    body = await client.run(operation, input=inputs(encode("Project", project.id), encode("Advice", advice.id)))
    expected = refusals.get(who)
    if expected:
        assert top_codes(body) == [expected]
        assert body["data"] is None
    else:
        assert top_codes(body) == []
        payload = next(iter(body["data"].values()))
        assert payload["errors"] == [] and payload["advice"] is not None


# --- N+1 guards -------------------------------------------------------------------------------------------------


async def test_the_advice_list_costs_the_same_whatever_its_size(api: GraphQLClient, sql: SQLCounter) -> None:
    small, large = await make_project(), await make_project(title="Un projet très conseillé")
    viewer = await make_user(name="Lectrice")
    client = await api.as_user(viewer)
    for project, count in ((small, 1), (large, 6)):
        for i in range(count):
            advice = await make_advice(project, body=f"Conseil numéro {i} pour ce projet.")
            await reply_to_advice(actor_of(viewer), advice.id, "Une réponse à ce conseil.")
            await vote_helpful(actor_of(viewer), advice.id)
    sql.reset()
    await client.run("ProjectAdvice", id=encode("Project", small.id))
    one = sql.count
    sql.reset()
    body = await client.run("ProjectAdvice", id=encode("Project", large.id))
    assert len(body["data"]["project"]["advice"]["edges"]) == 6
    assert sql.count == one


async def test_the_project_activity_tells_of_given_and_adopted_advice(api: GraphQLClient) -> None:
    project = await make_project(title="Un jardin partagé")
    advice = await make_advice(project)
    news = UpdateDraft("Un nouveau potager", "<p>Grâce à un conseil, un nouveau potager.</p>")
    await answer_advice(
        Actor(user_id=project.holder_id), advice.id, AdviceAnswer(AdviceStatus.ADOPTED, new_update=news)
    )
    body = await api.run("ProjectActivity", id=encode("Project", project.id))
    kinds = [e["node"]["kind"] for e in body["data"]["node"]["activity"]["edges"]]
    assert kinds[:3] == ["ADVICE_ADOPTED", "PROJECT_UPDATE_POSTED", "ADVICE_GIVEN"]


async def test_advice_is_reported_by_its_global_id_and_hidden_advice_is_gone(api: GraphQLClient) -> None:
    project = await make_project()
    advice = await make_advice(project)
    client = await api.as_user(await make_user(name="Signaleuse"))
    body = await client.run(
        "ReportContent", input={"subjectId": encode("Advice", advice.id), "reason": "SPAM", "text": "Publicité."}
    )
    assert body["data"]["reportContent"]["errors"] == [] and body["data"]["reportContent"]["reported"]
    own = await (await api.as_user(await User.get(id=advice.author_id))).run(
        "ReportContent", input={"subjectId": encode("Advice", advice.id), "reason": "SPAM"}
    )
    assert codes(own["data"]["reportContent"]) == ["NOT_REPORTABLE"]
    await ReportedContent.filter(kind="ADVICE", subject_id=advice.id).update(visibility=Visibility.HIDDEN)
    assert (await api.run("AdviceNode", id=encode("Advice", advice.id)))["data"]["node"] is None
    listed = await api.run("ProjectAdvice", id=encode("Project", project.id))
    assert listed["data"]["project"]["advice"]["totalCount"] == 0
