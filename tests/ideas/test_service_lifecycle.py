"""The idea state machine: every legal transition, and every illegal one refused with ILLEGAL_TRANSITION."""

from datetime import timedelta

import pytest

from colab.actors import ANONYMOUS
from colab.challenges.models import Challenge
from colab.errors import ColabError, ErrorCode
from colab.ideas.models import IDEA_STATUS_LABELS, IdeaStatus
from colab.ideas.service import IdeaDraft, get_idea, submit_idea, update_idea, withdraw_idea
from moderation.decisions import decide_review
from moderation.models import Decision, ReasonCode, ReviewItem, ReviewStatus
from moderation.queue import claim_next
from tests.conftest import actor_of, make_challenge, make_user
from tests.ideas.factories import item_of, make_idea, make_moderator, submitted_idea


async def _decide(idea_id: int, decision: Decision) -> None:
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None and item.subject_id == idea_id
    reason = None if decision is Decision.ADMIT else ReasonCode.INCOMPLETE
    await decide_review(moderator, item.id, decision, reason, "Précisez le budget, s'il vous plaît.")


async def test_a_proposed_idea_is_a_draft_of_its_author(db: None) -> None:
    author = await make_user()
    idea = await make_idea(author)
    assert idea.status is IdeaStatus.DRAFT and idea.author_id == author.id
    assert await ReviewItem.filter(subject_id=idea.id).count() == 0


async def test_submitting_a_draft_queues_it(db: None) -> None:
    author = await make_user()
    idea = await make_idea(author)
    submitted = await submit_idea(actor_of(author), idea.id)
    assert submitted.status is IdeaStatus.SUBMITTED and submitted.submitted_at is not None
    item = await item_of(idea)
    assert item.status is ReviewStatus.PENDING and item.author_id == author.id and item.title == idea.title


@pytest.mark.parametrize(
    ("decision", "status"),
    [
        (Decision.ADMIT, IdeaStatus.ADMITTED),
        (Decision.REQUEST_CHANGES, IdeaStatus.CHANGES_REQUESTED),
        (Decision.REJECT, IdeaStatus.REJECTED),
    ],
)
async def test_a_decision_moves_a_submitted_idea(db: None, decision: Decision, status: IdeaStatus) -> None:
    idea = await submitted_idea()
    await _decide(idea.id, decision)
    await idea.refresh_from_db()
    assert idea.status is status and idea.decided_at is not None


async def test_after_a_change_request_the_author_revises_and_resubmits(db: None) -> None:
    author = await make_user()
    idea = await submitted_idea(author)
    await _decide(idea.id, Decision.REQUEST_CHANGES)
    revised = await update_idea(
        actor_of(author), idea.id, IdeaDraft(summary="Un atelier mobile chiffré à 4 000 euros par an.")
    )
    assert (
        revised.summary == "Un atelier mobile chiffré à 4 000 euros par an."
        and revised.status is IdeaStatus.CHANGES_REQUESTED
    )
    resubmitted = await submit_idea(actor_of(author), idea.id)
    assert resubmitted.status is IdeaStatus.SUBMITTED
    assert await ReviewItem.filter(subject_id=idea.id).count() == 2  # one item per round
    await _decide(idea.id, Decision.ADMIT)
    await idea.refresh_from_db()
    assert idea.status is IdeaStatus.ADMITTED


@pytest.mark.parametrize("start", [IdeaStatus.DRAFT, IdeaStatus.SUBMITTED, IdeaStatus.CHANGES_REQUESTED])
async def test_the_author_withdraws_an_undecided_idea(db: None, start: IdeaStatus) -> None:
    author = await make_user()
    idea = await make_idea(author)
    if start is not IdeaStatus.DRAFT:
        await submit_idea(actor_of(author), idea.id)
    if start is IdeaStatus.CHANGES_REQUESTED:
        await _decide(idea.id, Decision.REQUEST_CHANGES)
    withdrawn = await withdraw_idea(actor_of(author), idea.id)
    assert withdrawn.status is IdeaStatus.WITHDRAWN
    assert not await ReviewItem.filter(subject_id=idea.id, status=ReviewStatus.PENDING).exists()


async def _in_state(status: IdeaStatus):  # type: ignore[no-untyped-def]
    author = await make_user()
    idea = await make_idea(author)
    if status is IdeaStatus.WITHDRAWN:
        await withdraw_idea(actor_of(author), idea.id)
    elif status is not IdeaStatus.DRAFT:
        await submit_idea(actor_of(author), idea.id)
        decision = {
            IdeaStatus.ADMITTED: Decision.ADMIT,
            IdeaStatus.REJECTED: Decision.REJECT,
            IdeaStatus.CHANGES_REQUESTED: Decision.REQUEST_CHANGES,
        }.get(status)
        if decision is not None:
            await _decide(idea.id, decision)
    await idea.refresh_from_db()
    assert idea.status is status
    return author, idea


ILLEGAL = [
    ("submit", IdeaStatus.SUBMITTED),
    ("submit", IdeaStatus.ADMITTED),
    ("submit", IdeaStatus.REJECTED),
    ("submit", IdeaStatus.WITHDRAWN),
    ("update", IdeaStatus.SUBMITTED),
    ("update", IdeaStatus.ADMITTED),
    ("update", IdeaStatus.REJECTED),
    ("update", IdeaStatus.WITHDRAWN),
    ("withdraw", IdeaStatus.ADMITTED),
    ("withdraw", IdeaStatus.REJECTED),
    ("withdraw", IdeaStatus.WITHDRAWN),
]


@pytest.mark.parametrize(("action", "status"), ILLEGAL)
async def test_illegal_transitions_are_refused(db: None, action: str, status: IdeaStatus) -> None:
    author, idea = await _in_state(status)
    actor = actor_of(author)
    with pytest.raises(ColabError) as refused:
        if action == "submit":
            await submit_idea(actor, idea.id)
        elif action == "update":
            await update_idea(actor, idea.id, IdeaDraft(title="Un nouveau titre"))
        else:
            await withdraw_idea(actor, idea.id)
    assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION
    assert f"dans l'état « {IDEA_STATUS_LABELS[status]} »" in refused.value.message  # French, not the code
    await idea.refresh_from_db()
    assert idea.status is status


async def test_a_decision_on_an_idea_no_longer_submitted_is_refused(db: None) -> None:
    author = await make_user()
    idea = await submitted_idea(author)
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None
    await withdraw_idea(actor_of(author), idea.id)
    with pytest.raises(ColabError) as refused:
        await decide_review(moderator, item.id, Decision.ADMIT)
    assert refused.value.code is ErrorCode.ALREADY_DECIDED
    await idea.refresh_from_db()
    assert idea.status is IdeaStatus.WITHDRAWN


async def test_only_the_author_acts_on_an_idea(db: None) -> None:
    author = await make_user()
    idea = await make_idea(author)
    stranger = actor_of(await make_user())
    for action in (submit_idea, withdraw_idea):
        with pytest.raises(ColabError) as refused:
            await action(stranger, idea.id)
        assert refused.value.code is ErrorCode.NOT_FOUND  # someone else's draft does not exist for them
    with pytest.raises(ColabError) as refused:
        await submit_idea(ANONYMOUS, idea.id)
    assert refused.value.code is ErrorCode.UNAUTHENTICATED


async def test_others_see_a_submitted_idea_only_once_admitted(db: None) -> None:
    author = await make_user()
    idea = await submitted_idea(author)
    stranger = actor_of(await make_user())
    for viewer in (ANONYMOUS, stranger):
        with pytest.raises(ColabError) as hidden:
            await get_idea(viewer, idea.id)
        assert hidden.value.code is ErrorCode.NOT_FOUND
    assert (await get_idea(actor_of(author), idea.id)).id == idea.id
    assert (await get_idea(actor_of(await make_moderator()), idea.id)).id == idea.id
    await _decide(idea.id, Decision.ADMIT)
    assert (await get_idea(ANONYMOUS, idea.id)).status is IdeaStatus.ADMITTED


async def test_an_idea_answers_only_a_challenge_that_takes_ideas(db: None) -> None:
    challenge = await make_challenge()
    await Challenge.filter(id=challenge.id).update(ideas_open_until=challenge.created_at - timedelta(days=1))
    with pytest.raises(ColabError) as refused:
        await make_idea(challenge=challenge)
    assert refused.value.code is ErrorCode.NOT_ACCEPTING_IDEAS and refused.value.field == "challengeId"


async def test_a_draft_is_not_submitted_once_its_challenge_window_closed(db: None) -> None:
    author = await make_user()
    challenge = await make_challenge()
    idea = await make_idea(author, challenge)
    await Challenge.filter(id=challenge.id).update(ideas_open_until=challenge.created_at - timedelta(days=1))
    with pytest.raises(ColabError) as refused:
        await submit_idea(actor_of(author), idea.id)
    assert refused.value.code is ErrorCode.NOT_ACCEPTING_IDEAS
    await idea.refresh_from_db()
    assert idea.status is IdeaStatus.DRAFT


async def test_a_revision_asked_for_may_come_after_the_window(db: None) -> None:
    author = await make_user()
    challenge = await make_challenge()
    idea = await submitted_idea(author, challenge)
    await _decide(idea.id, Decision.REQUEST_CHANGES)
    await Challenge.filter(id=challenge.id).update(ideas_open_until=challenge.created_at - timedelta(days=1))
    assert (await submit_idea(actor_of(author), idea.id)).status is IdeaStatus.SUBMITTED


async def test_an_answer_takes_its_challenge_territory_unless_told(db: None) -> None:
    challenge = await make_challenge()
    idea = await make_idea(challenge=challenge, territory_id=None)
    assert idea.territory_id == challenge.territory_id and idea.challenge_id == challenge.id
