"""The outbox: an event is written with its change, in the same transaction, or not at all."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from tortoise.transactions import in_transaction

from colab.events import DomainEvent, decode, event_type, publish, subscribe
from colab.events.base import _SUBSCRIBERS
from colab.events.models import Event
from colab.ideas.events import IdeaSubmitted, IdeaWithdrawn
from colab.ideas.models import Idea, IdeaStatus
from colab.ideas.service import submit_idea, withdraw_idea
from tests.conftest import actor_of, make_user
from tests.ideas.factories import make_idea, submitted_idea

pytestmark = pytest.mark.usefixtures("db")


@event_type("test.pinged", "test")
@dataclass(frozen=True, kw_only=True)
class Pinged(DomainEvent):
    words: list[str]
    loud: bool = False


async def test_publishing_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="outside a transaction"):
        await publish(Pinged(subject_id=1, words=["a"]))
    assert await Event.all().count() == 0


async def test_an_event_round_trips_through_its_outbox_row() -> None:
    async with in_transaction():
        row = await publish(Pinged(subject_id=7, actor_id=3, challenge_id=5, words=["a", "b"], loud=True))
    stored = await Event.get(id=row.id)
    assert (stored.kind, stored.subject_type, stored.subject_id, stored.public) == ("test.pinged", "test", 7, False)
    assert stored.payload == {"words": ["a", "b"], "loud": True}
    assert decode(stored) == Pinged(subject_id=7, actor_id=3, challenge_id=5, words=["a", "b"], loud=True)


async def test_a_failing_subscriber_rolls_back_the_change_and_its_event() -> None:
    author = await make_user()
    idea = await make_idea(author)

    async def broken(event: IdeaSubmitted, row: Event) -> None:
        raise RuntimeError("subscriber failed")

    subscribe(IdeaSubmitted)(broken)
    try:
        with pytest.raises(RuntimeError, match="subscriber failed"):
            await submit_idea(actor_of(author), idea.id)
    finally:
        _SUBSCRIBERS[IdeaSubmitted].remove(broken)
    assert (await Idea.get(id=idea.id)).status is IdeaStatus.DRAFT
    assert await Event.filter(kind="idea.submitted").count() == 0


async def test_submitting_and_withdrawing_an_idea_publish_their_events() -> None:
    author = await make_user()
    idea = await submitted_idea(author)
    await withdraw_idea(actor_of(author), idea.id)
    rows = await Event.filter(subject_type="idea", subject_id=idea.id).order_by("id")
    assert [decode(r) for r in rows] == [
        IdeaSubmitted(subject_id=idea.id, actor_id=author.id, title=idea.title, revision=False),
        IdeaWithdrawn(subject_id=idea.id, actor_id=author.id, title=idea.title),
    ]
    assert not any(r.public for r in rows)


async def test_an_event_kind_cannot_be_declared_twice() -> None:
    with pytest.raises(ValueError, match="declared twice"):

        @event_type("test.pinged", "test")
        @dataclass(frozen=True, kw_only=True)
        class Other(DomainEvent):
            pass
