"""Activity and parked deliveries through GraphQL: public feeds in pages, a list's feeds without N+1, admins only
for the worker's parked deliveries."""

from __future__ import annotations

from datetime import timedelta

from colab.actors import Role
from colab.api.ids import encode
from colab.events.consumers import CONSUMERS, Consumer
from colab.events.models import Delivery, DeliveryStatus
from colab.events.worker import Worker, WorkerSettings
from colab.validation import utcnow
from tests.activity.factories import public_history
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import SQLCounter, make_challenge, make_user
from tests.events.conftest import Happened, happened


async def test_the_lab_feed_pages_through_public_events(api: GraphQLClient) -> None:
    history = await public_history()
    first = (await api.run("LabActivity", first=3))["data"]["activity"]
    assert first["totalCount"] == 4 and first["pageInfo"]["hasNextPage"]
    newest = first["edges"][0]["node"]
    assert (newest["kind"], newest["subjectId"]) == ("PROJECT_OPENED", encode("Project", history.project.id))
    assert newest["summary"] == "L'idée « Un atelier de réparation de vélos » est admise et devient un projet."
    rest = (await api.run("LabActivity", first=3, after=first["pageInfo"]["endCursor"]))["data"]["activity"]
    assert [e["node"]["kind"] for e in rest["edges"]] == ["CHALLENGE_PUBLISHED"]


async def test_a_project_feed_through_node(api: GraphQLClient) -> None:
    history = await public_history()
    body = await api.run("ProjectActivity", id=encode("Project", history.project.id))
    assert body["data"]["node"]["activity"]["edges"] == [
        {
            "node": {
                "kind": "PROJECT_OPENED",
                "summary": "L'idée « Un atelier de réparation de vélos » est admise et devient un projet.",
            }
        }
    ]


async def test_the_feeds_of_a_challenge_list_do_not_grow_with_the_page(api: GraphQLClient, sql: SQLCounter) -> None:
    for n in range(9):
        await make_challenge(title=f"Défi de test numéro {n}")
    history = await public_history()
    sql.reset()
    small = await api.run("ChallengesActivity", first=2, activityFirst=2)
    few = sql.count
    sql.reset()
    large = await api.run("ChallengesActivity", first=10, activityFirst=2)
    assert sql.count == few
    edges = large["data"]["challenges"]["edges"]
    assert len(edges) == 10 and len(small["data"]["challenges"]["edges"]) == 2
    counts = {e["node"]["id"]: e["node"]["activity"]["totalCount"] for e in edges}
    assert counts.pop(encode("Challenge", history.challenge.id)) == 2
    assert set(counts.values()) == {1}


async def _parked() -> Delivery:
    async def broken(event: Happened, row: object) -> None:
        raise ConnectionError("injoignable")

    CONSUMERS["test.broken"] = Consumer("test.broken", broken, frozenset({Happened.kind}), "start")
    try:
        await happened(1)
        await Worker(WorkerSettings(max_attempts=1)).run_once(utcnow() + timedelta(seconds=1))
    finally:
        CONSUMERS.pop("test.broken")
    return await Delivery.get(consumer="test.broken")


async def test_admins_see_and_retry_parked_deliveries(api: GraphQLClient) -> None:
    parked = await _parked()
    admin = await api.as_user(await make_user(Role.ADMIN))
    listed = (await admin.run("ParkedDeliveries"))["data"]["parkedDeliveries"]
    node = listed["edges"][0]["node"]
    assert (listed["totalCount"], node["consumer"], node["eventKind"], node["attempts"]) == (
        1,
        "test.broken",
        "test.happened",
        1,
    )
    assert "injoignable" in node["lastError"]
    done = await admin.run("RetryDelivery", input={"id": node["id"]})
    assert done["data"]["retryDelivery"] == {"retried": True, "errors": []}
    again = await Delivery.get(id=parked.id)
    assert (again.status, again.attempts) == (DeliveryStatus.PENDING, 0)
    twice = await admin.run("RetryDelivery", input={"id": node["id"]})
    assert codes(twice["data"]["retryDelivery"]) == ["ILLEGAL_TRANSITION"]
    unknown = await admin.run("RetryDelivery", input={"id": encode("Delivery", 2**31 - 1)})
    assert codes(unknown["data"]["retryDelivery"]) == ["NOT_FOUND"]


async def test_parked_deliveries_are_for_admins_only(api: GraphQLClient) -> None:
    parked = await _parked()
    citizen = await api.as_user(await make_user())
    assert top_codes(await citizen.run("ParkedDeliveries")) == ["FORBIDDEN"]
    assert top_codes(await api.run("ParkedDeliveries")) == ["UNAUTHENTICATED"]
    refused = await citizen.run("RetryDelivery", input={"id": encode("Delivery", parked.id)})
    assert top_codes(refused) == ["FORBIDDEN"]
    assert (await Delivery.get(id=parked.id)).status is DeliveryStatus.PARKED


def test_every_kind_the_feeds_show_has_its_graphql_value() -> None:
    """A domain that shows a new event kind in the feeds (tell_in_activity) must name it in ActivityKind."""
    from colab.activity.service import activity_kinds
    from colab.api.activity import ActivityKind

    assert set(activity_kinds()) <= {k.value for k in ActivityKind}
