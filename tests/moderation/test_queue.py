"""The queue: order, filters, leases (claim, renew, release, expiry) and who may decide."""

from datetime import timedelta

import pytest
from tortoise.exceptions import IntegrityError

from colab.actors import ANONYMOUS, Role
from colab.errors import ColabError, ErrorCode
from colab.validation import utcnow
from moderation.decisions import decide_review
from moderation.models import (
    Decision,
    FlagCode,
    LogAction,
    ModerationLogEntry,
    ReasonCode,
    ReviewItem,
    ReviewStatus,
)
from moderation.queue import LEASE, QueueFilter, claim, claim_next, release, renew
from moderation.records import list_queue
from tests.conftest import actor_of, make_user
from tests.ideas.factories import item_of, make_moderator, submitted_idea


async def _expire(item: ReviewItem) -> None:
    """Move a lease into the past, as if 15 minutes went by."""
    await ReviewItem.filter(id=item.id).update(lease_expires_at=utcnow() - timedelta(seconds=1))


async def test_the_queue_runs_by_priority_then_age(db: None) -> None:
    old = await submitted_idea()
    flagged = await submitted_idea(
        title="Des jardins partagés",
        summary="Des potagers collectifs sur les terrains communaux inoccupés.",
        body="<p>Visitez http://a.example http://b.example http://c.example maintenant, c'est important.</p>",
    )
    young = await submitted_idea(title="Une épicerie solidaire", summary="Des produits locaux à prix justes au centre.")
    moderator = actor_of(await make_moderator())
    items, total = await list_queue(moderator)
    # every author is new (same flag, same score); links and a short body add to one of them
    assert {f for i in items for f in await i.flags.all().values_list("code", flat=True)} == {
        FlagCode.NEW_ACCOUNT,
        FlagCode.MANY_LINKS,
        FlagCode.SHORT_BODY,
    }
    assert total == 3
    assert [i.subject_id for i in items] == [flagged.id, old.id, young.id]
    assert items[0].priority > items[1].priority


async def test_the_queue_filters_by_kind_and_flag(db: None) -> None:
    plain = await submitted_idea()
    linked = await submitted_idea(body="<p>Visitez http://a.example http://b.example http://c.example maintenant.</p>")
    moderator = actor_of(await make_moderator())
    items, _ = await list_queue(moderator, QueueFilter(flag=FlagCode.MANY_LINKS))
    assert [i.subject_id for i in items] == [linked.id]
    items, _ = await list_queue(moderator, QueueFilter(kind="CHALLENGE"))
    assert items == []
    claimed = await claim_next(moderator, QueueFilter(flag=FlagCode.MANY_LINKS))
    assert claimed is not None and claimed.subject_id == linked.id
    assert plain.id != linked.id


async def test_a_claim_holds_the_item_for_fifteen_minutes(db: None) -> None:
    await submitted_idea()
    moderator = await make_moderator()
    before = utcnow()
    item = await claim_next(actor_of(moderator))
    assert item is not None and item.claimed_by_id == moderator.id
    assert item.lease_expires_at is not None
    assert before + LEASE <= item.lease_expires_at <= utcnow() + LEASE


async def test_two_moderators_never_hold_the_same_item(db: None) -> None:
    first = await submitted_idea()
    second = await submitted_idea()
    a = await claim_next(actor_of(await make_moderator()))
    b = await claim_next(actor_of(await make_moderator()))
    c = await claim_next(actor_of(await make_moderator()))
    assert a is not None and b is not None and c is None
    assert {a.subject_id, b.subject_id} == {first.id, second.id}


async def test_a_moderator_holds_one_item_at_a_time(db: None) -> None:
    await submitted_idea()
    await submitted_idea()
    moderator = actor_of(await make_moderator())
    first = await claim_next(moderator)
    again = await claim_next(moderator)
    assert first is not None and again is not None and again.id == first.id


async def test_an_expired_lease_frees_the_item_and_is_logged(db: None) -> None:
    await submitted_idea()
    late = await make_moderator()
    item = await claim_next(actor_of(late))
    assert item is not None
    await _expire(item)
    other = await make_moderator()
    taken = await claim_next(actor_of(other))
    assert taken is not None and taken.id == item.id and taken.claimed_by_id == other.id
    actions = await ModerationLogEntry.filter(item_id=item.id).order_by("id").values_list("action", "actor_id")
    assert actions == [
        (LogAction.SUBMITTED, item.author_id),
        (LogAction.CLAIMED, late.id),
        (LogAction.EXPIRED, late.id),
        (LogAction.CLAIMED, other.id),
    ]


async def test_after_expiry_the_former_holder_can_neither_decide_nor_renew(db: None) -> None:
    await submitted_idea()
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None
    await _expire(item)
    for attempt in (
        decide_review(moderator, item.id, Decision.ADMIT),
        renew(moderator, item.id),
    ):
        with pytest.raises(ColabError) as refused:
            await attempt
        assert refused.value.code is ErrorCode.LEASE_EXPIRED


async def test_renewing_extends_a_live_lease(db: None) -> None:
    await submitted_idea()
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None and item.lease_expires_at is not None
    await ReviewItem.filter(id=item.id).update(lease_expires_at=utcnow() + timedelta(minutes=1))
    renewed = await renew(moderator, item.id)
    assert renewed.lease_expires_at is not None and renewed.lease_expires_at > utcnow() + timedelta(minutes=14)
    assert await ModerationLogEntry.filter(item_id=item.id, action=LogAction.RENEWED).count() == 1


async def test_a_released_item_goes_back_to_the_queue(db: None) -> None:
    await submitted_idea()
    first = actor_of(await make_moderator())
    item = await claim_next(first)
    assert item is not None
    released = await release(first, item.id)
    assert released.claimed_by_id is None and released.lease_expires_at is None
    second = actor_of(await make_moderator())
    again = await claim_next(second)
    assert again is not None and again.id == item.id


async def test_only_the_holder_renews_releases_or_decides(db: None) -> None:
    await submitted_idea()
    holder = actor_of(await make_moderator())
    item = await claim_next(holder)
    assert item is not None
    other = actor_of(await make_moderator())
    for attempt in (renew(other, item.id), release(other, item.id), decide_review(other, item.id, Decision.ADMIT)):
        with pytest.raises(ColabError) as refused:
            await attempt
        assert refused.value.code is ErrorCode.NOT_CLAIMED


async def test_an_item_is_decided_once(db: None) -> None:
    await submitted_idea()
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None
    await decide_review(moderator, item.id, Decision.ADMIT)
    with pytest.raises(ColabError) as refused:
        await decide_review(moderator, item.id, Decision.REJECT, ReasonCode.OTHER, "Non.")
    assert refused.value.code is ErrorCode.ALREADY_DECIDED


async def test_a_moderator_never_reviews_their_own_submission(db: None) -> None:
    moderator = await make_moderator()
    own = await submitted_idea(moderator)
    assert await claim_next(actor_of(moderator)) is None  # the queue skips their own items
    item = await item_of(own)
    await ReviewItem.filter(id=item.id).update(claimed_by_id=moderator.id, lease_expires_at=utcnow() + LEASE)
    with pytest.raises(ColabError) as refused:
        await decide_review(actor_of(moderator), item.id, Decision.ADMIT)
    assert refused.value.code is ErrorCode.SELF_REVIEW
    assert (await ReviewItem.get(id=item.id)).status is ReviewStatus.PENDING


@pytest.mark.parametrize(
    ("decision", "reason", "message", "code", "field"),
    [
        (Decision.REJECT, None, "Hors sujet.", ErrorCode.REASON_REQUIRED, "reason"),
        (Decision.REQUEST_CHANGES, ReasonCode.INCOMPLETE, "  ", ErrorCode.MESSAGE_REQUIRED, "message"),
        (Decision.ADMIT, ReasonCode.OTHER, "", ErrorCode.INVALID, "reason"),
        (Decision.REJECT, ReasonCode.OTHER, "x" * 2001, ErrorCode.TOO_LONG, "message"),
    ],
)
async def test_a_decision_needs_a_reason_and_a_message(
    db: None, decision: Decision, reason: ReasonCode | None, message: str, code: ErrorCode, field: str
) -> None:
    await submitted_idea()
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None
    with pytest.raises(ColabError) as refused:
        await decide_review(moderator, item.id, decision, reason, message)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert (await ReviewItem.get(id=item.id)).status is ReviewStatus.PENDING


@pytest.mark.parametrize("role", [None, Role.CITIZEN])
async def test_the_queue_is_for_moderators_only(db: None, role: Role | None) -> None:
    idea = await submitted_idea()
    actor = ANONYMOUS if role is None else actor_of(await make_user(role))
    expected = ErrorCode.UNAUTHENTICATED if role is None else ErrorCode.FORBIDDEN
    item = await item_of(idea)
    for attempt in (
        list_queue(actor),
        claim_next(actor),
        renew(actor, item.id),
        release(actor, item.id),
        decide_review(actor, item.id, Decision.ADMIT),
    ):
        with pytest.raises(ColabError) as refused:
            await attempt
        assert refused.value.code is expected


async def test_admins_work_the_queue_too(db: None) -> None:
    idea = await submitted_idea()
    admin = actor_of(await make_user(Role.ADMIN))
    item = await claim_next(admin)
    assert item is not None and item.subject_id == idea.id
    decided = await decide_review(admin, item.id, Decision.ADMIT)
    assert decided.status is ReviewStatus.DECIDED and decided.decided_by_id == admin.user_id


async def test_a_moderator_claims_a_chosen_item_and_gives_back_the_one_held(db: None) -> None:
    await submitted_idea(title="Une première idée du quartier")
    chosen = await submitted_idea(
        title="Des bancs publics", summary="Plus de bancs pour les aînés le long de la Meuse."
    )
    moderator = actor_of(await make_moderator())
    first = await claim_next(moderator)
    assert first is not None and first.subject_id != chosen.id
    item = await item_of(chosen)
    taken = await claim(moderator, item.id)
    assert taken.claimed_by_id == moderator.user_id
    assert (await ReviewItem.get(id=first.id)).claimed_by_id is None
    with pytest.raises(ColabError) as refused:
        await claim(actor_of(await make_moderator()), item.id)
    assert refused.value.code is ErrorCode.ALREADY_CLAIMED


async def test_the_database_refuses_a_second_pending_item_for_one_holder(db: None) -> None:
    first, second = await submitted_idea(title="Une première idée"), await submitted_idea(title="Une seconde idée")
    moderator = actor_of(await make_moderator())
    held = await claim_next(moderator)
    assert held is not None
    other = await item_of(second if held.subject_id == first.id else first)
    with pytest.raises(IntegrityError):
        await ReviewItem.filter(id=other.id).update(claimed_by_id=moderator.user_id, lease_expires_at=utcnow())
    # a decided item keeps its holder's name without counting
    await decide_review(moderator, held.id, Decision.ADMIT)
    assert (await claim_next(moderator)).id == other.id  # type: ignore[union-attr]
