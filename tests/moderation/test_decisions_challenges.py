"""Challenges of unverified organizations go through the queue like ideas."""

import pytest

from colab.actors import ANONYMOUS
from colab.challenges.models import ChallengeStatus
from colab.challenges.service import ChallengeDraft, can_see, close_challenge, update_challenge
from colab.errors import ColabError, ErrorCode
from colab.notifications.models import Notification, NotificationKind
from colab.organizations.models import MembershipRole
from moderation.decisions import decide_review
from moderation.models import Decision, ReasonCode, ReviewItem, ReviewStatus
from moderation.queue import QueueFilter, claim_next
from tests.conftest import actor_of, make_challenge, make_org, make_user
from tests.ideas.factories import make_moderator


async def _pending():  # type: ignore[no-untyped-def]
    manager = await make_user()
    org = await make_org(verified=False, members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org, author=manager)
    assert challenge.status is ChallengeStatus.PENDING_REVIEW
    return manager, challenge


async def test_a_challenge_of_an_unverified_organization_becomes_a_review_item(db: None) -> None:
    manager, challenge = await _pending()
    item = await ReviewItem.get(kind="CHALLENGE", subject_id=challenge.id)
    assert (item.status, item.author_id, item.title) == (ReviewStatus.PENDING, manager.id, challenge.title)


async def test_a_verified_organization_publishes_without_review(db: None) -> None:
    challenge = await make_challenge()
    assert challenge.status is ChallengeStatus.PUBLISHED
    assert not await ReviewItem.filter(kind="CHALLENGE").exists()


async def test_admitting_publishes_the_challenge_and_tells_its_author(db: None) -> None:
    manager, challenge = await _pending()
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator, QueueFilter(kind="CHALLENGE"))
    assert item is not None and item.subject_id == challenge.id
    await decide_review(moderator, item.id, Decision.ADMIT)
    await challenge.refresh_from_db()
    assert challenge.status is ChallengeStatus.PUBLISHED and challenge.published_at is not None
    assert await can_see(ANONYMOUS, challenge)
    notice = await Notification.get(user_id=manager.id)
    assert (notice.kind, notice.subject_type, notice.subject_id) == (
        NotificationKind.CHALLENGE_PUBLISHED,
        "challenge",
        challenge.id,
    )


async def test_a_change_request_then_an_edit_sends_the_challenge_back_to_review(db: None) -> None:
    manager, challenge = await _pending()
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None
    await decide_review(moderator, item.id, Decision.REQUEST_CHANGES, ReasonCode.INCOMPLETE, "Précisez le budget.")
    await challenge.refresh_from_db()
    assert challenge.status is ChallengeStatus.CHANGES_REQUESTED and not await can_see(ANONYMOUS, challenge)
    edited = await update_challenge(
        actor_of(manager), challenge.id, ChallengeDraft(summary="Un budget de 20 000 euros est prévu.")
    )
    assert edited.status is ChallengeStatus.PENDING_REVIEW
    assert await ReviewItem.filter(kind="CHALLENGE", subject_id=challenge.id, status=ReviewStatus.PENDING).count() == 1


async def test_a_rejected_challenge_stays_hidden_and_frozen(db: None) -> None:
    manager, challenge = await _pending()
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None
    await decide_review(moderator, item.id, Decision.REJECT, ReasonCode.ADVERTISING, "C'est une publicité.")
    await challenge.refresh_from_db()
    assert challenge.status is ChallengeStatus.REJECTED and not await can_see(ANONYMOUS, challenge)
    with pytest.raises(ColabError) as refused:
        await update_challenge(actor_of(manager), challenge.id, ChallengeDraft(title="Un autre titre de défi"))
    assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION
    message = await Notification.get(user_id=manager.id).values_list("message", flat=True)
    assert message == "Motif : Publicité. C'est une publicité."


async def test_a_challenge_under_review_cannot_be_closed_into_public_view(db: None) -> None:
    manager, challenge = await _pending()
    with pytest.raises(ColabError) as refused:
        await close_challenge(actor_of(manager), challenge.id)
    assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION
    await challenge.refresh_from_db()
    assert challenge.status is ChallengeStatus.PENDING_REVIEW
