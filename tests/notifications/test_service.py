"""Notifications: the author on every decision, the organization on each admitted answer; read marks."""

import pytest

from colab.actors import ANONYMOUS
from colab.errors import ColabError, ErrorCode
from colab.events.models import Event
from colab.notifications.models import NotificationKind
from colab.notifications.service import list_notifications, mark_read, notify, unread_count
from colab.organizations.models import MembershipRole
from colab.projects.models import Project
from moderation.decisions import decide_review
from moderation.models import Decision, ReasonCode
from moderation.queue import claim_next
from tests.conftest import actor_of, make_challenge, make_org, make_user
from tests.ideas.factories import make_moderator, submitted_idea


async def _decide(decision: Decision, reason: ReasonCode | None = None, message: str = "") -> None:
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None
    await decide_review(moderator, item.id, decision, reason, message)


@pytest.mark.parametrize(
    ("decision", "reason", "kind", "message"),
    [
        (Decision.ADMIT, None, NotificationKind.IDEA_ADMITTED, "Bravo, belle idée."),
        (
            Decision.REQUEST_CHANGES,
            ReasonCode.INCOMPLETE,
            NotificationKind.IDEA_CHANGES_REQUESTED,
            "Motif : Incomplet. Bravo, belle idée.",
        ),
        (Decision.REJECT, ReasonCode.DUPLICATE, NotificationKind.IDEA_REJECTED, "Motif : Doublon. Bravo, belle idée."),
    ],
)
async def test_the_author_is_told_every_decision_with_the_message(
    db: None, decision: Decision, reason: ReasonCode | None, kind: NotificationKind, message: str
) -> None:
    author = await make_user()
    idea = await submitted_idea(author)
    await _decide(decision, reason, "Bravo, belle idée.")
    notices, total = await list_notifications(actor_of(author))
    assert total == 1
    assert (notices[0].kind, notices[0].message) == (kind, message)
    project = await Project.get_or_none(idea_id=idea.id)
    subject = ("project", project.id) if project else ("idea", idea.id)
    assert (notices[0].subject_type, notices[0].subject_id) == subject
    assert idea.title in notices[0].title
    # an admission is told when the project opens (ProjectOpened), a refusal by the idea's own event
    event = await Event.get(id=notices[0].event_id)
    assert (event.subject_type, event.subject_id) == subject


async def test_the_organization_hears_of_each_admitted_answer(db: None) -> None:
    manager, member, outsider = await make_user(), await make_user(), await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER, member: MembershipRole.MEMBER})
    challenge = await make_challenge(org=org, author=manager)
    idea = await submitted_idea(challenge=challenge)
    await _decide(Decision.ADMIT)
    project = await Project.get(idea_id=idea.id)
    for user in (manager, member):
        notices, _ = await list_notifications(actor_of(user))
        assert [n.kind for n in notices] == [NotificationKind.ANSWER_ADMITTED]
        assert notices[0].title == f"Nouvelle idée admise pour votre défi « {challenge.title} » : « {idea.title} »."
        assert (notices[0].subject_type, notices[0].subject_id) == ("project", project.id)
    assert await unread_count(outsider.id) == 0


async def test_a_rejection_does_not_reach_the_organization(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    await submitted_idea(challenge=await make_challenge(org=org, author=manager))
    await _decide(Decision.REJECT, ReasonCode.OFF_TOPIC, "Hors sujet.")
    assert await unread_count(manager.id) == 0


async def test_marking_read_lowers_the_unread_count_of_its_owner_only(db: None) -> None:
    author = await make_user()
    await submitted_idea(author)
    await _decide(Decision.REQUEST_CHANGES, ReasonCode.INCOMPLETE, "Ajoutez un budget.")
    await submitted_idea(author, title="Une deuxième idée, différente")
    await _decide(Decision.REJECT, ReasonCode.OTHER, "Non.")
    assert await unread_count(author.id) == 2
    notices, _ = await list_notifications(actor_of(author), unread_only=True)
    stranger = actor_of(await make_user())
    assert await mark_read(stranger, [notices[0].id]) == 0
    assert await mark_read(actor_of(author), [notices[0].id]) == 1
    assert await unread_count(author.id) == 1
    assert await mark_read(actor_of(author)) == 1
    assert await unread_count(author.id) == 0
    _, unread = await list_notifications(actor_of(author), unread_only=True)
    assert unread == 0


async def test_anonymous_people_have_no_notifications(db: None) -> None:
    with pytest.raises(ColabError) as refused:
        await list_notifications(ANONYMOUS)
    assert refused.value.code is ErrorCode.UNAUTHENTICATED


async def test_a_verified_organization_publishing_tells_nobody(db: None) -> None:
    manager = await make_user()
    await make_challenge(org=await make_org(members={manager: MembershipRole.MANAGER}), author=manager)
    assert await unread_count(manager.id) == 0


async def test_a_notification_tells_of_a_deleted_subject_without_failing(db: None) -> None:
    user = await make_user()
    await notify([user.id], NotificationKind.IDEA_REJECTED, "idea", 2**31 - 1)
    notices, _ = await list_notifications(actor_of(user))
    assert notices[0].title == "Votre idée « (supprimé) » n'a pas été admise."
