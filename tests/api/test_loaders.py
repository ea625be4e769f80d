"""Per-request DataLoaders: built once per request, batched; the SQL statements of an operation do not grow
with the page size (N+1 guards)."""

import asyncio

from colab.accounts.models import User
from colab.api.accounts import USER
from colab.api.loaders import Loaders
from colab.organizations.models import MembershipRole
from tests.api.conftest import GraphQLClient
from tests.conftest import SQLCounter, make_challenge, make_org, make_user, territory, theme
from tests.ideas.factories import make_idea, make_moderator, submitted_idea


async def _seed(count: int) -> None:
    author = await make_user()
    orgs = [await make_org(members={author: MembershipRole.MEMBER}) for _ in range(3)]
    places = [(await territory(nis)).id for nis in ("92094", "62063", "52011")]
    themes = [(await theme(slug)).id for slug in ("mobilite", "energie", "culture")]
    for n in range(count):
        await make_challenge(
            org=orgs[n % 3],
            author=author,
            title=f"Défi numéro {n:03d}",
            territory_id=places[n % 3],
            theme_ids=themes[: 1 + n % 3],
        )


async def _statements(api: GraphQLClient, sql: SQLCounter, first: int) -> int:
    sql.reset()
    body = await api.run("ChallengeList", first=first)
    assert len(body["data"]["challenges"]["edges"]) == first
    assert all(e["node"]["themes"] and e["node"]["organization"]["name"] for e in body["data"]["challenges"]["edges"])
    return sql.count


async def test_listing_5_or_50_challenges_issues_the_same_number_of_statements(
    api: GraphQLClient, sql: SQLCounter
) -> None:
    await _seed(50)
    five = await _statements(api, sql, 5)
    fifty = await _statements(api, sql, 50)
    assert five == fifty
    # the read cache's generation, then the page with its count, organizations and theme ids (territories and
    # themes: per-process reference data)
    assert fifty <= 2


async def test_organizations_with_their_territory_do_not_grow_with_the_page(
    api: GraphQLClient, sql: SQLCounter
) -> None:
    for _ in range(12):
        await make_org()
    sql.reset()
    await api.run("Organizations", first=2)
    small = sql.count
    sql.reset()
    await api.run("Organizations", first=12)
    assert sql.count == small


async def test_organizations_with_their_challenges_do_not_grow_with_the_page(
    api: GraphQLClient, sql: SQLCounter
) -> None:
    author = await make_user()
    for n in range(6):
        org = await make_org(name=f"Organisation {n}", members={author: MembershipRole.MEMBER})
        for k in range(n % 3 + 1):
            await make_challenge(org=org, author=author, title=f"Défi {n}-{k}")
    query = (
        "query($first: Int) { organizations(first: $first) { edges { node { name "
        "challenges(first: 2) { totalCount edges { node { title themes { name } } } } } } } }"
    )
    sql.reset()
    small = await api.raw(query, {"first": 2})
    two = sql.count
    sql.reset()
    large = await api.raw(query, {"first": 6})
    assert sql.count == two
    pages = {e["node"]["name"]: e["node"]["challenges"] for e in large["data"]["organizations"]["edges"]}
    assert pages["Organisation 2"]["totalCount"] == 3
    assert [e["node"]["title"] for e in pages["Organisation 2"]["edges"]] == ["Défi 2-2", "Défi 2-1"]
    assert pages["Organisation 0"]["totalCount"] == 1
    assert len(small["data"]["organizations"]["edges"]) == 2


async def _ideas(api: GraphQLClient, sql: SQLCounter, author: User, first: int) -> int:
    client = await api.as_user(author)
    sql.reset()
    body = await client.run("IdeaList", first=first, filter={"mine": True})
    edges = body["data"]["ideas"]["edges"]
    assert len(edges) == first
    assert all(e["node"]["themes"] and e["node"]["challenge"] and e["node"]["authorName"] for e in edges)
    return sql.count


async def test_listing_5_or_25_ideas_issues_the_same_number_of_statements(api: GraphQLClient, sql: SQLCounter) -> None:
    author = await make_user()
    challenges = [await make_challenge(title=f"Défi numéro {n}") for n in range(3)]
    for n in range(25):
        await make_idea(author, challenges[n % 3], title=f"Idée numéro {n:03d}")
    five = await _ideas(api, sql, author, 5)
    twenty_five = await _ideas(api, sql, author, 25)
    assert five == twenty_five


async def _queue(client: GraphQLClient, sql: SQLCounter, first: int) -> int:
    sql.reset()
    body = await client.run("ReviewQueue", first=first)
    edges = body["data"]["reviewQueue"]["edges"]
    assert len(edges) == first
    assert all(e["node"]["idea"]["title"] and e["node"]["author"]["history"]["submissions"] for e in edges)
    return sql.count


async def test_the_review_queue_of_5_or_25_items_issues_the_same_number_of_statements(
    api: GraphQLClient, sql: SQLCounter
) -> None:
    authors = [await make_user() for _ in range(5)]
    for n in range(25):
        await submitted_idea(authors[n % 5], title=f"Idée à examiner numéro {n:03d}")
    client = await api.as_user(await make_moderator())
    five = await _queue(client, sql, 5)
    twenty_five = await _queue(client, sql, 25)
    assert five == twenty_five


async def test_a_loader_is_built_once_per_request_and_batches(db: None, sql: SQLCounter) -> None:
    users = [await make_user() for _ in range(3)]
    loaders = Loaders()
    assert loaders[USER] is loaders[USER] and Loaders()[USER] is not loaders[USER]
    sql.reset()
    found = await asyncio.gather(*(loaders[USER].load(u.id) for u in users), loaders[USER].load(999_999))
    assert [u.id if u else None for u in found] == [*(u.id for u in users), None]
    assert sql.count == 1
    await loaders[USER].load(users[0].id)
    assert sql.count == 1  # cached for the rest of the request


async def test_a_forgotten_loader_reads_again(db: None, sql: SQLCounter) -> None:
    user = await make_user()
    loaders = Loaders()
    await loaders[USER].load(user.id)
    loaders.forget(USER)
    sql.reset()
    await loaders[USER].load(user.id)
    assert sql.count == 1


async def test_a_connection_s_loaders_batch_but_do_not_cache(db: None, sql: SQLCounter) -> None:
    user = await make_user(name="Avant")
    loaders = Loaders(cache=False)
    assert (await loaders[USER].load(user.id)).display_name == "Avant"
    await User.filter(id=user.id).update(display_name="Après")
    sql.reset()
    assert (await loaders[USER].load(user.id)).display_name == "Après"
    assert sql.count == 1
