"""The queue under concurrency (PostgreSQL): one holder per item, one decision, one expiry record."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from tortoise import connections

from colab.errors import ColabError, ErrorCode
from colab.ideas.models import IdeaStatus
from colab.ideas.service import submit_idea, withdraw_idea
from colab.projects.models import Project
from colab.validation import utcnow
from moderation.decisions import decide_review
from moderation.models import Decision, LogAction, ModerationLogEntry, ReviewItem, ReviewStatus
from moderation.queue import claim_next
from tests.conftest import actor_of, make_user
from tests.ideas.factories import make_idea, make_moderator, submitted_idea

pytestmark = pytest.mark.postgres


async def test_twenty_moderators_claiming_ten_items_hold_each_once(db: None) -> None:
    ideas = [await submitted_idea(title=f"Idée numéro {i} pour la commune") for i in range(10)]
    moderators = [actor_of(await make_moderator(f"Modérateur {i}")) for i in range(20)]
    results = await asyncio.gather(*(claim_next(m) for m in moderators))
    held = [r for r in results if r is not None]
    assert len(held) == 10 and results.count(None) == 10
    assert sorted(r.subject_id for r in held) == sorted(i.id for i in ideas)
    assert len({r.claimed_by_id for r in held}) == 10
    stored = await ReviewItem.all().values_list("id", "claimed_by_id")
    assert {item_id: holder for item_id, holder in stored} == {r.id: r.claimed_by_id for r in held}
    assert await ModerationLogEntry.filter(action=LogAction.CLAIMED).count() == 10


async def test_expired_leases_are_released_and_logged_once(db: None) -> None:
    for i in range(3):
        await submitted_idea(title=f"Idée oubliée {i} du quartier")
    first = [actor_of(await make_moderator(f"Parti {i}")) for i in range(3)]
    for moderator in first:
        assert await claim_next(moderator) is not None
    await ReviewItem.all().update(lease_expires_at=utcnow() - timedelta(minutes=1))
    others = [actor_of(await make_moderator(f"Relève {i}")) for i in range(8)]
    results = await asyncio.gather(*(claim_next(m) for m in others))
    assert len([r for r in results if r is not None]) == 3
    assert await ModerationLogEntry.filter(action=LogAction.EXPIRED).count() == 3


async def test_a_submission_racing_itself_is_queued_once(db: None) -> None:
    author = await make_user()
    idea = await make_idea(author)
    results = await asyncio.gather(*(submit_idea(actor_of(author), idea.id) for _ in range(10)), return_exceptions=True)
    assert len([r for r in results if not isinstance(r, BaseException)]) == 1
    assert [r.code for r in results if isinstance(r, ColabError)] == [ErrorCode.ILLEGAL_TRANSITION] * 9
    assert await ReviewItem.filter(subject_id=idea.id).count() == 1


async def test_a_decision_racing_a_withdrawal_leaves_one_consistent_outcome(db: None) -> None:
    for round_ in range(5):
        author = await make_user()
        idea = await submitted_idea(author, title=f"Une idée disputée, manche {round_}")
        moderator = actor_of(await make_moderator(f"Arbitre {round_}"))
        item = await claim_next(moderator)
        assert item is not None and item.subject_id == idea.id
        decided, withdrawn = await asyncio.gather(
            decide_review(moderator, item.id, Decision.ADMIT),
            withdraw_idea(actor_of(author), idea.id),
            return_exceptions=True,
        )
        await idea.refresh_from_db()
        stored = await ReviewItem.get(id=item.id)
        if isinstance(decided, ReviewItem):
            assert isinstance(withdrawn, ColabError) and withdrawn.code is ErrorCode.ILLEGAL_TRANSITION
            assert (idea.status, stored.status) == (IdeaStatus.ADMITTED, ReviewStatus.DECIDED)
            assert await Project.filter(idea_id=idea.id).count() == 1
        else:
            assert isinstance(decided, ColabError) and decided.code is ErrorCode.ALREADY_DECIDED
            assert (idea.status, stored.status) == (IdeaStatus.WITHDRAWN, ReviewStatus.WITHDRAWN)
            assert not await Project.filter(idea_id=idea.id).exists()


async def test_one_moderator_claiming_five_times_at_once_holds_one_item(db: None) -> None:
    for i in range(6):
        await submitted_idea(title=f"Idée en attente numéro {i} du village")
    moderator = actor_of(await make_moderator())
    # hold the log so that the five claims meet: each has picked and leased its row, and waits to log it
    async with connections.get("default").acquire_connection() as blocker:
        await blocker.execute("BEGIN")
        await blocker.execute("LOCK TABLE moderation_log IN EXCLUSIVE MODE")
        claims = [asyncio.create_task(claim_next(moderator)) for _ in range(5)]
        await asyncio.sleep(0.3)
        await blocker.execute("COMMIT")
    results = await asyncio.gather(*claims)
    assert all(r is not None for r in results)
    assert len({r.id for r in results if r is not None}) == 1
    assert await ReviewItem.filter(claimed_by_id=moderator.user_id).count() == 1
    assert await ModerationLogEntry.filter(action=LogAction.CLAIMED).count() == 1
