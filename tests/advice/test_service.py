"""Advice: given by anyone signed in, sanitized, one level of replies, "utile" votes, the page's order."""

import pytest

from colab.actors import ANONYMOUS, Actor, Scope
from colab.advice.models import Advice, AdviceKind, HelpfulVote
from colab.advice.service import (
    AdviceDraft,
    advice_of,
    give_advice,
    replies_of,
    reply_to_advice,
    unvote_helpful,
    vote_helpful,
    voted_among,
)
from colab.errors import ColabError, ErrorCode
from moderation.models import ReportReason
from moderation.reports import ReportRule, report_content
from tests.advice.factories import make_advice
from tests.conftest import actor_of, make_user
from tests.moderation.factories import established
from tests.projects.factories import make_project


async def test_a_citizen_gives_sanitized_advice(db: None) -> None:
    project = await make_project()
    citizen = await make_user(name="Citoyenne")
    advice = await give_advice(
        actor_of(citizen), project.id, AdviceDraft(AdviceKind.ADVICE, "<p>Pensez aux <script>x</script>gares</p>")
    )
    assert advice.project_id == project.id and advice.author_id == citizen.id
    assert "<script>" not in advice.body and "gares" in advice.body
    assert not advice.open_question


async def test_anonymous_and_read_only_tokens_cannot_give_advice(db: None) -> None:
    project = await make_project()
    with pytest.raises(ColabError) as anonymous:
        await give_advice(ANONYMOUS, project.id, AdviceDraft(AdviceKind.ADVICE, "Un conseil utile."))
    assert anonymous.value.code is ErrorCode.UNAUTHENTICATED
    user = await make_user()
    read_only = Actor(user_id=user.id, scopes=frozenset({Scope.READ}))
    with pytest.raises(ColabError) as forbidden:
        await give_advice(read_only, project.id, AdviceDraft(AdviceKind.ADVICE, "Un conseil utile."))
    assert forbidden.value.code is ErrorCode.FORBIDDEN


@pytest.mark.parametrize(
    ("body", "code"),
    [("", ErrorCode.REQUIRED), ("Oui", ErrorCode.TOO_SHORT), ("x" * 5001, ErrorCode.TOO_LONG)],
)
async def test_the_text_is_bounded(db: None, body: str, code: ErrorCode) -> None:
    project = await make_project()
    with pytest.raises(ColabError) as refused:
        await make_advice(project, body=body)
    assert refused.value.code is code and refused.value.field == "body"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://exemple.be/doc", "https://", "exemple.be", "https://a@b.be/", "https://x.be/a b"],
)
async def test_a_resource_link_must_be_http_or_https(db: None, url: str) -> None:
    project = await make_project()
    with pytest.raises(ColabError) as refused:
        await make_advice(project, kind=AdviceKind.RESOURCE, url=url)
    assert refused.value.code is ErrorCode.INVALID_URL and refused.value.field == "url"


async def test_a_resource_keeps_its_link_and_a_long_link_is_refused(db: None) -> None:
    project = await make_project()
    resource = await make_advice(project, kind=AdviceKind.RESOURCE, url="https://mobilite.wallonie.be/guide")
    assert resource.url == "https://mobilite.wallonie.be/guide"
    with pytest.raises(ColabError) as refused:
        await make_advice(project, kind=AdviceKind.RESOURCE, url="https://exemple.be/" + "a" * 500)
    assert refused.value.code is ErrorCode.TOO_LONG


async def test_only_a_resource_carries_a_link(db: None) -> None:
    project = await make_project()
    with pytest.raises(ColabError) as refused:
        await make_advice(project, kind=AdviceKind.ADVICE, url="https://exemple.be")
    assert refused.value.code is ErrorCode.INVALID and refused.value.field == "url"


async def test_advice_on_an_unknown_project_is_not_found(db: None) -> None:
    user = await make_user()
    with pytest.raises(ColabError) as refused:
        await give_advice(actor_of(user), 999_999, AdviceDraft(AdviceKind.ADVICE, "Un conseil utile."))
    assert refused.value.code is ErrorCode.NOT_FOUND


async def test_replies_go_one_level_deep(db: None) -> None:
    project = await make_project()
    advice = await make_advice(project)
    replier = actor_of(await make_user(name="Répondante"))
    reply = await reply_to_advice(replier, advice.id, "Bonne idée, la salle est gratuite.")
    assert reply.parent_id == advice.id and reply.project_id == project.id
    with pytest.raises(ColabError) as refused:
        await reply_to_advice(replier, reply.id, "Et une réponse à la réponse ?")
    assert refused.value.code is ErrorCode.REPLY_TO_REPLY
    assert [r.id for r in (await replies_of([advice.id]))[advice.id]] == [reply.id]
    items, total = await advice_of(project.id)
    assert [a.id for a in items] == [advice.id] and total == 1  # replies are not listed at the top


async def test_one_helpful_vote_per_person_undoable(db: None) -> None:
    project = await make_project()
    advice = await make_advice(project)
    voter = actor_of(await make_user(name="Votante"))
    assert (await vote_helpful(voter, advice.id)).helpful_count == 1
    with pytest.raises(ColabError) as twice:
        await vote_helpful(voter, advice.id)
    assert twice.value.code is ErrorCode.ALREADY_VOTED
    assert await voted_among(voter.user_id, [advice.id]) == {advice.id}
    assert (await unvote_helpful(voter, advice.id)).helpful_count == 0
    assert (await unvote_helpful(voter, advice.id)).helpful_count == 0  # undoing twice changes nothing
    assert not await HelpfulVote.exists(advice_id=advice.id)


async def test_nobody_votes_for_their_own_advice(db: None) -> None:
    project = await make_project()
    author = await make_user(name="Autrice")
    advice = await make_advice(project, author)
    with pytest.raises(ColabError) as refused:
        await vote_helpful(actor_of(author), advice.id)
    assert refused.value.code is ErrorCode.OWN_ADVICE


async def test_open_questions_first_then_helpful_then_newest(db: None) -> None:
    project = await make_project()
    old = await make_advice(project, body="Un ancien conseil peu voté.")
    helpful = await make_advice(project, body="Un conseil très utile.")
    question = await make_advice(project, kind=AdviceKind.QUESTION, body="Quel budget pour la salle ?")
    newest = await make_advice(project, body="Le conseil le plus récent.")
    await vote_helpful(actor_of(await make_user()), helpful.id)
    items, total = await advice_of(project.id)
    assert [a.id for a in items] == [question.id, helpful.id, newest.id, old.id] and total == 4
    questions, _ = await advice_of(project.id, AdviceKind.QUESTION)
    assert [a.id for a in questions] == [question.id]


async def test_reported_advice_is_hidden_from_lists(db: None) -> None:
    project = await make_project()
    advice = await make_advice(project)
    reply = await make_advice(project)
    reply_row = await reply_to_advice(actor_of(await make_user()), reply.id, "Une réponse qui sera signalée.")
    rule = ReportRule(threshold=1)
    await report_content(actor_of(await established()), "ADVICE", advice.id, ReportReason.SPAM, rule=rule)
    await report_content(actor_of(await established()), "ADVICE", reply_row.id, ReportReason.SPAM, rule=rule)
    items, total = await advice_of(project.id)
    assert [a.id for a in items] == [reply.id] and total == 1
    assert (await replies_of([reply.id]))[reply.id] == []
    with pytest.raises(ColabError) as hidden:
        await vote_helpful(actor_of(await make_user()), advice.id)
    assert hidden.value.code is ErrorCode.NOT_FOUND
    assert await Advice.exists(id=advice.id)  # hidden, never deleted
