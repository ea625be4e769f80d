"""Challenges through GraphQL: post, edit, close, the public list with filters, and bad input."""

from datetime import timedelta
from typing import Any

from colab.actors import Role
from colab.api.ids import encode
from colab.challenges.models import Challenge, ChallengeStatus, Need
from colab.organizations.models import MembershipRole, Organization
from colab.validation import utcnow
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import make_challenge, make_org, make_user, territory, theme


async def _input(org: Organization, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organizationId": encode("Organization", org.id),
        "title": "Des potagers partagés à Liège",
        "summary": "Transformer les friches urbaines en potagers partagés entre voisins.",
        "body": "<p>Nous avons des terrains, il nous manque des <strong>bras</strong>.</p>",
        "territoryId": encode("Territory", (await territory("62063")).id),
        "themeIds": [encode("Theme", (await theme("climat-environnement")).id)],
        "needs": ["HANDS", "ADVICE"],
        "ideasOpenUntil": (utcnow() + timedelta(days=60)).isoformat(),
    }
    values.update(overrides)
    return values


async def test_a_member_of_a_verified_organization_publishes_at_once(api: GraphQLClient) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    client = await api.as_user(member)
    body = await client.run("PostChallenge", input=await _input(org))
    payload = body["data"]["postChallenge"]
    assert payload["errors"] == []
    assert payload["challenge"]["status"] == "PUBLISHED"
    assert payload["challenge"]["territory"] == {"nisCode": "62063"}
    assert payload["challenge"]["needs"] == ["ADVICE", "HANDS"]


async def test_a_challenge_of_an_unverified_organization_waits_for_review(api: GraphQLClient) -> None:
    member = await make_user()
    org = await make_org(verified=False, members={member: MembershipRole.MEMBER})
    client = await api.as_user(member)
    body = await client.run("PostChallenge", input=await _input(org))
    challenge = body["data"]["postChallenge"]["challenge"]
    assert challenge["status"] == "PENDING_REVIEW"
    public = await api.run("Challenge", id=challenge["id"])
    assert public["data"]["challenge"] is None
    own = await client.run("Challenge", id=challenge["id"])
    assert own["data"]["challenge"]["status"] == "PENDING_REVIEW"


async def test_script_in_the_body_is_removed_on_write(api: GraphQLClient) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    client = await api.as_user(member)
    body_html = (
        '<p onclick="steal()">Bonjour à tous les voisins <script>alert(1)</script><a href="javascript:x()">lien</a></p>'
    )
    body = await client.run("PostChallenge", input=await _input(org, body=body_html))
    stored = (await Challenge.get()).body
    assert "script" not in stored and "onclick" not in stored and "javascript" not in stored
    assert body["data"]["postChallenge"]["challenge"]["body"] == stored


async def test_bad_fields_are_all_reported_and_nothing_is_written(api: GraphQLClient) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    client = await api.as_user(member)
    bad = await _input(
        org,
        title="x" * 121,
        summary="",
        territoryId=encode("Territory", 999999),
        themeIds=[encode("Theme", 999999)],
        needs=[],
        ideasOpenUntil=(utcnow() - timedelta(days=1)).isoformat(),
    )
    body = await client.run("PostChallenge", input=bad)
    errors = {e["field"]: e["code"] for e in body["data"]["postChallenge"]["errors"]}
    assert errors == {
        "title": "TOO_LONG",
        "summary": "REQUIRED",
        "territoryId": "UNKNOWN_TERRITORY",
        "themeIds": "UNKNOWN_THEME",
        "needs": "NEEDS_REQUIRED",
        "ideasOpenUntil": "DATE_IN_PAST",
    }
    assert body["data"]["postChallenge"]["challenge"] is None
    assert await Challenge.all().count() == 0


async def test_a_theme_id_of_another_type_is_invalid(api: GraphQLClient) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    client = await api.as_user(member)
    body = await client.run("PostChallenge", input=await _input(org, themeIds=[encode("Territory", 1)]))
    errors = body["data"]["postChallenge"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_ID", "themeIds")]


async def test_a_non_member_cannot_post_for_an_organization(api: GraphQLClient) -> None:
    org = await make_org()
    client = await api.as_user(await make_user())
    body = await client.run("PostChallenge", input=await _input(org))
    assert top_codes(body) == ["FORBIDDEN"]
    assert await Challenge.all().count() == 0


async def test_anonymous_cannot_post(api: GraphQLClient) -> None:
    body = await api.run("PostChallenge", input=await _input(await make_org()))
    assert top_codes(body) == ["UNAUTHENTICATED"]


async def test_a_manager_edits_only_the_fields_given(api: GraphQLClient) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org, author=manager)
    client = await api.as_user(manager)
    body = await client.run(
        "UpdateChallenge", input={"challengeId": encode("Challenge", challenge.id), "title": "Un nouveau titre clair"}
    )
    updated = body["data"]["updateChallenge"]["challenge"]
    assert updated["title"] == "Un nouveau titre clair"
    assert updated["summary"] == challenge.summary
    assert updated["themes"] == [{"slug": "mobilite"}]


async def test_a_plain_member_cannot_edit(api: GraphQLClient) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    challenge = await make_challenge(org=org, author=member)
    client = await api.as_user(member)
    body = await client.run(
        "UpdateChallenge", input={"challengeId": encode("Challenge", challenge.id), "title": "Piraté !"}
    )
    assert top_codes(body) == ["FORBIDDEN"]
    assert (await Challenge.get(id=challenge.id)).title == challenge.title


async def test_a_manager_closes_once_and_a_closed_challenge_cannot_be_edited(api: GraphQLClient) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org, author=manager)
    client = await api.as_user(manager)
    ref = {"challengeId": encode("Challenge", challenge.id)}
    closed = await client.run("CloseChallenge", input=ref)
    assert closed["data"]["closeChallenge"]["challenge"]["status"] == "CLOSED"
    assert closed["data"]["closeChallenge"]["challenge"]["acceptingIdeas"] is False
    again = await client.run("CloseChallenge", input=ref)
    assert codes(again["data"]["closeChallenge"]) == ["CHALLENGE_CLOSED"]
    edit = await client.run("UpdateChallenge", input={**ref, "title": "Trop tard pour changer"})
    assert codes(edit["data"]["updateChallenge"]) == ["CHALLENGE_CLOSED"]


async def test_an_admin_can_close_any_challenge(api: GraphQLClient) -> None:
    challenge = await make_challenge()
    admin = await api.as_user(await make_user(Role.ADMIN))
    body = await admin.run("CloseChallenge", input={"challengeId": encode("Challenge", challenge.id)})
    assert body["data"]["closeChallenge"]["challenge"]["status"] == "CLOSED"


async def test_the_list_is_newest_first_and_filters_by_province_theme_need_and_text(api: GraphQLClient) -> None:
    mobility, culture = (await theme("mobilite")).id, (await theme("culture")).id
    namur_city = await make_challenge(title="Vélos à Namur", territory_id=(await territory("92094")).id)
    await make_challenge(
        title="Musique à Liège", territory_id=(await territory("62063")).id, theme_ids=[culture], needs=[Need.FUNDS]
    )
    dinant = await make_challenge(title="Énergie à Dinant", territory_id=(await territory("91034")).id)
    everything = await api.run("ChallengeList")
    titles = [e["node"]["title"] for e in everything["data"]["challenges"]["edges"]]
    assert titles == ["Énergie à Dinant", "Musique à Liège", "Vélos à Namur"]

    async def titles_for(**filter: Any) -> list[str]:
        body = await api.run("ChallengeList", filter=filter)
        return sorted(e["node"]["title"] for e in body["data"]["challenges"]["edges"])

    province_of_namur = encode("Territory", (await territory("90000")).id)
    assert await titles_for(territoryId=province_of_namur) == sorted([namur_city.title, dinant.title])
    assert await titles_for(themeId=encode("Theme", mobility)) == sorted([namur_city.title, dinant.title])
    assert await titles_for(need="FUNDS") == ["Musique à Liège"]
    assert await titles_for(search="energie DINANT") == ["Énergie à Dinant"]


async def test_pagination_walks_every_item_once(api: GraphQLClient) -> None:
    org = await make_org()
    author = await make_user()
    for n in range(5):
        await make_challenge(org=org, author=author, title=f"Défi numéro {n}")
    seen: list[str] = []
    after = None
    while True:
        body = await api.run("ChallengeList", first=2, after=after)
        page = body["data"]["challenges"]
        assert page["totalCount"] == 5
        seen += [e["node"]["title"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"Défi numéro {n}" for n in reversed(range(5))]


async def test_pending_challenges_are_not_in_the_public_list(api: GraphQLClient) -> None:
    await make_challenge(org=await make_org(verified=False))
    body = await api.run("ChallengeList")
    assert body["data"]["challenges"]["totalCount"] == 0


async def test_a_page_over_one_hundred_is_refused(api: GraphQLClient) -> None:
    body = await api.run("ChallengeList", first=101)
    assert top_codes(body) == ["INVALID"]
    assert body["data"] is None


async def test_a_forged_cursor_is_refused(api: GraphQLClient) -> None:
    body = await api.run("ChallengeList", after="bm90LWEtY3Vyc29y")
    assert top_codes(body) == ["INVALID"]


async def test_a_malformed_challenge_id_is_invalid(api: GraphQLClient) -> None:
    body = await api.run("Challenge", id="%%%")
    assert top_codes(body) == ["INVALID_ID"]


async def test_node_finds_a_challenge_and_hides_a_pending_one(api: GraphQLClient) -> None:
    public = await make_challenge(title="Un défi public")
    pending = await make_challenge(org=await make_org(verified=False))
    found = await api.run("Node", id=encode("Challenge", public.id))
    assert found["data"]["node"]["__typename"] == "Challenge"
    assert found["data"]["node"]["title"] == "Un défi public"
    hidden = await api.run("Node", id=encode("Challenge", pending.id))
    assert hidden["data"]["node"] is None
    assert (await Challenge.get(id=pending.id)).status is ChallengeStatus.PENDING_REVIEW


async def test_ids_beyond_the_integer_range_are_invalid_not_crashes(api: GraphQLClient) -> None:
    huge = encode("Challenge", 99_999_999_999_999)
    body = await api.run("Challenge", id=huge)
    assert top_codes(body) == ["INVALID_ID"]
    node = await api.run("Node", id=huge)
    assert top_codes(node) == ["INVALID_ID"]
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MANAGER})
    client = await api.as_user(member)
    closing = await client.run("CloseChallenge", input={"challengeId": huge})
    assert codes(closing["data"]["closeChallenge"]) == ["INVALID_ID"]
    posting = await client.run("PostChallenge", input=await _input(org, territoryId=encode("Territory", 2**40)))
    assert codes(posting["data"]["postChallenge"]) == ["INVALID_ID"]
