"""N+1 guard: the SQL statements of an operation do not grow with the page size."""

from colab.organizations.models import MembershipRole
from tests.api.conftest import GraphQLClient
from tests.conftest import SQLCounter, make_challenge, make_org, make_user, territory, theme


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
    assert fifty <= 6  # count, page, organizations, territories, themes


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
