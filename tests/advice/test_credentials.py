"""Expert credentials: asked from the profile, decided in the review queue, shown as a label while unexpired."""

from datetime import timedelta

import pytest

from colab.actors import ANONYMOUS
from colab.advice.credentials import (
    credentials_of,
    expertise_labels,
    request_credential,
    set_credential_expiry,
)
from colab.advice.models import CREDENTIAL_REVIEW_KIND, CredentialStatus, ExpertCredential
from colab.errors import ColabError, ErrorCode
from colab.notifications.models import Notification, NotificationKind
from colab.notifications.wording import describe
from colab.validation import utcnow
from moderation.models import Decision, ReviewItem
from moderation.queue import claim
from tests.conftest import actor_of, make_user, theme
from tests.ideas.factories import make_moderator
from tests.moderation.factories import decided

EVIDENCE = "Ingénieure en mobilité douce depuis douze ans au service d'une commune."


async def _requested(name: str = "Ingénieure Lambert") -> ExpertCredential:
    user = await make_user(name=name)
    return await request_credential(actor_of(user), (await theme("mobilite")).id, EVIDENCE, "https://exemple.be/cv")


async def _item(credential: ExpertCredential) -> ReviewItem:
    return await ReviewItem.get(kind=CREDENTIAL_REVIEW_KIND, subject_id=credential.id)


async def test_a_request_goes_to_the_review_queue(db: None) -> None:
    credential = await _requested()
    assert credential.status is CredentialStatus.REQUESTED
    item = await _item(credential)
    assert item.author_id == credential.user_id and "Mobilité" in item.title


async def test_a_moderator_grants_it_with_the_configured_expiry_and_the_expert_is_told(db: None) -> None:
    credential = await _requested()
    moderator = actor_of(await make_moderator())
    await decided(moderator, await _item(credential), Decision.ADMIT)
    await credential.refresh_from_db()
    assert credential.status is CredentialStatus.GRANTED and credential.granted_by_id == moderator.user_id
    assert credential.expires_at is not None
    assert timedelta(days=729) < credential.expires_at - utcnow() <= timedelta(days=730)
    notices = await Notification.filter(user_id=credential.user_id, kind=NotificationKind.CREDENTIAL_GRANTED)
    await describe(notices)
    assert [n.title for n in notices] == ["Votre expertise est reconnue par la modération : Mobilité"]
    mobility = (await theme("mobilite")).id
    assert await expertise_labels([credential.user_id], [mobility]) == {credential.user_id: ["Mobilité"]}


async def test_a_refused_request_can_be_made_again(db: None) -> None:
    credential = await _requested()
    await decided(actor_of(await make_moderator()), await _item(credential), Decision.REJECT, "Pas assez de preuves.")
    await credential.refresh_from_db()
    assert credential.status is CredentialStatus.REFUSED
    notice = await Notification.get(user_id=credential.user_id, kind=NotificationKind.CREDENTIAL_REFUSED)
    assert "Pas assez de preuves." in notice.message
    again = await request_credential(actor_of(await credential.user), credential.theme_id, EVIDENCE + " Diplôme joint.")
    assert again.status is CredentialStatus.REQUESTED


async def test_nobody_decides_their_own_request(db: None) -> None:
    moderator = await make_moderator()
    credential = await request_credential(actor_of(moderator), (await theme("mobilite")).id, EVIDENCE)
    with pytest.raises(ColabError) as refused:
        await claim(actor_of(moderator), (await _item(credential)).id)
    assert refused.value.code is ErrorCode.SELF_REVIEW


async def test_one_pending_request_per_theme_and_none_while_granted(db: None) -> None:
    credential = await _requested()
    user = actor_of(await credential.user)
    with pytest.raises(ColabError) as pending:
        await request_credential(user, credential.theme_id, EVIDENCE)
    assert pending.value.code is ErrorCode.CREDENTIAL_PENDING
    await decided(actor_of(await make_moderator()), await _item(credential), Decision.ADMIT)
    with pytest.raises(ColabError) as granted:
        await request_credential(user, credential.theme_id, EVIDENCE)
    assert granted.value.code is ErrorCode.ALREADY_EXPERT


@pytest.mark.parametrize(
    ("evidence", "url", "code", "field"),
    [
        ("Trop court", "", ErrorCode.TOO_SHORT, "evidence"),
        ("", "", ErrorCode.REQUIRED, "evidence"),
        (EVIDENCE, "javascript:alert(1)", ErrorCode.INVALID_URL, "evidenceUrl"),
    ],
)
async def test_the_request_is_checked(db: None, evidence: str, url: str, code: ErrorCode, field: str) -> None:
    user = await make_user()
    with pytest.raises(ColabError) as refused:
        await request_credential(actor_of(user), (await theme("mobilite")).id, evidence, url)
    assert (refused.value.code, refused.value.field) == (code, field)


async def test_an_unknown_theme_and_anonymous_are_refused(db: None) -> None:
    user = await make_user()
    with pytest.raises(ColabError) as unknown:
        await request_credential(actor_of(user), 999_999, EVIDENCE)
    assert unknown.value.code is ErrorCode.UNKNOWN_THEME
    with pytest.raises(ColabError) as anonymous:
        await request_credential(ANONYMOUS, 1, EVIDENCE)
    assert anonymous.value.code is ErrorCode.UNAUTHENTICATED


async def test_an_expired_credential_shows_nothing_and_a_moderator_sets_the_expiry(db: None) -> None:
    credential = await _requested()
    moderator = actor_of(await make_moderator())
    await decided(moderator, await _item(credential), Decision.ADMIT)
    await set_credential_expiry(moderator, credential.id, utcnow() - timedelta(minutes=1))
    assert await expertise_labels([credential.user_id], [credential.theme_id]) == {}
    with pytest.raises(ColabError) as citizen:
        await set_credential_expiry(actor_of(await make_user()), credential.id, utcnow())
    assert citizen.value.code is ErrorCode.FORBIDDEN
    assert [c.id for c in await credentials_of(credential.user_id)] == [credential.id]


async def test_a_label_only_for_the_themes_asked(db: None) -> None:
    credential = await _requested()
    await decided(actor_of(await make_moderator()), await _item(credential), Decision.ADMIT)
    other = (await theme("energie")).id
    assert await expertise_labels([credential.user_id], [other]) == {}
