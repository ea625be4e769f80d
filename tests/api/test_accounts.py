"""signUp, logIn, logOut, viewer and bearer-token authentication through GraphQL."""

from datetime import timedelta

from colab.accounts.models import ApiToken, User
from colab.accounts.service import issue_token
from colab.notifications.models import Notification, NotificationKind
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import PASSWORD, make_user

SIGN_UP = {"email": "Lea.Martin@Exemple.be", "password": "un-mot-de-passe-long", "displayName": "Léa Martin"}


async def test_sign_up_creates_a_citizen_with_a_lowercased_email(api: GraphQLClient) -> None:
    body = await api.run("SignUp", input=SIGN_UP)
    assert body["data"]["signUp"] == {"accepted": True, "errors": []}
    user = await User.get(email="lea.martin@exemple.be")
    assert user.role.value == "CITIZEN"
    assert user.password_hash.startswith("$argon2")


async def test_sign_up_with_a_taken_email_answers_like_a_free_one_and_tells_the_owner(api: GraphQLClient) -> None:
    await api.run("SignUp", input=SIGN_UP)
    owner = await User.get(email="lea.martin@exemple.be")
    free = await api.run("SignUp", input={**SIGN_UP, "email": "quelquun.dautre@exemple.be"})
    taken = await api.run("SignUp", input={**SIGN_UP, "email": "LEA.MARTIN@exemple.be"})
    assert taken == free == {"data": {"signUp": {"accepted": True, "errors": []}}}
    assert await User.filter(email="lea.martin@exemple.be").count() == 1
    told = await Notification.filter(user_id=owner.id).values_list("kind", flat=True)
    assert told == [NotificationKind.SIGNUP_ATTEMPT]


async def test_sign_up_reports_every_bad_field_and_writes_nothing(api: GraphQLClient) -> None:
    body = await api.run("SignUp", input={"email": "pas-une-adresse", "password": "court", "displayName": ""})
    errors = {e["field"]: e["code"] for e in body["data"]["signUp"]["errors"]}
    assert errors == {"email": "INVALID_EMAIL", "password": "PASSWORD_TOO_SHORT", "displayName": "REQUIRED"}
    assert await User.all().count() == 0


async def test_log_in_returns_a_token_stored_only_as_a_hash(api: GraphQLClient) -> None:
    user = await make_user(email="camille@exemple.be")
    body = await api.run("LogIn", input={"email": "Camille@exemple.be", "password": PASSWORD})
    payload = body["data"]["logIn"]
    assert payload["errors"] == []
    token = payload["token"]
    assert token.startswith("colab_")
    stored = await ApiToken.get(user_id=user.id)
    assert token not in stored.token_hash
    viewer = await api.run("Viewer", token=token)
    assert viewer["data"]["viewer"]["email"] == "camille@exemple.be"


async def test_log_in_with_a_wrong_password_is_refused(api: GraphQLClient) -> None:
    await make_user(email="camille@exemple.be")
    body = await api.run("LogIn", input={"email": "camille@exemple.be", "password": "mauvais-mot-de-passe"})
    assert codes(body["data"]["logIn"]) == ["INVALID_CREDENTIALS"]
    assert body["data"]["logIn"]["token"] is None
    assert await ApiToken.all().count() == 0


async def test_log_out_revokes_the_token(api: GraphQLClient) -> None:
    client = await api.as_user(await make_user())
    body = await client.run("LogOut")
    assert body["data"]["logOut"] == {"revoked": True, "errors": []}
    after = await client.run("Viewer")
    assert top_codes(after) == ["UNAUTHENTICATED"]


async def test_log_out_without_a_token_is_unauthenticated(api: GraphQLClient) -> None:
    body = await api.run("LogOut")
    assert top_codes(body) == ["UNAUTHENTICATED"]
    assert body["data"] is None


async def test_viewer_is_null_for_anonymous_requests(api: GraphQLClient) -> None:
    body = await api.run("Viewer")
    assert body == {"data": {"viewer": None}}


async def test_an_expired_token_gets_token_expired(api: GraphQLClient) -> None:
    user = await make_user()
    issued = await issue_token(user, "old", lifetime=timedelta(seconds=-1))
    body = await api.run("Viewer", token=issued.raw)
    assert top_codes(body) == ["TOKEN_EXPIRED"]


async def test_an_unknown_token_is_unauthenticated(api: GraphQLClient) -> None:
    body = await api.run("Viewer", token="colab_not-a-real-token")
    assert top_codes(body) == ["UNAUTHENTICATED"]


async def test_the_session_cookie_does_not_authenticate_graphql(api: GraphQLClient) -> None:
    # GraphQL takes bearer tokens only, so a page cannot be tricked into writing through it (CSRF)
    await make_user(email="camille@exemple.be")
    api.http.cookies.set("colab_session", "forged")
    body = await api.run("Viewer")
    assert body == {"data": {"viewer": None}}
