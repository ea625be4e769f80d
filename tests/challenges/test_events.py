"""A challenge's life as events: submitted for review, published, closed (public ones feed the activity pages)."""

from __future__ import annotations

from colab.challenges.events import ChallengeClosed, ChallengePublished, ChallengeSubmitted
from colab.challenges.service import close_challenge
from colab.events import decode
from colab.events.models import Event
from colab.organizations.models import MembershipRole
from tests.conftest import actor_of, make_challenge, make_org, make_user


async def _events(challenge_id: int) -> list[object]:
    return [decode(e) for e in await Event.filter(subject_type="challenge", subject_id=challenge_id).order_by("id")]


async def test_a_verified_organization_publishes_then_closes(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org, author=manager)
    await close_challenge(actor_of(manager), challenge.id)
    facts = {"subject_id": challenge.id, "actor_id": manager.id, "challenge_id": challenge.id}
    assert await _events(challenge.id) == [
        ChallengePublished(**facts, title=challenge.title, organization_id=org.id, author_id=manager.id),
        ChallengeClosed(**facts, title=challenge.title, organization_id=org.id),
    ]
    assert await Event.filter(challenge_id=challenge.id, public=True).count() == 2


async def test_an_unverified_organization_submits_privately(db: None) -> None:
    author = await make_user()
    org = await make_org(verified=False, members={author: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org, author=author)
    assert await _events(challenge.id) == [
        ChallengeSubmitted(
            subject_id=challenge.id,
            actor_id=author.id,
            challenge_id=challenge.id,
            title=challenge.title,
            organization_id=org.id,
        )
    ]
    assert not await Event.filter(public=True).exists()
