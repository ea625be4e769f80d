"""Self-review follows the subject: no one acting for the organization behind it decides it, whoever edited last."""

import pytest

from colab.challenges.service import ChallengeDraft, update_challenge
from colab.errors import ColabError, ErrorCode
from colab.organizations.models import Membership, MembershipRole
from colab.validation import utcnow
from moderation.decisions import decide_review
from moderation.models import Decision, ReasonCode, ReviewItem, ReviewStatus
from moderation.queue import LEASE, claim, claim_next
from tests.conftest import actor_of, make_challenge, make_org, make_user
from tests.ideas.factories import make_moderator


async def _co_managed():  # type: ignore[no-untyped-def]
    """An unverified organization managed by a moderator and a co-manager."""
    moderator, co_manager = await make_moderator(), await make_user()
    managers = {moderator: MembershipRole.MANAGER, co_manager: MembershipRole.MANAGER}
    org = await make_org(verified=False, members=managers)
    return moderator, co_manager, org


async def test_a_moderator_cannot_claim_a_co_managers_challenge(db: None) -> None:
    moderator, co_manager, org = await _co_managed()
    challenge = await make_challenge(org=org, author=co_manager)
    item = await ReviewItem.get(kind="CHALLENGE", subject_id=challenge.id)
    with pytest.raises(ColabError) as refused:
        await claim(actor_of(moderator), item.id)
    assert refused.value.code is ErrorCode.SELF_REVIEW
    assert await claim_next(actor_of(moderator)) is None


async def test_a_moderator_cannot_decide_a_co_managers_challenge_even_holding_it(db: None) -> None:
    moderator, co_manager, org = await _co_managed()
    challenge = await make_challenge(org=org, author=co_manager)
    item = await ReviewItem.get(kind="CHALLENGE", subject_id=challenge.id)
    # a lease taken by writing the row directly (the way a claim before this rule would have left it)
    await ReviewItem.filter(id=item.id).update(claimed_by_id=moderator.id, lease_expires_at=utcnow() + LEASE)
    with pytest.raises(ColabError) as refused:
        await decide_review(actor_of(moderator), item.id, Decision.ADMIT)
    assert refused.value.code is ErrorCode.SELF_REVIEW
    assert (await ReviewItem.get(id=item.id)).status is ReviewStatus.PENDING


async def test_a_co_managers_edit_does_not_let_the_author_publish_their_own_challenge(db: None) -> None:
    moderator, co_manager, org = await _co_managed()
    challenge = await make_challenge(org=org, author=moderator)
    other = actor_of(await make_moderator("Modérateur Lambert"))
    first = await claim_next(other)
    assert first is not None and first.subject_id == challenge.id
    await decide_review(other, first.id, Decision.REQUEST_CHANGES, ReasonCode.INCOMPLETE, "Précisez le budget.")
    await update_challenge(actor_of(co_manager), challenge.id, ChallengeDraft(summary="Un budget de 20 000 euros."))
    again = await ReviewItem.filter(kind="CHALLENGE", subject_id=challenge.id, status=ReviewStatus.PENDING).get()
    assert again.author_id == co_manager.id  # the editor sent it back
    assert await claim_next(actor_of(moderator)) is None
    with pytest.raises(ColabError) as refused:
        await claim(actor_of(moderator), again.id)
    assert refused.value.code is ErrorCode.SELF_REVIEW


async def test_a_moderator_who_joins_the_organization_later_is_refused_too(db: None) -> None:
    author = await make_user()
    org = await make_org(verified=False, members={author: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org, author=author)
    item = await ReviewItem.get(kind="CHALLENGE", subject_id=challenge.id)
    moderator = await make_moderator()
    await Membership.create(organization=org, user=moderator, role=MembershipRole.MEMBER)
    with pytest.raises(ColabError) as refused:
        await claim(actor_of(moderator), item.id)
    assert refused.value.code is ErrorCode.SELF_REVIEW


async def test_another_moderator_still_decides_the_organizations_challenge(db: None) -> None:
    moderator, co_manager, org = await _co_managed()
    challenge = await make_challenge(org=org, author=co_manager)
    other = actor_of(await make_moderator("Modérateur Lambert"))
    item = await claim_next(other)
    assert item is not None and item.subject_id == challenge.id
    decided = await decide_review(other, item.id, Decision.ADMIT)
    assert decided.status is ReviewStatus.DECIDED
