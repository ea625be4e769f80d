"""API tokens: scopes (owner's rights ∩ scopes), mandatory expiry, last use, listing and revoking."""

from colab.accounts.models import ApiToken
from colab.accounts.service import issue_token
from colab.actors import Role, Scope
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import PASSWORD, make_user
from tests.ideas.factories import make_moderator

MARK_READ = "mutation { markNotificationsRead(input: {}) { unreadCount errors { code } } }"


async def _token(api: GraphQLClient, client: GraphQLClient, scopes: list[str], days: int = 30) -> dict:
    body = await client.run("CreateApiToken", input={"name": "Mon app", "scopes": scopes, "expiresInDays": days})
    return body["data"]["createApiToken"]


async def test_a_token_is_made_with_scopes_and_shown_once(api: GraphQLClient) -> None:
    client = await api.as_user(await make_user())
    made = await _token(api, client, ["READ"], 7)
    assert made["errors"] == [] and made["token"].startswith("colab_")
    assert made["apiToken"]["scopes"] == ["READ"] and made["apiToken"]["active"] is True
    listed = (await client.run("ApiTokens"))["data"]["viewer"]["apiTokens"]
    assert [t["name"] for t in listed] == ["Mon app", "test"]
    assert made["token"] not in str(listed)


async def test_a_read_only_token_reads_but_cannot_write(api: GraphQLClient) -> None:
    client = await api.as_user(await make_user())
    read_only = GraphQLClient(api.http, (await _token(api, client, ["READ"]))["token"])
    assert (await read_only.run("Viewer"))["data"]["viewer"] is not None
    body = await read_only.raw(MARK_READ)
    assert top_codes(body) == ["FORBIDDEN"] and body["data"] is None
    assert (await read_only.run("LogOut"))["data"]["logOut"]["revoked"] is True  # acting on itself stays allowed


async def test_a_token_never_does_more_than_its_owner(api: GraphQLClient) -> None:
    citizen = await api.as_user(await make_user())
    refused = await _token(api, citizen, ["READ", "CONTRIBUTE", "MODERATE"])
    assert codes(refused) == ["SCOPE_NOT_ALLOWED"] and refused["token"] is None
    assert await ApiToken.filter(scopes__contains="moderate", name="Mon app").count() == 0


async def test_a_moderators_token_without_the_moderate_scope_cannot_see_the_queue(api: GraphQLClient) -> None:
    moderator = await make_moderator()
    narrow = GraphQLClient(api.http, (await issue_token(moderator, "app", scopes={Scope.READ, Scope.CONTRIBUTE})).raw)
    assert top_codes(await narrow.run("ReviewQueue", first=5)) == ["FORBIDDEN"]
    full = GraphQLClient(api.http, (await issue_token(moderator, "app", scopes={Scope.READ, Scope.MODERATE})).raw)
    assert (await full.run("ReviewQueue", first=5))["data"]["reviewQueue"]["totalCount"] == 0


async def test_a_token_cannot_make_a_wider_token_than_itself(api: GraphQLClient) -> None:
    admin = await make_user(Role.ADMIN)
    narrow = GraphQLClient(api.http, (await issue_token(admin, "app", scopes={Scope.READ, Scope.CONTRIBUTE})).raw)
    refused = await _token(api, narrow, ["READ", "ADMIN"])
    assert codes(refused) == ["SCOPE_NOT_ALLOWED"]


async def test_every_token_expires_within_a_year(api: GraphQLClient) -> None:
    client = await api.as_user(await make_user())
    for days in (0, 366, -1):
        made = await _token(api, client, ["READ"], days)
        assert [(e["code"], e["field"]) for e in made["errors"]] == [("INVALID", "expiresInDays")], days


async def test_a_revoked_token_stops_working_and_others_tokens_are_not_found(api: GraphQLClient) -> None:
    client = await api.as_user(await make_user())
    made = await _token(api, client, ["READ", "CONTRIBUTE"])
    stranger = await api.as_user(await make_user())
    other = await stranger.run("RevokeApiToken", input={"id": made["apiToken"]["id"]})
    assert codes(other["data"]["revokeApiToken"]) == ["NOT_FOUND"]
    done = await client.run("RevokeApiToken", input={"id": made["apiToken"]["id"]})
    assert done["data"]["revokeApiToken"]["apiToken"]["active"] is False
    assert top_codes(await GraphQLClient(api.http, made["token"]).raw(MARK_READ)) == ["UNAUTHENTICATED"]


async def test_log_in_tokens_carry_every_scope_and_record_their_use(api: GraphQLClient) -> None:
    user = await make_user(email="camille@exemple.be")
    body = await api.run("LogIn", input={"email": "camille@exemple.be", "password": PASSWORD})
    token = body["data"]["logIn"]["token"]
    listed = (await api.run("ApiTokens", token=token))["data"]["viewer"]["apiTokens"]
    assert listed[0]["scopes"] == ["READ", "CONTRIBUTE", "MODERATE", "ADMIN"]
    assert listed[0]["lastUsedAt"] is not None
    assert (await ApiToken.get(user_id=user.id)).last_used_at is not None


async def test_node_finds_ones_own_token_only(api: GraphQLClient) -> None:
    client = await api.as_user(await make_user())
    made = await _token(api, client, ["READ"])
    query = "query($id: ID!) { node(id: $id) { ... on ApiToken { name } } }"
    assert (await client.raw(query, {"id": made["apiToken"]["id"]}))["data"]["node"] == {"name": "Mon app"}
    stranger = await api.as_user(await make_user())
    assert (await stranger.raw(query, {"id": made["apiToken"]["id"]}))["data"]["node"] is None
