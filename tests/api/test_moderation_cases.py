"""Reports and appeals over GraphQL, and the queue's subjects of every kind without N+1."""

from datetime import timedelta

from colab.accounts.models import User
from colab.api.ids import encode
from colab.validation import utcnow
from moderation.models import Decision, ReportedContent, Visibility
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import SQLCounter, actor_of, make_challenge, make_user
from tests.ideas.factories import item_of, make_moderator, submitted_idea
from tests.moderation.factories import decided, established


async def test_a_person_reports_a_challenge_once(api: GraphQLClient) -> None:
    challenge = await make_challenge()
    reporter = await api.as_user(await make_user())
    given = {"subjectId": encode("Challenge", challenge.id), "reason": "SPAM", "text": "Une publicité."}
    first = (await reporter.run("ReportContent", input=given))["data"]["reportContent"]
    assert (first["reported"], first["hidden"], first["errors"]) == (True, False, [])
    again = (await reporter.run("ReportContent", input=given))["data"]["reportContent"]
    assert (again["reported"], codes(again)) == (False, ["ALREADY_REPORTED"])


async def test_the_third_established_report_hides_the_content(api: GraphQLClient) -> None:
    challenge = await make_challenge()
    given = {"subjectId": encode("Challenge", challenge.id), "reason": "OFFENSIVE"}
    answers = []
    for i in range(3):
        reporter = await api.as_user(await established(f"Signaleur {i}"))
        answers.append((await reporter.run("ReportContent", input=given))["data"]["reportContent"]["hidden"])
    assert answers == [False, False, True]
    assert (await ReportedContent.get(subject_id=challenge.id)).visibility is Visibility.HIDDEN
    assert (await api.run("Challenge", id=encode("Challenge", challenge.id)))["data"]["challenge"] is None


async def test_reporting_needs_a_login_and_a_content_id(api: GraphQLClient) -> None:
    challenge = await make_challenge()
    given = {"subjectId": encode("Challenge", challenge.id), "reason": "SPAM"}
    assert top_codes(await api.run("ReportContent", input=given)) == ["UNAUTHENTICATED"]
    reporter = await api.as_user(await make_user())
    wrong = {"subjectId": encode("Territory", 1), "reason": "SPAM"}
    assert codes((await reporter.run("ReportContent", input=wrong))["data"]["reportContent"]) == ["INVALID_ID"]


async def test_an_author_appeals_a_rejection_once_and_reads_the_appeal(api: GraphQLClient) -> None:
    author = await make_user()
    idea = await submitted_idea(author)
    await decided(actor_of(await make_moderator("Première modératrice")), await item_of(idea), Decision.REJECT)
    client = await api.as_user(author)
    given = {"subjectId": encode("Idea", idea.id), "message": "Mon idée répond au défi."}
    appealed = (await client.run("AppealDecision", input=given))["data"]["appealDecision"]
    assert appealed["errors"] == [] and appealed["appeal"]["outcome"] is None
    again = (await client.run("AppealDecision", input=given))["data"]["appealDecision"]
    assert codes(again) == ["ALREADY_APPEALED"]
    read = await client.run("Appeal", id=appealed["appeal"]["id"])
    assert read["data"]["node"]["message"] == "Mon idée répond au défi."
    stranger = await api.as_user(await make_user())
    assert (await stranger.run("Appeal", id=appealed["appeal"]["id"]))["data"]["node"] is None


async def test_the_queue_shows_every_kinds_subject_in_a_fixed_number_of_statements(
    api: GraphQLClient, sql: SQLCounter
) -> None:
    for i in range(3):
        await submitted_idea(title=f"Une idée à examiner numéro {i}")
        challenge = await make_challenge()
        reporter = await make_user()
        await User.filter(id=reporter.id).update(created_at=utcnow() - timedelta(days=30))
        client = await api.as_user(reporter)
        given = {"subjectId": encode("Challenge", challenge.id), "reason": "SPAM"}
        assert (await client.run("ReportContent", input=given))["data"]["reportContent"]["errors"] == []
    moderator = await api.as_user(await make_moderator())

    async def statements(first: int, kind: str) -> int:
        sql.reset()
        body = await moderator.run("ReviewQueueSubjects", first=first, filter={"kind": kind})
        nodes = [e["node"] for e in body["data"]["reviewQueue"]["edges"]]
        assert len(nodes) == first and all(n["subject"]["title"] and n["kind"] == kind for n in nodes)
        return sql.count

    assert await statements(1, "REPORT") == await statements(3, "REPORT")
    assert await statements(1, "IDEA") == await statements(3, "IDEA")
    edges = (await moderator.run("ReviewQueueSubjects", first=6))["data"]["reviewQueue"]["edges"]
    assert {e["node"]["kind"] for e in edges} == {"IDEA", "REPORT"}
